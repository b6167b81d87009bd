"""metrics: accuracy, precision, recall, specificity and F1 of a sequence classifier.

The snippet holds a confusion matrix ``cm[actual, predicted]`` as a torch tensor and computes
the metric with torch, rounding it once with ``round(..., 2)``: that rounded number is the
truth, and it is what the options show. Wrong options recompute the metric with one named
slip (precision and recall swapped, rows read as columns, the arithmetic mean for F1, ...),
exactly from the counts, rounded the same way.

Draws keep the asked value away from a rounding tie (x.xx5), where torch's float32 and exact
arithmetic could round differently, so the rounded number is the same however it is computed.

Hard draws are either a 3-class matrix (per-class or macro-averaged recall or precision) or
the accuracy paradox: rare positives, high accuracy, low recall; which metric shows it?
"""

from __future__ import annotations

import math
from fractions import Fraction

from dataclasses import dataclass

from ..model import Candidate
from .base import Explanation, Family

BINARY_METRICS = {
    "easy": ("accuracy", "precision", "recall"),
    "slices": ("accuracy", "precision", "recall", "specificity"),
}
KINDS = {"counts": "easy", "slices": "medium", "f1": "medium", "paradox": "hard", "multiclass": "hard"}
# Ranges of the binary counts: correct predictions outnumber mistakes, as in a usable model.
HIT_RANGE, MISS_RANGE = (5, 60), (1, 25)
CLASSES = ("walking", "running", "cycling")  # a 3-class activity classifier over sensor sequences
DIAG_RANGE, OFF_RANGE = (15, 60), (0, 12)
MULTI_TARGETS = (0, 1, 2, "macro")
TASKS = {
    "fraud": ("transaction histories", "fraudulent histories"),
    "arrhythmia": ("ECG recordings", "recordings with an arrhythmia"),
    "failure": ("machine sensor logs", "logs that end in a failure"),
    "intrusion": ("network sessions", "intrusion attempts"),
}
PARADOX_METRICS = ("accuracy", "precision", "recall", "specificity")
# Paradox draws: few positives, few of them found, few false alarms, many true negatives.
PARADOX_TP, PARADOX_FN_MAX, PARADOX_TN_MAX = (1, 15), 60, 1200
TIE_MARGIN = Fraction(1, 1000)  # in hundredths: 100·x must stay this far from k + 1/2


