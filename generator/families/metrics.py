"""metrics: accuracy, precision, recall, specificity and F1 of a sequence classifier.

The snippet holds a confusion matrix ``cm[actual, predicted]`` as a torch tensor and computes
the metric with torch, rounding it once with ``round(..., 3)``: that rounded number is the
truth, and it is what the options show. Each of the five metrics is a small class (``METRICS``)
that knows its formula, its arithmetic on the item's counts, where a student should look, and
its misconceptions: functions of the counts (precision and recall swapped, rows read as
columns, the arithmetic mean for F1, ...), computed exactly and rounded the same way. A
misconception is offered only where it gives another shown value than the truth; F1 items
never have fp == fn (precision, recall and F1 would coincide).

Draws keep the asked value away from a rounding tie (x.xxx5), where torch's float32 and exact
arithmetic could round differently, so the rounded number is the same however it is computed.

Hard draws are either a 3-class matrix (per-class or macro-averaged recall or precision) or an
imbalanced test set where accuracy looks fine: one variant misses most positives (recall shows
it), the other raises many false alarms (precision shows it). Its options are the four metrics,
each with the counts that make it up, so no two items share a key.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from fractions import Fraction

from ..model import Candidate
from .base import Explanation, Family

DECIMALS = 3
LEVEL_OF = {"counts": "easy", "slices": "medium", "f1": "medium", "paradox": "hard", "multiclass": "hard"}
# Ranges of the binary counts: from good classifiers to poor ones, so the values spread over (0, 1).
HIT_RANGE, MISS_RANGE = (5, 90), (1, 80)
# An asked value that is a simple fraction (1/2, 2/3, 4/5 ...) would come back in many items.
MIN_DENOMINATOR = 15
CLASSES = ("walking", "running", "cycling")  # a 3-class activity classifier over sensor sequences
DIAG_RANGE, OFF_RANGE = (10, 90), (0, 30)
MULTI_TARGETS = (0, 1, 2, "macro")
TASKS = {
    "fraud": ("transaction histories", "fraudulent histories", "histories"),
    "arrhythmia": ("ECG recordings", "recordings with an arrhythmia", "recordings"),
    "failure": ("machine sensor logs", "logs that end in a failure", "logs"),
    "intrusion": ("network sessions", "intrusion attempts", "sessions"),
}
PARADOX_METRICS = ("accuracy", "precision", "recall", "specificity")
ALL_METRICS = ("accuracy", "precision", "recall", "specificity", "f1")
THRESHOLDS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9)
THRESHOLD_MARGIN = Fraction(1, 100)  # no metric of a multiple item lies this close to its threshold
NUMERIC_TOLERANCE = 0.0005  # half a unit of the third decimal
PARADOX_FLAWS = ("misses", "false-alarms")
# Paradox draws: few positives; either few of them found, or many false alarms; many true negatives.
PARADOX_TP, PARADOX_FN_MAX, PARADOX_TN_MAX = (1, 15), 60, 1200
TIE_MARGIN = Fraction(1, 100)  # in thousandths: 1000·x must stay this far from k + 1/2


@dataclass(frozen=True)
class MetricsParams:
    """One draw. Binary kinds hold ``metric`` and the four counts; ``multiclass`` holds ``metric``,
    ``which`` (a class index or "macro") and the 3 × 3 matrix ``cm``; ``paradox`` holds ``task``,
    ``flaw`` and the counts. Fields a kind does not use are None and left out of the stored dict."""

    kind: str
    metric: str | None = None
    which: int | str | None = None
    cm: tuple[tuple[int, ...], ...] | None = None
    task: str | None = None
    flaw: str | None = None
    tn: int | None = None
    fp: int | None = None
    fn: int | None = None
    tp: int | None = None
    threshold: float | None = None  # multiple items: "which metrics are above it?"
    item_kind: str = "single"  # the question kind (lstmq.model.KINDS); "single" is not stored

    def to_dict(self) -> dict:
        out: dict = {"kind": self.kind}
        for name in ("metric", "which"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.cm is not None:
            out["cm"] = [list(row) for row in self.cm]
        for name in ("task", "flaw", "tn", "fp", "fn", "tp", "threshold"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.item_kind != "single":
            out["item_kind"] = self.item_kind
        return out

    @classmethod
    def from_dict(cls, data: dict) -> "MetricsParams":
        fields = dict(data)
        if fields.get("cm") is not None:
            fields["cm"] = tuple(tuple(row) for row in fields["cm"])
        return cls(**fields)


def round_safe(x: Fraction) -> bool:
    """True when rounding x to three decimals cannot depend on float error."""
    scaled = x * 10 ** DECIMALS
    return abs(scaled - math.floor(scaled) - Fraction(1, 2)) > TIE_MARGIN


def rounded(x: Fraction) -> float:
    return round(float(x), DECIMALS)


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


def class_metrics(cm) -> dict:
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


# --- the five metrics ---------------------------------------------------------------------------

Slip = tuple[str, Fraction, str]  # (misconception id, the value it gives, why it is wrong)


class Metric:
    """One binary metric: its formula in the two snippet styles, its arithmetic, its misconceptions."""

    name = ""
    counts_formula = ""
    slices_formula = ""
    check = ""

    def slips(self, m: dict[str, Fraction], kind: str) -> list[Slip]:
        raise NotImplementedError

    def arithmetic(self, tn: int, fp: int, fn: int, tp: int) -> str:
        raise NotImplementedError

    def slices_step(self) -> str:
        return ""

    def hints(self) -> tuple[str, ...]:
        """Pointers at where to look; the item picks one by its counts."""
        raise NotImplementedError


def _swap_rows(kind: str) -> str:
    return ("Reads a row as a column: cm[:, 1] is the predicted positives (a column), "
            "cm[1, :] the actual positives (a row)." if kind == "slices"
            else "Confuses false positives with false negatives.")


class Accuracy(Metric):
    name = "accuracy"
    counts_formula = "(tp + tn) / cm.sum()"
    slices_formula = "cm.diag().sum() / cm.sum()"
    check = "1 − accuracy is the error rate: the off-diagonal cells over all sequences"

    def slips(self, m, kind):
        return [("error-rate", m["error_rate"], "Counts the off-diagonal cells, the mistakes: that is the error rate."),
                ("only-true-positives-correct", m["tp_share"], "Counts only the true positives as correct; true negatives are correct too."),
                ("total-without-fn", m["accuracy_without_fn"], "Leaves the false negatives out of the total."),
                ("accuracy-is-precision", m["precision"], "Gives precision, which looks only at the predicted positives."),
                ("accuracy-is-recall", m["recall"], "Gives recall, which looks only at the actual positives."),
                ("accuracy-is-f1", m["f1"], "Gives F1, which ignores the true negatives.")]

    def arithmetic(self, tn, fp, fn, tp):
        return f"accuracy = (tp + tn) / all = ({tp} + {tn}) / {tn + fp + fn + tp}"

    def slices_step(self):
        return "`cm.diag().sum()` adds the correct predictions of both classes; `cm.sum()` counts every sequence."

    def hints(self):
        return ("Which cells of the matrix hold the sequences the classifier got right?",
                "Where in the matrix do the predicted class and the actual class agree?")


class Precision(Metric):
    name = "precision"
    counts_formula = "tp / (tp + fp)"
    slices_formula = "cm[1, 1] / cm[:, 1].sum()"
    check = "1 − precision is the share of false alarms among the flagged sequences: fp / (tp + fp)"

    def slips(self, m, kind):
        return [("precision-is-recall", m["recall"], "Gives recall: precision divides by what was predicted "
                                                     "positive, recall by what is actually positive."),
                ("reads-row-for-column" if kind == "slices" else "swaps-fp-and-fn", m["recall"], _swap_rows(kind)),
                ("precision-is-accuracy", m["accuracy"], "Gives accuracy, which counts both classes' hits."),
                ("divides-by-all", m["tp_share"], "Divides the true positives by every sequence, not by the predicted positives."),
                ("false-discovery-rate", m["false_discovery"], "Takes the share of false alarms among the predicted "
                                                               "positives instead of the share of hits."),
                ("negative-class-precision", m["npv"], "Treats class 0 as the positive class: that is the precision of the negatives.")]

    def arithmetic(self, tn, fp, fn, tp):
        return f"precision = tp / (tp + fp) = {tp} / ({tp} + {fp})"

    def slices_step(self):
        return "`cm[1, 1]` is tp; `cm[:, 1]` is the column of sequences predicted positive, tp + fp."

    def hints(self):
        return ("Of the sequences the classifier flagged as positive, how many really are?",
                "Which column holds everything the classifier called positive?")


class Recall(Metric):
    name = "recall"
    counts_formula = "tp / (tp + fn)"
    slices_formula = "cm[1, 1] / cm[1, :].sum()"
    check = "1 − recall is the miss rate: fn / (tp + fn), the positives left unflagged"

    def slips(self, m, kind):
        return [("recall-is-precision", m["precision"], "Gives precision: recall divides by what is actually "
                                                        "positive, precision by what was predicted positive."),
                ("reads-row-for-column" if kind == "slices" else "swaps-fp-and-fn", m["precision"], _swap_rows(kind)),
                ("recall-is-accuracy", m["accuracy"], "Gives accuracy, which counts both classes' hits."),
                ("divides-by-all", m["tp_share"], "Divides the true positives by every sequence, not by the actual positives."),
                ("recall-of-negatives", m["specificity"], "Computes the recall of the negative class (specificity)."),
                ("miss-rate", m["miss_rate"], "Takes the share of positives missed instead of the share found.")]

    def arithmetic(self, tn, fp, fn, tp):
        return f"recall = tp / (tp + fn) = {tp} / ({tp} + {fn})"

    def slices_step(self):
        return "`cm[1, 1]` is tp; `cm[1, :]` is the row of actually positive sequences, tp + fn."

    def hints(self):
        return ("Of the sequences that really are positive, how many did the classifier find?",
                "Which row holds every sequence that is actually positive?")


class Specificity(Metric):
    name = "specificity"
    counts_formula = "tn / (tn + fp)"
    slices_formula = "cm[0, 0] / cm[0, :].sum()"
    check = "1 − specificity is the false alarm rate: fp / (tn + fp)"

    def slips(self, m, kind):
        return [("divides-by-predicted-negatives", m["npv"], "Divides by the predicted negatives (a column) "
                                                             "instead of the actual negatives (a row)."),
                ("specificity-is-recall", m["recall"], "Computes the recall of the positive class instead of the negative one."),
                ("divides-by-all", m["tn_share"], "Divides the true negatives by every sequence."),
                ("specificity-is-accuracy", m["accuracy"], "Gives accuracy, which counts both classes' hits."),
                ("false-alarm-rate", m["false_alarm_rate"], "Takes the share of negatives wrongly flagged (the false "
                                                            "positive rate) instead of the share left alone.")]

    def arithmetic(self, tn, fp, fn, tp):
        return f"specificity = tn / (tn + fp) = {tn} / ({tn} + {fp})"

    def slices_step(self):
        return "`cm[0, 0]` is tn; `cm[0, :]` is the row of actually negative sequences, tn + fp."

    def hints(self):
        return ("Of the sequences that really are negative, how many did the classifier leave alone?",
                "Which row holds every sequence that is actually negative?")


class F1(Metric):
    name = "f1"
    check = "F1 = 2·tp / (2·tp + fp + fn): it lies between precision and recall, nearer the smaller"

    def slips(self, m, kind):
        return [("f1-arithmetic-mean", m["mean_pr"], "Takes the arithmetic mean of precision and recall; F1 is "
                                                     "their harmonic mean, 2PR / (P + R)."),
                ("f1-is-precision", m["precision"], "Stops at precision, one of the two ingredients of F1."),
                ("f1-is-recall", m["recall"], "Stops at recall, one of the two ingredients of F1."),
                ("f1-is-accuracy", m["accuracy"], "Gives accuracy, which also counts the true negatives; F1 ignores them."),
                ("f1-without-factor-2", m["f1"] / 2, "Forgets the factor 2 in 2 · precision · recall / (precision + recall)."),
                ("f1-counts-tp-once", m["jaccard"], "Counts the true positives once in 2·tp / (2·tp + fp + fn), the count form of F1."),
                ("f1-of-negatives", m["negative_f1"], "Treats class 0 as the positive class: that is the F1 of the negatives.")]

    def arithmetic(self, tn, fp, fn, tp):
        return (f"precision = {tp} / {tp + fp}, recall = {tp} / {tp + fn}; "
                f"f1 = 2 · precision · recall / (precision + recall) = 2·{tp} / (2·{tp} + {fp} + {fn})")

    def hints(self):
        return ("Which two metrics does the code combine, and is their mean the arithmetic one?",
                "Is F1 nearer the larger or the smaller of precision and recall?")


METRICS: dict[str, Metric] = {m.name: m for m in (Accuracy(), Precision(), Recall(), Specificity(), F1())}
BINARY_METRICS = {"counts": ("accuracy", "precision", "recall"),
                  "slices": ("accuracy", "precision", "recall", "specificity")}


def _result_name(p: MetricsParams) -> str:
    if p.kind != "multiclass":
        return p.metric
    return f"macro_{p.metric}" if p.which == "macro" else f"{CLASSES[p.which]}_{p.metric}"


def asked_value(p: MetricsParams) -> Fraction:
    """The exact value the snippet computes before rounding (not for paradox draws)."""
    if p.kind == "multiclass":
        m = class_metrics(p.cm)
        return m[f"macro_{p.metric}"] if p.which == "macro" else m[p.metric][p.which]
    return binary_metrics(p.tn, p.fp, p.fn, p.tp)[p.metric]


def _matrix_code(rows) -> str:
    width = max(len(str(v)) for r in rows for v in r)
    lines = ["[" + ", ".join(f"{v:>{width}}" for v in r) + "]" for r in rows]
    pad = " " * len("cm = torch.tensor([")
    return "cm = torch.tensor([" + (",\n" + pad).join(lines) + "])\n"


def paradox_exposes(p: MetricsParams) -> str:
    """The metric an imbalanced draw is built to expose (the lowest of the four)."""
    return "recall" if p.flaw == "misses" else "precision"


class Metrics(Family):
    name = "metrics"
    difficulties = ("easy", "medium", "hard")
    # Select-all items are built (``built_kinds``) but not offered yet; single and numeric are.
    built_kinds = ("single", "multiple", "numeric")
    # Numeric items are written and tested but not offered: they halve the single-choice items of
    # a draw, and on about 48 of them the key was the longest option in 36 % (the limit is 35 %).
    kinds = ("single",)
    summary = (
        "Accuracy, precision, recall, specificity and F1 computed with torch from a sequence "
        "classifier's confusion matrix; 3-class matrices and imbalanced test sets where accuracy "
        "hides missed positives or false alarms in the hard draws."
    )
    probes = tuple(dict.fromkeys(
        ("accuracy", "precision", "recall", "specificity", "f1")
        + tuple(f"{c}_{m}" for c in CLASSES for m in ("recall", "precision"))
        + ("macro_recall", "macro_precision")
    ))

    # --- drawing -----------------------------------------------------------------------------

    def sample(self, rng, difficulty):
        kinds = [k for k, d in LEVEL_OF.items() if d == difficulty]
        kind = rng.choice(kinds + ["slices"] if difficulty == "medium" else kinds)  # F1 in a third of medium draws
        if kind == "paradox":
            return self._sample_paradox(rng)
        while True:  # ties are rare: a few draws at most
            if kind == "multiclass":
                p = MetricsParams(kind, metric=rng.choice(("recall", "precision")),
                                  which=rng.choice(MULTI_TARGETS),
                                  cm=tuple(tuple(rng.randint(*DIAG_RANGE) if i == j else rng.randint(*OFF_RANGE)
                                                 for j in range(len(CLASSES))) for i in range(len(CLASSES))))
            else:
                metric = "f1" if kind == "f1" else rng.choice(BINARY_METRICS[kind])
                p = MetricsParams(kind, metric=metric,
                                  tn=rng.randint(*HIT_RANGE), fp=rng.randint(*MISS_RANGE),
                                  fn=rng.randint(*MISS_RANGE), tp=rng.randint(*HIT_RANGE))
                if metric == "f1" and p.fp == p.fn:
                    continue  # precision = recall = F1: every "F1 is a mean" slip would score
            value = asked_value(p)
            if round_safe(value) and value.denominator >= MIN_DENOMINATOR:
                return p

    def _sample_paradox(self, rng) -> MetricsParams:
        while True:  # the four shown values must all be clear of a rounding tie
            flaw = rng.choice(PARADOX_FLAWS)
            tp = rng.randint(*PARADOX_TP)
            if flaw == "misses":
                fn = rng.randint(2 * tp, PARADOX_FN_MAX)  # recall at most 1/3
                fp = rng.randint(0, tp // 3)  # precision at least 3/4: only recall is low
            else:
                fp = rng.randint(2 * tp, PARADOX_FN_MAX)  # precision at most 1/3
                fn = rng.randint(0, tp // 3)  # recall at least 3/4: only precision is low
            tn = rng.randint(10 * (fp + fn), PARADOX_TN_MAX)  # accuracy at least 10/11
            task = rng.choice(sorted(TASKS))
            exact = binary_metrics(tn, fp, fn, tp)
            if all(round_safe(exact[m]) for m in PARADOX_METRICS):
                return MetricsParams("paradox", task=task, flaw=flaw, tn=tn, fp=fp, fn=fn, tp=tp)

    def decode(self, data):
        return MetricsParams.from_dict(data)

    # --- kinds: a value typed in (numeric), or the metrics above a threshold (select all) ------------

    def sample_kind(self, rng, difficulty, kind):
        if kind == "single":
            return self.sample(rng, difficulty)
        if kind == "numeric":
            while True:  # an imbalanced-set item asks for a metric's name, not a number
                p = self.sample(rng, difficulty)
                if p.kind != "paradox":
                    return replace(p, item_kind="numeric")
        if kind == "multiple" and difficulty != "easy":
            return self._sample_threshold(rng, difficulty)
        raise ValueError(f"metrics writes no {difficulty} {kind} questions")

    def kind_capacity(self, difficulty, kind):
        if kind == "multiple":
            # Medium: binary counts and a threshold; hard: an imbalanced set; no easy select-all items.
            return 0 if difficulty == "easy" else self.capacity(difficulty) // 2
        return self.capacity(difficulty)

    def _sample_threshold(self, rng, difficulty) -> MetricsParams:
        """Binary counts and a threshold with at least one metric on each side, none near it.
        Medium items draw ordinary counts, hard ones an imbalanced set."""
        sub = {"medium": "slices", "hard": "paradox"}[difficulty]
        while True:
            if sub == "paradox":
                base = self._sample_paradox(rng)
            else:
                base = MetricsParams(sub, tn=rng.randint(*HIT_RANGE), fp=rng.randint(*MISS_RANGE),
                                     fn=rng.randint(*MISS_RANGE), tp=rng.randint(*HIT_RANGE))
            exact = binary_metrics(base.tn, base.fp, base.fn, base.tp)
            values = [exact[m] for m in self.compared(base)]
            if not all(round_safe(v) for v in values):
                continue
            fits = [t for t in THRESHOLDS
                    if all(abs(v - Fraction(t).limit_denominator(100)) > THRESHOLD_MARGIN for v in values)
                    and any(v > Fraction(t).limit_denominator(100) for v in values)
                    and any(v < Fraction(t).limit_denominator(100) for v in values)]
            if fits:
                return replace(base, threshold=rng.choice(fits), item_kind="multiple")

    def compared(self, p: MetricsParams) -> tuple[str, ...]:
        """The metrics a select-all item computes and lists (five, so four options can be chosen)."""
        return ALL_METRICS

    def kind_of(self, p):
        return p.item_kind

    def tolerance(self, p):
        return NUMERIC_TOLERANCE if p.item_kind == "numeric" else 0

    def unit(self, p):
        return f"rounded to {DECIMALS} decimals"

    def accepts(self, p, main, value):
        if p.item_kind == "multiple":
            return main.values[value] > p.threshold
        return super().accepts(p, main, value)

    def difficulty_of(self, p):
        return LEVEL_OF[p.kind]

    def capacity(self, difficulty):
        """A lower bound: the draws' supports, halved for the near-tie and simple-fraction draws left out
        (far fewer)."""
        hits, misses = HIT_RANGE[1] - HIT_RANGE[0] + 1, MISS_RANGE[1] - MISS_RANGE[0] + 1
        binary = hits * hits * misses * misses
        if difficulty == "easy":
            return binary * len(BINARY_METRICS["counts"]) // 2
        if difficulty == "medium":
            return binary * (len(BINARY_METRICS["slices"]) + 1) // 2  # + F1
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
        if p.item_kind == "multiple":
            noun = TASKS[p.task][1] if p.task else "positive"
            lines = [f"{m} = round(({METRICS[m].counts_formula if m != 'f1' else '2 * tp / (2 * tp + fp + fn)'})"
                     f".item(), {DECIMALS})\n" for m in self.compared(p)]
            return (head + f"# cm[actual, predicted]; class 1 = {noun}\n" + _matrix_code([[p.tn, p.fp], [p.fn, p.tp]])
                    + "tn, fp = cm[0]\nfn, tp = cm[1]\n" + "".join(lines))
        if p.kind == "multiclass":
            labels = ", ".join(f"{i} = {c}" for i, c in enumerate(CLASSES))
            axis, dim = ("recall", 1) if p.metric == "recall" else ("precision", 0)
            pick_expr = f"{axis}.mean()" if p.which == "macro" else f"{axis}[{p.which}]"
            return (head + f"# A {len(CLASSES)}-class sequence classifier; cm[actual, predicted]; {labels}\n"
                    + _matrix_code(p.cm)
                    + f"{axis} = cm.diag() / cm.sum(dim={dim})\n"
                    + f"{_result_name(p)} = round({pick_expr}.item(), {DECIMALS})\n")
        matrix = _matrix_code([[p.tn, p.fp], [p.fn, p.tp]])
        comment = "# cm[actual, predicted]; class 1 = positive\n"
        unpack = "tn, fp = cm[0]\nfn, tp = cm[1]\n"
        if p.kind == "paradox":
            noun = TASKS[p.task][1]
            lines = [f"{m} = round(({METRICS[m].counts_formula}).item(), {DECIMALS})\n" for m in PARADOX_METRICS]
            return head + f"# cm[actual, predicted]; class 1 = {noun}\n" + matrix + unpack + "".join(lines)
        if p.kind == "f1":
            return (head + comment + matrix + unpack
                    + "precision = tp / (tp + fp)\n"
                    + "recall = tp / (tp + fn)\n"
                    + f"f1 = round((2 * precision * recall / (precision + recall)).item(), {DECIMALS})\n")
        metric = METRICS[p.metric]
        formula = metric.counts_formula if p.kind == "counts" else metric.slices_formula
        body = unpack if p.kind == "counts" else ""
        return head + comment + matrix + body + f"{p.metric} = round(({formula}).item(), {DECIMALS})\n"

    def stem(self, p):
        if p.item_kind == "multiple":
            listed = ", ".join(f"`{m}`" for m in self.compared(p))
            return (f"The code below computes {listed} from a sequence classifier's confusion matrix. "
                    f"Which of them are above {p.threshold}? Select all that apply.")
        if p.item_kind == "numeric":
            return self._single_stem(p) + f" Give it rounded to {DECIMALS} decimals."
        return self._single_stem(p)

    def _single_stem(self, p):
        if p.kind == "paradox":
            things, noun, _ = TASKS[p.task]
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
        if p.item_kind == "multiple":
            return tuple(m for m in self.compared(p) if main.values[m] > p.threshold)
        if p.kind == "paradox":
            # The metric that exposes the problem is the one torch finds low; if none is low, none does.
            values = {m: main.values[m] for m in PARADOX_METRICS}
            lowest = min(PARADOX_METRICS, key=lambda m: values[m])
            return lowest if values[lowest] < 0.5 else "none"
        return main.values[_result_name(p)]

    # --- wrong answers -----------------------------------------------------------------------

    def _multiclass_slips(self, p) -> list[Slip]:
        m = class_metrics(p.cm)
        metric, which = p.metric, p.which
        other = "precision" if metric == "recall" else "recall"
        dim_slip = ("Reads dim=1 as summing down the columns; it sums along each row (the actual class), "
                    "so the code computes recall, not precision." if metric == "recall" else
                    "Reads dim=0 as summing along the rows; it sums down each column (the predicted class), "
                    "so the code computes precision, not recall.")
        if which == "macro":
            k = len(CLASSES)
            return [("reads-sum-dim-backwards", m[f"macro_{other}"], dim_slip),
                    ("macro-is-accuracy", m["accuracy"], "Gives accuracy (the micro average), which weights classes "
                                                         "by their size; the macro average weights each class equally."),
                    ("sums-without-averaging", sum(m[metric]), "Sums the per-class values without dividing by the number of classes."),
                    ("divides-by-all", sum(m["hit_share"]) / k, "Divides each class's hits by every sequence before averaging."),
                    ("averages-errors", 1 - m[f"macro_{metric}"], f"Averages the error shares (1 − {metric}) instead of the hit shares.")]
        out = [("reads-sum-dim-backwards", m[other][which], dim_slip),
               ("class-value-is-accuracy", m["accuracy"], "Gives the overall accuracy instead of one class's value."),
               ("divides-by-all", m["hit_share"][which], "Divides the class's hits by every sequence."),
               ("takes-error-share", 1 - m[metric][which], "Takes the share of errors instead of the share of hits.")]
        if which > 0:
            out.append(("counts-classes-from-one", m[metric][which - 1],
                        f"Counts classes from 1, reading index {which} as the {['first', 'second', 'third'][which - 1]} class."))
        else:
            out.append(("index-zero-from-the-end", m[metric][len(CLASSES) - 1], "Reads index 0 from the end of the list, like -1."))
        return out

    def _threshold_options(self, p, main):
        exact = binary_metrics(p.tn, p.fp, p.fn, p.tp)
        t = p.threshold
        names = {"accuracy": "Accuracy", "precision": "Precision", "recall": "Recall",
                 "specificity": "Specificity", "f1": "F1"}
        # A student who swaps a metric with its partner calls it above the threshold when the partner is.
        partner = {"precision": ("recall", "swaps-precision-and-recall", "swapping precision and recall"),
                   "recall": ("precision", "swaps-precision-and-recall", "swapping precision and recall"),
                   "specificity": ("recall", "positive-and-negative-class-swapped",
                                   "computing it for the positive class"),
                   "f1": ("mean_pr", "f1-arithmetic-mean", "taking the ordinary mean of precision and recall"),
                   "accuracy": ("specificity", "accuracy-from-the-common-class",
                                "judging accuracy by the common class alone")}
        listed = self.compared(p)
        above = [m for m in listed if exact[m] > Fraction(t).limit_denominator(100)]
        intended = Candidate(names[above[0]], f"{names[above[0]]} is {main.values[above[0]]}, above {t}.",
                             value=above[0], format="text")
        others = []
        for m in listed:
            if m == above[0]:
                continue
            v = main.values[m]
            if m in above:
                others.append(Candidate(names[m], f"{names[m]} is {v}, above {t}.", value=m, format="text"))
                continue
            other, mid, slip = partner[m]
            named = exact[other] > Fraction(t).limit_denominator(100)
            others.append(Candidate(
                names[m], f"{names[m]} is {v}, below {t}" + (f"; {slip} would put it above." if named else "."),
                value=m, format="text", misconception=mid if named else None))
        return intended, others

    def options(self, p, main):
        if p.item_kind == "multiple":
            return self._threshold_options(p, main)
        if p.kind == "paradox":
            return self._paradox_options(p, main)
        true = self.truth(p, main)
        exact = asked_value(p)
        fraction = f"{exact.numerator}/{exact.denominator} ≈ " if exact.denominator < 1000 else "≈ "
        intended = Candidate(repr(true), f"The exact value is {fraction}{float(exact):.5f}; the snippet "
                                         f"rounds it once to {true!r}.", value=true)
        if p.kind == "multiclass":
            slips = self._multiclass_slips(p)
        else:
            slips = METRICS[p.metric].slips(binary_metrics(p.tn, p.fp, p.fn, p.tp), p.kind)
        wrongs, seen = [], {true}
        for mid, x, why in slips:
            value = rounded(x)
            if value not in seen:  # a slip that lands on the shown truth is not offered
                seen.add(value)
                wrongs.append(Candidate(repr(value), why, value=value, misconception=mid))
        return intended, wrongs

    def _paradox_options(self, p, main):
        _, noun, things = TASKS[p.task]
        tn, fp, fn, tp = p.tn, p.fp, p.fn, p.tp
        v = {m: main.values[m] for m in PARADOX_METRICS}
        facts = {
            "accuracy": f"Accuracy: {tp + tn} of the {tn + fp + fn + tp} {things} are labelled right",
            "precision": f"Precision: {tp} of the {tp + fp} flagged {things} are {noun}",
            "recall": f"Recall: {tp} of the {tp + fn} {noun} are flagged",
            "specificity": f"Specificity: {tn} of the {tn + fp} other {things} are left alone",
        }
        key = paradox_exposes(p)
        why_key = {
            "recall": f"Recall is {v['recall']}: the classifier finds few of the {noun}, which is its whole job.",
            "precision": f"Precision is {v['precision']}: most of what it flags is a false alarm, {fp} of {tp + fp}.",
        }[key]
        intended = Candidate(facts[key], why_key, value=key, format="text")
        whys = {
            "accuracy": ("accuracy-paradox", f"Accuracy is {v['accuracy']} only because the {tn} true negatives dominate "
                                             "the test set: the accuracy paradox."),
            "specificity": ("specificity-measures-negatives", f"Specificity is {v['specificity']}: it measures the "
                                                              "negatives, which the classifier handles well."),
            "precision": ("precision-ignores-misses", f"Precision is {v['precision']}: the few sequences it flags are "
                                                      "mostly right, but it says nothing about the ones it misses."),
            "recall": ("recall-ignores-false-alarms", f"Recall is {v['recall']}: it finds most positives, but says "
                                                      "nothing about how many alarms are false."),
        }
        wrongs = [Candidate(facts[m], whys[m][1], value=m, format="text", misconception=whys[m][0])
                  for m in PARADOX_METRICS if m != key]
        return intended, wrongs

    # --- solution ------------------------------------------------------------------------------

    def _explain_threshold(self, p, main):
        tn, fp, fn, tp = p.tn, p.fp, p.fn, p.tp
        steps = [f"Rows are the actual class, columns the prediction: tn = {tn}, fp = {fp}, fn = {fn}, tp = {tp}."]
        for m in self.compared(p):
            side = "above" if main.values[m] > p.threshold else "below"
            steps.append(f"{METRICS[m].arithmetic(tn, fp, fn, tp)} = {main.values[m]}, {side} {p.threshold}.")
        return Explanation(
            steps=tuple(steps),
            quick_check="precision and recall share tp; F1 lies between them; accuracy and specificity grow with tn",
            hint="Which of the counts does each metric divide by, and which of them is small here?",
            mistakes=("Swapping precision and recall, or reading specificity as the positives' recall.",
                      "Taking F1 for the ordinary mean of precision and recall."),
        )

    def explain(self, p, main, correct):
        if p.item_kind == "multiple":
            return self._explain_threshold(p, main)
        if p.kind == "paradox":
            return self._explain_paradox(p, main)
        if p.kind == "multiclass":
            return self._explain_multiclass(p, main, correct)
        return self._explain_binary(p, main, correct)

    def _explain_binary(self, p, main, correct):
        tn, fp, fn, tp = p.tn, p.fp, p.fn, p.tp
        metric = METRICS[p.metric]
        steps = [f"Rows are the actual class, columns the prediction: tn = {tn}, fp = {fp} (row 0), "
                 f"fn = {fn}, tp = {tp} (row 1)."]
        if p.kind == "slices":
            steps.append(metric.slices_step())
        steps.append(f"{metric.arithmetic(tn, fp, fn, tp)}, and `round(..., {DECIMALS})` gives {correct.text}.")
        hints = metric.hints()
        return Explanation(steps=tuple(steps), quick_check=metric.check, hint=hints[(tn + tp) % len(hints)],
                           mistakes=self._binary_mistakes(p))

    def _binary_mistakes(self, p) -> tuple[str, ...]:
        out = ["Mixing up rows and columns: a row is what a sequence is, a column what the classifier said."]
        if p.metric in ("precision", "recall"):
            out.append("Swapping precision and recall: they share tp and differ in what they divide by.")
        elif p.metric == "f1":
            out.append("Averaging precision and recall the ordinary way, or stopping at one of them.")
        elif p.metric == "specificity":
            out.append("Looking at the positive class when specificity is about the negatives.")
        else:
            out.append("Counting only the positives as right, or reporting the error rate.")
        return tuple(out)

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
                         f"`round(..., {DECIMALS})` gives {correct.text}.")
        else:
            steps.append(f"Index {which} is {CLASSES[which]}: {diag[which]}/{sums[which]}, rounded to {correct.text}.")
        hint = (f"Which way does `cm.sum(dim={1 if metric == 'recall' else 0})` add: along the rows or down the columns?"
                if sum(diag) % 2 else
                "What does a row of this matrix hold, and what does a column hold?")
        return Explanation(
            steps=tuple(steps),
            quick_check=("recall of a class: its diagonal cell over its row; precision: over its column; "
                         "a macro average lies between the smallest and largest class value"),
            hint=hint,
            mistakes=("Reading `dim=1` as the columns: it sums each row.",
                      "Taking the overall accuracy for a macro average, which weights every class the same."),
        )

    def _explain_paradox(self, p, main):
        v = {m: main.values[m] for m in PARADOX_METRICS}
        tn, fp, fn, tp = p.tn, p.fp, p.fn, p.tp
        noun = TASKS[p.task][1]
        key = paradox_exposes(p)
        if key == "recall":
            verdict = (f"Recall = tp / (tp + fn) = {tp} / {tp + fn}: the classifier misses {fn} of the {tp + fn} "
                       f"{noun}, so recall reveals the problem.")
        else:
            verdict = (f"Precision = tp / (tp + fp) = {tp} / {tp + fp}: {fp} of its {tp + fp} alarms are false, "
                       "so precision reveals the problem.")
        return Explanation(
            steps=(
                f"Only {tp + fn} of {tn + fp + fn + tp} test sequences are {noun}: the classes are very imbalanced.",
                f"accuracy = {v['accuracy']}, precision = {v['precision']}, recall = {v['recall']}, "
                f"specificity = {v['specificity']}.",
                f"Accuracy and specificity are high because the {tn} true negatives dominate.",
                verdict,
            ),
            quick_check="on rare positives, read the two metrics that ignore the true negatives: precision and recall",
            hint=("Ask how many of the cases it should find it actually finds, and how many of its alarms are real."
                  if (tn + tp) % 2 else
                  "Which of the four numbers would change if the true negatives were removed from the test set?"),
            mistakes=("Trusting accuracy when one class dominates the test set.",
                      "Reading a high specificity as a sign of quality: it measures only the common class."),
        )