@dataclass(frozen=True)
class MetricsParams:
    """One draw. Binary kinds hold ``metric`` and the four counts; ``multiclass`` holds ``metric``,
    ``which`` (a class index or "macro") and the 3 × 3 matrix ``cm``; ``paradox`` holds ``task``
    and the counts. Fields a kind does not use are None and left out of the stored dict."""

    kind: str
    metric: str | None = None
    which: int | str | None = None
    cm: tuple[tuple[int, ...], ...] | None = None
    task: str | None = None
    tn: int | None = None
    fp: int | None = None
    fn: int | None = None
    tp: int | None = None

    def to_dict(self) -> dict:
        out: dict = {"kind": self.kind}
        for name in ("metric", "which"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.cm is not None:
            out["cm"] = [list(row) for row in self.cm]
        for name in ("task", "tn", "fp", "fn", "tp"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        return out

    @classmethod
    def from_dict(cls, data: dict) -> "MetricsParams":
        fields = dict(data)
        if fields.get("cm") is not None:
            fields["cm"] = tuple(tuple(row) for row in fields["cm"])
        return cls(**fields)


def round_safe(x: Fraction) -> bool:
    """True when rounding x to two decimals cannot depend on float error."""
    scaled = x * 100
    return abs(scaled - math.floor(scaled) - Fraction(1, 2)) > TIE_MARGIN


def rounded(x: Fraction) -> float:
    return round(float(x), 2)


def binary_metrics(tn: int, fp: int, fn: int, tp: int) -> dict[str, Fraction]:
    """Exact values of the metrics (and of the slips' formulas) from the four counts."""
    total = tn + fp + fn + tp
    precision, recall = Fraction(tp, tp + fp), Fraction(tp, tp + fn)
    return {
        "accuracy": Fraction(tp + tn, total),
        "precision": precision,
        "recall": recall,
        "specificity": Fraction(tn, tn + fp),
        "npv": Fraction(tn, tn + fn),
        "f1": Fraction(2 * tp, 2 * tp + fp + fn),
        "mean_pr": (precision + recall) / 2,
        "error_rate": Fraction(fp + fn, total),
        "tp_share": Fraction(tp, total),
        "tn_share": Fraction(tn, total),
        "miss_rate": Fraction(fn, tp + fn),
        "false_discovery": Fraction(fp, tp + fp),
        "false_alarm_rate": Fraction(fp, tn + fp),
        "negative_f1": Fraction(2 * tn, 2 * tn + fp + fn),
        "jaccard": Fraction(tp, tp + fp + fn),
        "accuracy_without_fn": Fraction(tp + tn, tp + tn + fp),
    }


def class_metrics(cm: list[list[int]]) -> dict:
    """Exact per-class recall and precision, their macro means and accuracy of a square matrix."""
    k = len(cm)
    rows = [sum(r) for r in cm]
    cols = [sum(cm[i][j] for i in range(k)) for j in range(k)]
    total = sum(rows)
    recall = [Fraction(cm[i][i], rows[i]) for i in range(k)]
    precision = [Fraction(cm[j][j], cols[j]) for j in range(k)]
    return {
        "recall": recall,
        "precision": precision,
        "macro_recall": sum(recall) / k,
        "macro_precision": sum(precision) / k,
        "accuracy": Fraction(sum(cm[i][i] for i in range(k)), total),
        "hit_share": [Fraction(cm[i][i], total) for i in range(k)],
    }


def _result_name(p: MetricsParams) -> str:
    if p.kind != "multiclass":
        return p.metric
    which = p.which
    return f"macro_{p.metric}" if which == "macro" else f"{CLASSES[which]}_{p.metric}"


def asked_value(p: MetricsParams) -> Fraction:
    """The exact value the snippet computes before rounding (not for paradox draws)."""
    if p.kind == "multiclass":
        m = class_metrics(p.cm)
        return m[f"macro_{p.metric}"] if p.which == "macro" else m[p.metric][p.which]
    return binary_metrics(p.tn, p.fp, p.fn, p.tp)[p.metric]


def _matrix_code(rows: list[list[int]]) -> str:
    width = max(len(str(v)) for r in rows for v in r)
    lines = ["[" + ", ".join(f"{v:>{width}}" for v in r) + "]" for r in rows]
    pad = " " * len("cm = torch.tensor([")
    return "cm = torch.tensor([" + (",\n" + pad).join(lines) + "])\n"


BINARY_FORMULA = {
    "counts": {
        "accuracy": "(tp + tn) / cm.sum()",
        "precision": "tp / (tp + fp)",
        "recall": "tp / (tp + fn)",
        "specificity": "tn / (tn + fp)",
    },
    "slices": {
        "accuracy": "cm.diag().sum() / cm.sum()",
        "precision": "cm[1, 1] / cm[:, 1].sum()",
        "recall": "cm[1, 1] / cm[1, :].sum()",
        "specificity": "cm[0, 0] / cm[0, :].sum()",
    },
}


class Metrics(Family):
    name = "metrics"
    difficulties = ("easy", "medium", "hard")
    summary = (
        "Accuracy, precision, recall, specificity and F1 computed with torch from a sequence "
        "classifier's confusion matrix; 3-class matrices and the accuracy paradox (high accuracy, "
        "low recall on rare positives) in the hard draws."
    )
    probes = tuple(dict.fromkeys(
        ("accuracy", "precision", "recall", "specificity", "f1")
        + tuple(f"{c}_{m}" for c in CLASSES for m in ("recall", "precision"))
        + ("macro_recall", "macro_precision")
    ))

    # --- drawing -----------------------------------------------------------------------------

    def sample(self, rng, difficulty):
        kinds = [k for k, d in KINDS.items() if d == difficulty]
        kind = rng.choice(kinds)
        if kind == "paradox":
            return self._sample_paradox(rng)
        while True:  # ties are rare: a few draws at most
            if kind == "multiclass":
                p = MetricsParams(kind, metric=rng.choice(("recall", "precision")),
                                  which=rng.choice(MULTI_TARGETS),
                                  cm=tuple(tuple(rng.randint(*DIAG_RANGE) if i == j else rng.randint(*OFF_RANGE)
                                                 for j in range(len(CLASSES))) for i in range(len(CLASSES))))
            else:
                metric = "f1" if kind == "f1" else rng.choice(BINARY_METRICS["easy" if kind == "counts" else "slices"])
                p = MetricsParams(kind, metric=metric,
                                  tn=rng.randint(*HIT_RANGE), fp=rng.randint(*MISS_RANGE),
                                  fn=rng.randint(*MISS_RANGE), tp=rng.randint(*HIT_RANGE))
            if round_safe(asked_value(p)):
                return p

    def _sample_paradox(self, rng) -> MetricsParams:
        while True:  # the four shown values must all be clear of a rounding tie
            tp = rng.randint(*PARADOX_TP)
            fn = rng.randint(2 * tp, PARADOX_FN_MAX)  # recall at most 1/3
            fp = rng.randint(0, tp // 3)  # precision at least 3/4: only recall is low
            tn = rng.randint(10 * (fp + fn), PARADOX_TN_MAX)  # accuracy at least 10/11
            task = rng.choice(sorted(TASKS))
            exact = binary_metrics(tn, fp, fn, tp)
            if all(round_safe(exact[m]) for m in PARADOX_METRICS):
                return MetricsParams("paradox", task=task, tn=tn, fp=fp, fn=fn, tp=tp)

    def decode(self, data):
        return MetricsParams.from_dict(data)

    def difficulty_of(self, p):
        return KINDS[p.kind]

    def capacity(self, difficulty):
        """A lower bound: the draws' supports, halved for the near-tie draws left out (far fewer)."""
        hits, misses = HIT_RANGE[1] - HIT_RANGE[0] + 1, MISS_RANGE[1] - MISS_RANGE[0] + 1
        binary = hits * hits * misses * misses
        if difficulty == "easy":
            return binary * len(BINARY_METRICS["easy"]) // 2
        if difficulty == "medium":
            return binary * (len(BINARY_METRICS["slices"]) + 1) // 2
        diag, off = DIAG_RANGE[1] - DIAG_RANGE[0] + 1, OFF_RANGE[1] - OFF_RANGE[0] + 1
        multiclass = diag ** 3 * off ** 6 * 2 * len(MULTI_TARGETS)
        paradox = sum(PARADOX_TN_MAX - 10 * (fp + fn) + 1
                      for tp in range(PARADOX_TP[0], PARADOX_TP[1] + 1)
                      for fn in range(2 * tp, PARADOX_FN_MAX + 1)
                      for fp in range(0, tp // 3 + 1)) * len(TASKS)
        return (multiclass + paradox) // 2

    # --- the question ------------------------------------------------------------------------

    def snippet(self, p):
        head = "import torch\n\n"
        if p.kind == "multiclass":
            labels = ", ".join(f"{i} = {c}" for i, c in enumerate(CLASSES))
            axis, dim = ("recall", 1) if p.metric == "recall" else ("precision", 0)
            pick_expr = f"{axis}.mean()" if p.which == "macro" else f"{axis}[{p.which}]"
            return (head + f"# A {len(CLASSES)}-class sequence classifier; cm[actual, predicted]; {labels}\n"
                    + _matrix_code(p.cm)
                    + f"{axis} = cm.diag() / cm.sum(dim={dim})\n"
                    + f"{_result_name(p)} = round({pick_expr}.item(), 2)\n")
        matrix = _matrix_code([[p.tn, p.fp], [p.fn, p.tp]])
        comment = "# cm[actual, predicted]; class 1 = positive\n"
        unpack = "tn, fp = cm[0]\nfn, tp = cm[1]\n"
        if p.kind == "paradox":
            noun = TASKS[p.task][1]
            lines = [f"{m} = round(({BINARY_FORMULA['counts'][m]}).item(), 2)\n" for m in PARADOX_METRICS]
            return head + f"# cm[actual, predicted]; class 1 = {noun}\n" + matrix + unpack + "".join(lines)
        if p.kind == "f1":
            return (head + comment + matrix + unpack
                    + "precision = tp / (tp + fp)\n"
                    + "recall = tp / (tp + fn)\n"
                    + "f1 = round((2 * precision * recall / (precision + recall)).item(), 2)\n")
        formula = BINARY_FORMULA[p.kind][p.metric]
        body = unpack if p.kind == "counts" else ""
        return head + comment + matrix + body + f"{p.metric} = round(({formula}).item(), 2)\n"

    def stem(self, p):
        if p.kind == "paradox":
            things, noun = TASKS[p.task]
            return (f"A sequence classifier reads {things} and should flag the rare {noun} (class 1). "
                    "The code below computes four metrics from its confusion matrix on a test set. "
                    "Which metric reveals that the classifier is not fit for its job?")
        if p.kind == "multiclass":
            return (f"A classifier labels sensor sequences as {', '.join(CLASSES[:-1])} or {CLASSES[-1]}; "
                    "the code below holds its confusion matrix on a test set. "
                    f"What is the value of `{_result_name(p)}`?")
        total = p.tn + p.fp + p.fn + p.tp
        return (f"A binary sequence classifier was tested on {total} sequences; the code below holds "
                f"its confusion matrix. What is the value of `{p.metric}`?")

    def truth(self, p, main):
        if p.kind == "paradox":
            # The metric that exposes the problem is the one torch finds low; if none is low, none does.
            values = {m: main.values[m] for m in PARADOX_METRICS}
            lowest = min(PARADOX_METRICS, key=lambda m: values[m])
            return lowest if values[lowest] < 0.5 else "none"
        return main.values[_result_name(p)]

    # --- wrong answers -----------------------------------------------------------------------

    def _binary_slips(self, p) -> list[tuple[Fraction, str]]:
        m = binary_metrics(p.tn, p.fp, p.fn, p.tp)
        metric, kind = p.metric, p.kind
        swap_rows = ("Reads a row as a column: cm[:, 1] is the predicted positives (a column), "
                     "cm[1, :] the actual positives (a row)." if kind == "slices"
                     else "Confuses false positives with false negatives.")
        if metric == "precision":
            return [(m["recall"], "Gives recall: precision divides by what was predicted positive, "
                                  "recall by what is actually positive."),
                    (m["recall"], swap_rows),
                    (m["accuracy"], "Gives accuracy, which counts both classes' hits."),
                    (m["tp_share"], "Divides the true positives by every sequence, not by the predicted positives."),
                    (m["false_discovery"], "Takes the share of false alarms among the predicted positives "
                                           "instead of the share of hits."),
                    (m["npv"], "Treats class 0 as the positive class: that is the precision of the negatives.")]
        if metric == "recall":
            return [(m["precision"], "Gives precision: recall divides by what is actually positive, "
                                     "precision by what was predicted positive."),
                    (m["precision"], swap_rows),
                    (m["accuracy"], "Gives accuracy, which counts both classes' hits."),
                    (m["tp_share"], "Divides the true positives by every sequence, not by the actual positives."),
                    (m["specificity"], "Computes the recall of the negative class (specificity)."),
                    (m["miss_rate"], "Takes the share of positives missed instead of the share found.")]
        if metric == "specificity":
            return [(m["npv"], "Divides by the predicted negatives (a column) instead of the actual "
                               "negatives (a row)."),
                    (m["recall"], "Computes the recall of the positive class instead of the negative one."),
                    (m["tn_share"], "Divides the true negatives by every sequence."),
                    (m["accuracy"], "Gives accuracy, which counts both classes' hits."),
                    (m["false_alarm_rate"], "Takes the share of negatives wrongly flagged (the false positive "
                                            "rate) instead of the share left alone.")]
        if metric == "accuracy":
            return [(m["error_rate"], "Counts the off-diagonal cells, the mistakes: that is the error rate."),
                    (m["tp_share"], "Counts only the true positives as correct; true negatives are correct too."),
                    (m["accuracy_without_fn"], "Leaves the false negatives out of the total."),
                    (m["precision"], "Gives precision, which looks only at the predicted positives."),
                    (m["recall"], "Gives recall, which looks only at the actual positives."),
                    (m["f1"], "Gives F1, which ignores the true negatives.")]
        # f1
        return [(m["mean_pr"], "Takes the arithmetic mean of precision and recall; F1 is their "
                               "harmonic mean, 2PR / (P + R)."),
                (m["precision"], "Stops at precision, one of the two ingredients of F1."),
                (m["recall"], "Stops at recall, one of the two ingredients of F1."),
                (m["accuracy"], "Gives accuracy, which also counts the true negatives; F1 ignores them."),
                (m["f1"] / 2, "Forgets the factor 2 in 2 · precision · recall / (precision + recall)."),
                (m["jaccard"], "Counts the true positives once in 2·tp / (2·tp + fp + fn), the count form of F1."),
                (m["negative_f1"], "Treats class 0 as the positive class: that is the F1 of the negatives.")]

    def _multiclass_slips(self, p) -> list[tuple[Fraction, str]]:
        m = class_metrics(p.cm)
        metric, which = p.metric, p.which
        other = "precision" if metric == "recall" else "recall"
        dim_slip = ("Reads dim=1 as summing down the columns; it sums along each row (the actual class), "
                    "so the code computes recall, not precision." if metric == "recall" else
                    "Reads dim=0 as summing along the rows; it sums down each column (the predicted class), "
                    "so the code computes precision, not recall.")
        if which == "macro":
            k = len(CLASSES)
            return [(m[f"macro_{other}"], dim_slip),
                    (m["accuracy"], "Gives accuracy (the micro average), which weights classes by their "
                                    "size; the macro average weights each class equally."),
                    (sum(m[metric]), "Sums the per-class values without dividing by the number of classes."),
                    (sum(m["hit_share"]) / k, "Divides each class's hits by every sequence before averaging."),
                    (1 - m[f"macro_{metric}"], "Averages the error shares (1 − " + metric + ") instead of the hit shares.")]
        out = [(m[other][which], dim_slip),
               (m["accuracy"], "Gives the overall accuracy instead of one class's value."),
               (m["hit_share"][which], "Divides the class's hits by every sequence."),
               (1 - m[metric][which], "Takes the share of errors instead of the share of hits.")]
        if which > 0:
            out.append((m[metric][which - 1], f"Counts classes from 1, reading index {which} as "
                                              f"the {['first', 'second', 'third'][which - 1]} class."))
        else:
            out.append((m[metric][len(CLASSES) - 1], "Reads index 0 from the end of the list, like -1."))
        return out

    def options(self, p, main):
        if p.kind == "paradox":
            return self._paradox_options(p, main)
        true = self.truth(p, main)
        exact = asked_value(p)
        fraction = f"{exact.numerator}/{exact.denominator} ≈ " if exact.denominator < 1000 else "≈ "
        intended = Candidate(repr(true), f"The exact value is {fraction}{float(exact):.4f}; the snippet "
                                         f"rounds it once to {true!r}.", value=true)
        slips = self._multiclass_slips(p) if p.kind == "multiclass" else self._binary_slips(p)
        wrongs = [Candidate(repr(rounded(x)), why, value=rounded(x)) for x, why in slips]
        return intended, wrongs

    def _paradox_options(self, p, main):
        noun = TASKS[p.task][1]
        v = {m: main.values[m] for m in PARADOX_METRICS}
        intended = Candidate("Recall", f"Recall is {v['recall']}: the classifier finds only a small share "
                                       f"of the {noun}, which is its whole job.", value="recall", format="text")
        wrongs = [
            Candidate("Accuracy", f"Accuracy is {v['accuracy']} only because negatives dominate the test set: "
                                  "the accuracy paradox.", value="accuracy", format="text"),
            Candidate("Precision", f"Precision is {v['precision']}: the few sequences it flags are mostly right, "
                                   "but it says nothing about the ones it misses.", value="precision", format="text"),
            Candidate("Specificity", f"Specificity is {v['specificity']}: it measures the negatives, which the "
                                     "classifier handles well.", value="specificity", format="text"),
            Candidate("None of them: with accuracy this high the classifier is fine",
                      "Trusts accuracy on imbalanced data, the accuracy paradox.", value="none", format="text"),
        ]
        return intended, wrongs

    # --- solution ------------------------------------------------------------------------------

    def explain(self, p, main, correct):
        if p.kind == "paradox":
            return self._explain_paradox(p, main)
        if p.kind == "multiclass":
            return self._explain_multiclass(p, main, correct)
        return self._explain_binary(p, main, correct)

    def _explain_binary(self, p, main, correct):
        tn, fp, fn, tp = p.tn, p.fp, p.fn, p.tp
        metric = p.metric
        read = (f"Rows are the actual class, columns the prediction: tn = {tn}, fp = {fp} (row 0), "
                f"fn = {fn}, tp = {tp} (row 1).")
        total = tn + fp + fn + tp
        arithmetic = {
            "accuracy": f"accuracy = (tp + tn) / all = ({tp} + {tn}) / {total}",
            "precision": f"precision = tp / (tp + fp) = {tp} / ({tp} + {fp})",
            "recall": f"recall = tp / (tp + fn) = {tp} / ({tp} + {fn})",
            "specificity": f"specificity = tn / (tn + fp) = {tn} / ({tn} + {fp})",
            "f1": f"precision = {tp} / {tp + fp}, recall = {tp} / {tp + fn}; "
                  f"f1 = 2 · precision · recall / (precision + recall) = 2·{tp} / (2·{tp} + {fp} + {fn})",
        }[metric]
        steps = [read]
        if p.kind == "slices":
            steps.append({
                "accuracy": "`cm.diag().sum()` adds the correct predictions of both classes; `cm.sum()` counts every sequence.",
                "precision": "`cm[1, 1]` is tp; `cm[:, 1]` is the column of sequences predicted positive, tp + fp.",
                "recall": "`cm[1, 1]` is tp; `cm[1, :]` is the row of actually positive sequences, tp + fn.",
                "specificity": "`cm[0, 0]` is tn; `cm[0, :]` is the row of actually negative sequences, tn + fp.",
            }[metric])
        steps.append(f"{arithmetic}, and `round(..., 2)` gives {correct.text}.")
        check = {
            "accuracy": "accuracy = diagonal / all",
            "precision": "precision = tp / predicted positives (a column)",
            "recall": "recall = tp / actual positives (a row)",
            "specificity": "specificity = tn / actual negatives (a row)",
            "f1": "F1 = 2·tp / (2·tp + fp + fn), between precision and recall",
        }[metric]
        hint = {
            "accuracy": "Everything on the diagonal was right.",
            "precision": "Of everything flagged positive, how much was right?",
            "recall": "Of everything actually positive, how much was found?",
            "specificity": "Of everything actually negative, how much was left alone?",
            "f1": "The harmonic mean sits closer to the smaller of precision and recall.",
        }[metric]
        return Explanation(steps=tuple(steps), quick_check=check, hint=hint)

    def _explain_multiclass(self, p, main, correct):
        cm, metric, which = p.cm, p.metric, p.which
        k = len(CLASSES)
        if metric == "recall":
            sums = [sum(r) for r in cm]
            axis = "`cm.sum(dim=1)` adds along each row: how many sequences of each actual class there are"
        else:
            sums = [sum(cm[i][j] for i in range(k)) for j in range(k)]
            axis = "`cm.sum(dim=0)` adds down each column: how many sequences were predicted as each class"
        diag = [cm[i][i] for i in range(k)]
        parts = ", ".join(f"{CLASSES[i]} {diag[i]}/{sums[i]}" for i in range(k))
        steps = [
            f"`cm.diag()` holds the correct predictions per class: {diag}.",
            f"{axis}: {sums}.",
            f"So `{metric}` per class is {parts}.",
        ]
        if which == "macro":
            steps.append(f"`.mean()` averages the {k} classes equally (the macro average), and "
                         f"`round(..., 2)` gives {correct.text}.")
        else:
            steps.append(f"Index {which} is {CLASSES[which]}: {diag[which]}/{sums[which]}, rounded to {correct.text}.")
        return Explanation(
            steps=tuple(steps),
            quick_check="recall: divide the diagonal by row sums (dim=1); precision: by column sums (dim=0)",
            hint="Rows are what a sequence is, columns what the model said.",
        )

    def _explain_paradox(self, p, main):
        v = {m: main.values[m] for m in PARADOX_METRICS}
        tn, fp, fn, tp = p.tn, p.fp, p.fn, p.tp
        noun = TASKS[p.task][1]
        return Explanation(
            steps=(
                f"Only {tp + fn} of {tn + fp + fn + tp} test sequences are {noun}: the classes are very imbalanced.",
                f"accuracy = {v['accuracy']}, precision = {v['precision']}, recall = {v['recall']}, "
                f"specificity = {v['specificity']}.",
                f"Accuracy and specificity are high because the {tn} true negatives dominate; precision "
                f"only looks at the {tp + fp} flagged sequences.",
                f"Recall = tp / (tp + fn) = {tp} / {tp + fn}: the classifier misses {fn} of the {tp + fn} "
                f"{noun}, so recall reveals the problem.",
            ),
            quick_check="rare positives: check recall, not accuracy",
            hint="Ask how many of the cases it should find it actually finds.",
        )
