"""training-trace: reading the log of a tiny LSTM's training.

The snippet trains a one-layer LSTM with a linear head for a few epochs on synthetic sequences
(the label is whether the first feature's mean, plus noise, passes a threshold), with
``torch.manual_seed`` inside the code, and logs each epoch's train and validation loss and
accuracy, rounded to 3 decimals. The stem quotes the columns of that log the question needs
(``shown_stem``): torch's run produces every number the student reads. Options are read off the
log by rules, and every wrong option is a misconception applied to the same log; one that would
give the key is not offered.

Kinds (``TrainingTraceParams.kind``): ``best-epoch`` (early stopping on validation loss),
``chance-gap`` (epoch 1 against a 50/50 guess, ln 2), ``first-overfit``, ``beats-chance``,
``majority-baseline`` and ``restored-accuracy`` (medium), ``patience-stop``,
``accuracy-verdict`` (an imbalanced validation set against always answering its majority class)
and ``loss-vs-accuracy`` (hard).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable

from ..model import Candidate, Outcome
from .base import Explanation, Family
from .distractors import pick
from .record import DictParams

LEVEL_KINDS = {
    "easy": ("best-epoch", "chance-gap"),
    "medium": ("first-overfit", "beats-chance", "majority-baseline", "restored-accuracy"),
    "hard": ("patience-stop", "accuracy-verdict", "loss-vs-accuracy"),
}
LEVEL = {kind: level for level, kinds in LEVEL_KINDS.items() for kind in kinds}
IMBALANCED = ("majority-baseline", "accuracy-verdict")
LEARNS = ("beats-chance", "first-overfit")
# Losses a 50/50 guess is wrongly said to score: the accuracy of a coin, one bit, a squared error.
WRONG_CHANCE = {"chance-is-half": 0.5, "loss-in-bits": 1.0, "squared-error": 0.25}
# chance-gap also offers the common logarithm: log10(2), rounded as the log is
LOG10_OF_2 = 0.301


@dataclass(frozen=True)
class TrainingTraceParams(DictParams):
    kind: str
    seed: int  # torch.manual_seed in the snippet
    input_size: int
    hidden_size: int
    seq_len: int
    train_size: int
    val_size: int
    epochs: int
    lr: float
    threshold: float  # 0.0: balanced classes; higher: class 1 is rare
    patience: int = 0


@dataclass(frozen=True)
class Row:
    epoch: int
    train_loss: float
    train_acc: float
    val_loss: float
    val_acc: float


def rows(main: Outcome) -> list[Row]:
    return [Row(*entry) for entry in main.values["log"]]


def fmt(x: float) -> str:
    return f"{x:.3f}"


# --- rules over a log ---------------------------------------------------------------------------

def first_best(log: list[Row], key: Callable[[Row], float], highest: bool = False) -> Row:
    """The first row with the lowest (or highest) value."""
    best = max(key(r) for r in log) if highest else min(key(r) for r in log)
    return next(r for r in log if key(r) == best)


def last_best(log: list[Row], key: Callable[[Row], float], highest: bool = False) -> Row:
    best = max(key(r) for r in log) if highest else min(key(r) for r in log)
    return [r for r in log if key(r) == best][-1]


def first_overfit(log: list[Row]) -> Row | None:
    """The first epoch whose validation loss rises while its train loss falls."""
    return next((r for prev, r in zip(log, log[1:])
                 if r.val_loss > prev.val_loss and r.train_loss < prev.train_loss), None)


def early_stop(log: list[Row], patience: int, against_best: bool = True) -> tuple[int | None, Row]:
    """(the epoch after which training stops, or None if it runs to the end; the epoch kept).
    ``against_best=False`` is the misconception that compares with the previous epoch."""
    best, kept, waited = float("inf"), log[0], 0
    previous = float("inf")
    for r in log:
        better = r.val_loss < (best if against_best else previous)
        previous = r.val_loss
        if r.val_loss < best:
            best, kept = r.val_loss, r
        waited = 0 if better else waited + 1
        if waited == patience:
            return r.epoch, kept
    return None, kept


def _stop_without_reset(log: list[Row], patience: int) -> tuple[int | None, Row]:
    """The misconception that counts every epoch without a new best, never starting again."""
    best, kept, misses = float("inf"), log[0], 0
    for r in log:
        if r.val_loss < best:
            best, kept = r.val_loss, r
        else:
            misses += 1
        if misses == patience:
            return r.epoch, kept
    return None, kept


def below(log: list[Row], threshold: float) -> Row | None:
    return next((r for r in log if r.val_loss < threshold), None)


# --- the family ---------------------------------------------------------------------------------

class TrainingTrace(Family):
    name = "training-trace"
    difficulties = ("easy", "medium", "hard")
    summary = (
        "The log of a tiny LSTM trained for a few epochs on synthetic data (seeded in the code): the epoch "
        "early stopping keeps, with or without patience, the first epoch that overfits, the loss of a "
        "50/50 guess (ln 2), and what accuracy says on an imbalanced validation set (the majority-class "
        "baseline); every number is from torch's run."
    )
    probes = ("log", "val_ones", "train_ones", "chance")
    preload = ("torch._dynamo",)  # torch imports its compiler (about 1 s) when the first optimizer is built

    # --- drawing ---------------------------------------------------------------------------

    def decode(self, data: dict) -> TrainingTraceParams:
        return TrainingTraceParams.from_dict(data)

    def sample(self, rng: random.Random, difficulty: str) -> TrainingTraceParams:
        kind = rng.choice(LEVEL_KINDS[difficulty])
        return TrainingTraceParams(
            kind=kind, seed=rng.randrange(10_000), input_size=rng.randrange(2, 5),
            hidden_size=rng.randrange(4, 11), seq_len=rng.randrange(4, 7), train_size=rng.choice((12, 16, 20)),
            val_size=rng.randrange(24, 41, 4),
            # the kinds that need the log to get somewhere (below chance, past its best) train longer
            epochs=8 if kind in LEARNS else rng.randrange(6, 9),
            lr=0.1 if kind in LEARNS else rng.choice((0.05, 0.08, 0.1)),
            threshold=rng.choice((0.5, 0.6, 0.7)) if kind in IMBALANCED else 0.0,
            patience=rng.choice((1, 2)) if kind == "patience-stop" else 0)

    def difficulty_of(self, p: TrainingTraceParams) -> str:
        return LEVEL[p.kind]

    def capacity(self, difficulty: str) -> int:
        """An upper bound: 10,000 seeds times the sizes, kinds and settings a level draws."""
        return 10_000 * 3 * 7 * 3 * 3 * 5 * 3 * 3 * len(LEVEL_KINDS[difficulty])

    # --- the code --------------------------------------------------------------------------

    def snippet(self, p: TrainingTraceParams) -> str:
        n = p.train_size + p.val_size
        easy = LEVEL[p.kind] == "easy"
        rule = "  # class 1: the first feature's mean is high" if easy else ""
        chance = ("\n# a model that gives both classes probability 0.5\n"
                  "chance = round(loss_fn(torch.zeros(1, 2), torch.tensor([0])).item(), 3)\n"
                  if p.kind in ("chance-gap", "beats-chance") else "")
        counts = ("train_ones = int(y_train.sum())\nval_ones = int(y_val.sum())\n" if p.kind in IMBALANCED else "")
        return ("import torch\nimport torch.nn as nn\n\n"
                f"torch.manual_seed({p.seed})\n"
                f"x = torch.randn({n}, {p.seq_len}, {p.input_size})\n"
                f"y = (x[:, :, 0].mean(dim=1) + 0.5 * torch.randn({n}) > {p.threshold}).long(){rule}\n"
                f"x_train, y_train = x[:{p.train_size}], y[:{p.train_size}]\n"
                f"x_val, y_val = x[{p.train_size}:], y[{p.train_size}:]\n"
                + counts +
                "\n"
                f"lstm = nn.LSTM({p.input_size}, {p.hidden_size}, batch_first=True)\n"
                f"head = nn.Linear({p.hidden_size}, 2)\n"
                f"opt = torch.optim.Adam([*lstm.parameters(), *head.parameters()], lr={p.lr})\n"
                "loss_fn = nn.CrossEntropyLoss()\n"
                + chance +
                "\n"
                "def evaluate(x, y):\n"
                "    out, _ = lstm(x)\n"
                "    logits = head(out[:, -1])\n"
                "    return loss_fn(logits, y), (logits.argmax(dim=1) == y).float().mean()\n"
                "\n"
                "log = []\n"
                f"for epoch in range(1, {p.epochs + 1}):\n"
                "    loss, acc = evaluate(x_train, y_train)\n"
                "    opt.zero_grad()\n"
                "    loss.backward()\n"
                "    opt.step()\n"
                "    with torch.no_grad():\n"
                "        val_loss, val_acc = evaluate(x_val, y_val)\n"
                "    log.append((epoch, round(loss.item(), 3), round(acc.item(), 3),\n"
                "                round(val_loss.item(), 3), round(val_acc.item(), 3)))\n")

    # --- the stem --------------------------------------------------------------------------

    def stem(self, p: TrainingTraceParams) -> str:
        return {
            "best-epoch": "Early stopping watches the validation loss and keeps the weights of one epoch. "
                          "Which epoch's weights does it keep?",
            "chance-gap": "Before it learns anything, a 2-class model should score about what a 50/50 guess "
                          "scores. Which comparison of epoch 1's train loss with that guess is right?",
            "first-overfit": "Which epoch is the first one where the log shows overfitting?",
            "beats-chance": "Which is the first epoch whose validation loss beats a model that gives both "
                            "classes probability 0.5 for every sequence?",
            "majority-baseline": "What validation accuracy does a model reach that always predicts the class "
                                 "most frequent in the validation set?",
            "restored-accuracy": "Early stopping restores the weights with the lowest validation loss. What "
                                 "validation accuracy does the restored model have?",
            "patience-stop": ("Early stopping with patience "
                              + (f"{p.patience} ends training once {p.patience} epochs in a row fail"
                                 if p.patience > 1 else "1 ends training as soon as one epoch fails")
                              + " to beat the best validation loss so far, and restores the best weights. When "
                                "does it stop, and which epoch does it restore?"),
            "accuracy-verdict": ("The last epoch's validation accuracy only means something against what a model "
                                 "that ignores its input would score. Which comparison is right?"),
            "loss-vs-accuracy": "Early stopping could keep the epoch with the lowest validation loss or the one "
                                "with the highest validation accuracy. Which epochs are those?",
        }[p.kind]

    def shown_stem(self, p: TrainingTraceParams, main: Outcome | None) -> str:
        log = rows(main)
        if p.kind in IMBALANCED:
            ones = main.values["val_ones"]
            table = "; ".join(f"{r.epoch}: {fmt(r.train_acc)}, {fmt(r.val_acc)}" for r in log)
            facts = (f"The validation set holds {p.val_size} sequences, {ones} of them class 1. The run logged "
                     f"(epoch: train accuracy, validation accuracy): {table}.")
        elif p.kind in ("restored-accuracy", "loss-vs-accuracy"):
            table = "; ".join(f"{r.epoch}: {fmt(r.val_loss)}, {fmt(r.val_acc)}" for r in log)
            facts = f"The run logged (epoch: validation loss, validation accuracy): {table}."
        else:
            table = "; ".join(f"{r.epoch}: {fmt(r.train_loss)}, {fmt(r.val_loss)}" for r in log)
            facts = f"The run logged (epoch: train loss, validation loss): {table}."
        return f"{facts} {self.stem(p)}"

    # --- options ---------------------------------------------------------------------------

    def truth(self, p: TrainingTraceParams, main: Outcome):
        intended, _ = self._claims(p, main)
        return intended.value

    def options(self, p: TrainingTraceParams, main: Outcome):
        intended, wrong = self._claims(p, main)
        kept = [c for c in wrong if c.value != intended.value and c.text != intended.text]
        return intended, pick(intended, kept, repr(sorted(p.to_dict().items())))

    def _claims(self, p: TrainingTraceParams, main: Outcome) -> tuple[Candidate, list[Candidate]]:
        claims = CLAIMS[p.kind](p, main)
        if claims is None:
            # The log lacks what the question asks about (no overfitting, say): no distractors, so
            # the engine redraws the params.
            return Candidate("(no answer in this log)", "", value=None, format="text"), []
        return claims

    # --- the solution ----------------------------------------------------------------------

    def explain(self, p: TrainingTraceParams, main: Outcome, correct: Candidate) -> Explanation:
        return EXPLAIN[p.kind](p, main, correct)


# --- claims per kind: (intended, wrong candidates), or None when the log has no answer ---------

def _epoch_text(r: Row, column: str = "val_loss") -> str:
    label = {"val_loss": "validation loss", "train_loss": "train loss", "val_acc": "validation accuracy"}[column]
    return f"Epoch {r.epoch} ({label} {fmt(getattr(r, column))})"


def _best_epoch(p, main):
    log = rows(main)
    key = first_best(log, lambda r: r.val_loss)

    def both(r: Row) -> str:
        return f"Epoch {r.epoch} (train loss {fmt(r.train_loss)}, validation loss {fmt(r.val_loss)})"

    intended = Candidate(both(key), f"Epoch {key.epoch} has the lowest validation loss, {fmt(key.val_loss)}: the "
                                    "weights that did best on data they were not trained on.",
                         value=key.epoch, format="text")
    overfit = first_overfit(log)
    ideas = {
        "lowest-train-loss": (first_best(log, lambda r: r.train_loss),
                              "Keeps the lowest train loss; that only measures fit to the training data."),
        "last-epoch": (log[-1], "Keeps the last epoch, as if training longer were always better."),
        "overfit-epoch": (overfit, "Keeps the epoch where validation loss first rises; the best is the one before "
                                   "a rise, and only if no later epoch does better."),
        "highest-train-accuracy": (first_best(log, lambda r: r.train_acc, highest=True),
                                   "Keeps the highest train accuracy; early stopping here watches validation loss."),
        "largest-drop": (max(log[1:], key=lambda r: log[r.epoch - 2].val_loss - r.val_loss),
                         "Keeps the epoch whose validation loss fell the most; the best is the lowest, not the "
                         "steepest step."),
        "smallest-gap": (min(log, key=lambda r: abs(r.val_loss - r.train_loss)),
                         "Keeps the epoch where train and validation loss are closest; a small gap can come with "
                         "a high loss."),
    }
    wrong = [Candidate(both(r), why + f" That is epoch {r.epoch}.", value=r.epoch, format="text", misconception=m)
             for m, (r, why) in ideas.items() if r is not None and r.epoch != key.epoch]
    return intended, wrong


def _chance_gap(p, main):
    log = rows(main)
    first = log[0].train_loss
    chance = main.values["chance"]

    def claim(c: float) -> str:
        gap = round(first - c, 3)
        side = "above" if gap >= 0 else "below"
        return f"A 50/50 guess scores {fmt(c)}; epoch 1's {fmt(first)} is {fmt(abs(gap))} {side} it"

    intended = Candidate(claim(chance), f"Cross-entropy of probability 0.5 on the right class is −ln 0.5 = ln 2 ≈ "
                                        f"{fmt(chance)}, whatever the label.", value=chance, format="text")
    whys = {
        "chance-is-half": "Takes a coin's accuracy, 0.5, for its loss; the loss is −ln 0.5.",
        "loss-in-bits": "Uses log base 2 (one bit); PyTorch's cross-entropy uses the natural log.",
        "squared-error": "Squares the 0.5 as a squared error would; cross-entropy takes −ln of it.",
    }
    whys["log-base-10"] = "Takes the logarithm in base 10; cross-entropy's log is the natural one."
    wrong = [Candidate(claim(v), whys[m] + f" That claims {fmt(v)}.", value=v, format="text", misconception=m)
             for m, v in {**WRONG_CHANCE, "log-base-10": LOG10_OF_2}.items()]
    return intended, wrong


def _first_overfit(p, main):
    log = rows(main)
    key = first_overfit(log)
    if key is None:
        return None
    by_epoch = {r.epoch: r for r in log}

    def text(r: Row) -> str:
        return f"Epoch {r.epoch} (validation loss {fmt(r.val_loss)})"

    intended = Candidate(text(key), f"From epoch {key.epoch - 1} to {key.epoch} the train loss falls "
                                    f"({fmt(by_epoch[key.epoch - 1].train_loss)} → {fmt(key.train_loss)}) while the "
                                    "validation loss rises: the model fits the training set at the expense of "
                                    "new data.", value=key.epoch, format="text")
    best = first_best(log, lambda r: r.val_loss)
    later = next((r for r in log if r.epoch > key.epoch and r.val_loss > by_epoch[r.epoch - 1].val_loss), None)
    gap = next((r for r in log if r.val_loss > r.train_loss), None)
    ideas = {
        "best-is-overfit": (best, "Takes the lowest validation loss for the start of overfitting; that epoch is "
                                  "the best one, the last before things get worse"),
        "val-above-train": (gap, "Calls it overfitting as soon as validation loss is above train loss; a gap is "
                                 "normal, the sign is validation loss rising"),
        "worst-validation": (last_best(log, lambda r: r.val_loss, highest=True),
                             "Waits for the highest validation loss; overfitting starts at the first rise"),
        "later-rise": (later, "Skips the first rise; overfitting starts at the first epoch whose validation loss "
                              "rises while train loss falls"),
        "train-lowest": (first_best(log, lambda r: r.train_loss), "Waits for the lowest train loss; by then the "
                                                                  "model may have overfitted for epochs"),
        "last-epoch": (log[-1], "Takes the last epoch, where the gap is usually widest; the question asks for the "
                                "first sign"),
    }
    wrong = [Candidate(text(r), why + f": epoch {r.epoch}.", value=r.epoch, format="text", misconception=m)
             for m, (r, why) in ideas.items() if r is not None and r.epoch != key.epoch]
    return intended, wrong


def _beats_chance(p, main):
    log = rows(main)
    chance = main.values["chance"]
    key = below(log, chance)
    if key is None:
        return None
    none = f"None of the {len(log)} epochs"
    intended = Candidate(_epoch_text(key), f"A 50/50 guess scores ln 2 ≈ {fmt(chance)}; epoch {key.epoch} is the "
                                           f"first below it ({fmt(key.val_loss)}).", value=key.epoch, format="text")
    whys = {
        "chance-is-half": "Puts a coin's loss at 0.5, its accuracy",
        "loss-in-bits": "Puts a coin's loss at 1.0, one bit; torch's cross-entropy uses the natural log",
        "squared-error": "Puts a coin's loss at 0.25, a squared error of 0.5",
    }
    wrong = []
    for m, v in WRONG_CHANCE.items():
        r = below(log, v)
        found = f"the first epoch below {v} is epoch {r.epoch}" if r else f"no epoch goes below {v}"
        wrong.append(Candidate(_epoch_text(r) if r else none, whys[m] + f"; {found}.",
                               value=r.epoch if r else None, format="text", misconception=m))
    train = next((r for r in log if r.train_loss < chance), None)
    if train is not None:
        wrong.append(Candidate(_epoch_text(train, "train_loss"), "Reads the train loss; the question is about "
                                                                  "validation loss.", value=("train", train.epoch),
                               format="text", misconception="train-column"))
    best = first_best(log, lambda r: r.val_loss)
    wrong.append(Candidate(_epoch_text(best), "Takes the best epoch for the first one that beats chance: "
                                              f"epoch {best.epoch}.", value=best.epoch, format="text",
                           misconception="best-is-first"))
    last = log[-1]
    if last.val_loss < chance:  # a last epoch above chance would refute itself
        wrong.append(Candidate(_epoch_text(last), "Takes the last epoch, as if only a finished model could beat "
                                                  "chance.", value=last.epoch, format="text",
                               misconception="only-final-counts"))
    return intended, wrong


def _share(count: int, total: int) -> str:
    return f"{fmt(count / total)} ({count} of {total} sequences)"


def _majority(p, main):
    n, ones = p.val_size, main.values["val_ones"]
    majority = max(ones, n - ones)
    key = majority / n
    intended = Candidate(_share(majority, n), f"Class {1 if ones > n - ones else 0} is the more frequent: "
                                              f"{majority} of {n}, so always predicting it is right {fmt(key)} "
                                              "of the time.", value=round(key, 3), format="text")
    ideas = {
        "chance-is-half": (n // 2, n, "Takes 0.5, a coin's accuracy, for the baseline; on an imbalanced set "
                                      "always answering the common class does better"),
        "minority-share": (n - majority, n, "Takes the rarer class's share; the baseline predicts the common one"),
        "train-share": (max(main.values["train_ones"], p.train_size - main.values["train_ones"]), p.train_size,
                        "Counts the training set; the baseline is measured on the validation set"),
    }
    best = first_best(rows(main), lambda r: r.val_acc, highest=True)
    ideas["best-logged-accuracy"] = (round(best.val_acc * n), n, "Reads the model's best validation accuracy; "
                                                                 "the baseline needs no model at all")
    wrong = [Candidate(_share(k, total), why + f": {fmt(k / total)}.", value=round(k / total, 3), format="text",
                       misconception=m) for m, (k, total, why) in ideas.items()]
    return intended, wrong


def _restored(p, main):
    log = rows(main)
    best = first_best(log, lambda r: r.val_loss)

    def text(r: Row) -> str:
        return f"{fmt(r.val_acc)}, epoch {r.epoch}'s (its validation loss {fmt(r.val_loss)})"

    intended = Candidate(text(best), f"The lowest validation loss is at epoch {best.epoch}; its validation "
                                     f"accuracy is {fmt(best.val_acc)}.", value=best.epoch, format="text")
    top = first_best(log, lambda r: r.val_acc, highest=True)
    ideas = {
        "restores-last": (log[-1], "Reads the last epoch; the restored weights are the best epoch's"),
        "best-accuracy": (top, "Takes the highest validation accuracy; the weights were chosen by loss, and the "
                               "two need not agree"),
        "reads-first-epoch": (log[0], "Reads epoch 1, where nothing was learned yet"),
        "accuracy-lower-better": (first_best(log, lambda r: r.val_acc), "Picks the lowest accuracy, as if lower "
                                                                        "were better"),
        "loss-higher-better": (first_best(log, lambda r: r.val_loss, highest=True),
                               "Restores the highest validation loss, as if higher were better"),
    }
    after = next((r for r in log if r.epoch == best.epoch + 1), None)
    if after is not None:
        ideas["epoch-after-best"] = (after, "Restores the epoch after the best, where the rise was noticed")
    wrong = [Candidate(text(r), why + f": epoch {r.epoch}, {fmt(r.val_acc)}.", value=r.epoch, format="text",
                       misconception=m)
             for m, (r, why) in ideas.items() if r.epoch != best.epoch]
    return intended, wrong


def _patience(p, main):
    log = rows(main)

    def text(result: tuple[int | None, Row]) -> str:
        stop, kept = result
        ends = f"Runs all {len(log)} epochs" if stop is None else f"Stops after epoch {stop}"
        return f"{ends}; restores epoch {kept.epoch} (validation loss {fmt(kept.val_loss)})"

    key = early_stop(log, p.patience)
    value = (key[0], key[1].epoch)
    intended = Candidate(text(key), f"Each epoch that fails to beat the best so far adds one to the count; "
                                    f"{p.patience} such epoch{'s' if p.patience > 1 else ''} in a row end training, "
                                    f"and the best epoch's weights come back.", value=value, format="text")
    ideas = {
        "patience-one-more": (early_stop(log, p.patience + 1), "Waits one epoch more than the patience"),
        "against-previous": (early_stop(log, p.patience, against_best=False),
                             "Compares each epoch with the one before instead of with the best so far"),
        "keeps-last": ((key[0], next(r for r in log if r.epoch == (key[0] or len(log)))),
                       "Keeps the weights of the epoch where training stopped, not the best ones"),
    }
    ideas["never-resets"] = (_stop_without_reset(log, p.patience),
                             "Never resets the count when the loss improves, so any misses add up")
    ideas["one-more-keeps-last"] = (
        (ideas["patience-one-more"][0][0],
         next(r for r in log if r.epoch == (ideas["patience-one-more"][0][0] or len(log)))),
        "Two slips: waits one epoch too many and keeps the weights of the epoch where it stopped")
    if p.patience > 1:
        ideas["patience-one-less"] = (early_stop(log, p.patience - 1), "Stops one epoch too soon, counting the best "
                                                                      "epoch itself as a miss")
    wrong = [Candidate(text(result), why + f": {text(result)[0].lower() + text(result)[1:]}.",
                       value=(result[0], result[1].epoch), format="text", misconception=m)
             for m, (result, why) in ideas.items()]
    return intended, wrong


def _verdict(p, main):
    log = rows(main)
    n, ones = p.val_size, main.values["val_ones"]
    final = log[-1].val_acc
    majority_class = 1 if ones > n - ones else 0

    def claim(who: str, base: float) -> str:
        gap = round(final - base, 3)
        where = "the same" if gap == 0 else f"{fmt(abs(gap))} {'above' if gap > 0 else 'below'} it"
        return f"{who} scores {fmt(base)}; the last epoch's {fmt(final)} is {where}"

    key = round(max(ones, n - ones) / n, 3)
    intended = Candidate(claim(f"Always predicting class {majority_class}", key),
                         f"Always answering class {majority_class} is right for {max(ones, n - ones)} of {n} "
                         f"validation sequences, {fmt(key)}; {fmt(final)} has to be read against that, not against "
                         "0.5.", value=key, format="text")
    train_ones = main.values["train_ones"]
    ideas = {
        "chance-is-half": ("A coin", 0.5, "Compares with a coin's 0.5; on this imbalanced set always answering the "
                                          "common class scores more"),
        "minority-share": (f"Always predicting class {1 - majority_class}", round(min(ones, n - ones) / n, 3),
                           "Uses the rarer class's share as the baseline"),
        "train-share": ("The training set's common class", round(max(train_ones, p.train_size - train_ones)
                                                                  / p.train_size, 3),
                        "Measures the baseline on the training set"),
        "first-epoch": ("The model at epoch 1", log[0].val_acc, "Compares with the first epoch; an untrained model "
                                                                "is no fixed baseline"),
    }
    wrong = [Candidate(claim(who, v), why + f" ({fmt(v)}).", value=v, format="text", misconception=m)
             for m, (who, v, why) in ideas.items()]
    return intended, wrong


def _loss_vs_accuracy(p, main):
    log = rows(main)
    by_loss = first_best(log, lambda r: r.val_loss)
    by_acc = first_best(log, lambda r: r.val_acc, highest=True)

    def text(a: Row, b: Row) -> str:
        return (f"Lowest loss: epoch {a.epoch} ({fmt(a.val_loss)}); highest accuracy: epoch {b.epoch} "
                f"({fmt(b.val_acc)})")

    intended = Candidate(text(by_loss, by_acc), f"The loss column is lowest at epoch {by_loss.epoch} and the "
                                                f"accuracy column highest first at epoch {by_acc.epoch}; the two "
                                                "need not coincide.", value=(by_loss.epoch, by_acc.epoch),
                         format="text")
    lowest_acc = first_best(log, lambda r: r.val_acc)
    highest_loss = first_best(log, lambda r: r.val_loss, highest=True)
    ideas = {
        "same-epoch": (by_loss, by_loss, "Assumes accuracy peaks where loss bottoms out"),
        "accuracy-lower-better": (by_loss, lowest_acc, "Treats accuracy like a loss, lower is better"),
        "loss-higher-better": (highest_loss, by_acc, "Treats loss like accuracy, higher is better"),
        "last-best-accuracy": (by_loss, last_best(log, lambda r: r.val_acc, highest=True),
                               "Keeps the last epoch with the top accuracy; early stopping keeps the first"),
        "both-upside-down": (highest_loss, lowest_acc, "Reads both columns upside down: highest loss, lowest "
                                                       "accuracy"),
        "last-epoch": (log[-1], log[-1], "Takes the last epoch for both, as if training only improved"),
    }
    wrong = [Candidate(text(a, b), why + f": epochs {a.epoch} and {b.epoch}.", value=(a.epoch, b.epoch),
                       format="text", misconception=m)
             for m, (a, b, why) in ideas.items()]
    return intended, wrong


CLAIMS: dict[str, Callable] = {
    "best-epoch": _best_epoch, "chance-gap": _chance_gap, "first-overfit": _first_overfit,
    "beats-chance": _beats_chance, "majority-baseline": _majority, "restored-accuracy": _restored,
    "patience-stop": _patience, "accuracy-verdict": _verdict, "loss-vs-accuracy": _loss_vs_accuracy,
}


# --- explanations --------------------------------------------------------------------------------

def _explain(p: TrainingTraceParams, main: Outcome, correct: Candidate) -> Explanation:
    log = rows(main)
    kind = p.kind
    best = first_best(log, lambda r: r.val_loss)
    run = (f"The snippet fixes torch.manual_seed({p.seed}), trains for {p.epochs} epochs on {p.train_size} "
           f"sequences and measures {p.val_size} held-out ones after each step.")
    if kind == "best-epoch":
        steps = (run, "Early stopping on validation loss keeps the epoch where that column is lowest: the weights "
                      "that did best on data they were not fitted to.",
                 f"The validation column bottoms out at epoch {best.epoch} ({fmt(best.val_loss)}); later epochs may "
                 "keep lowering the train loss, which measures only the fit.")
        check = (f"every other epoch's validation loss is higher: the next lowest is "
                 f"{fmt(sorted(r.val_loss for r in log)[1])}")
        hint = f"Which of the two loss columns says how the model does on sequences it never trained on?"
        mistakes = ("Choosing by train loss, which keeps falling as the model memorises.",
                    "Keeping the last epoch because training ran that far.")
    elif kind == "chance-gap":
        chance = main.values["chance"]
        steps = (run, "A model that gives each of 2 classes probability 0.5 pays −ln 0.5 = ln 2 on every "
                      f"sequence, whatever its label: {fmt(chance)} (the snippet computes it with loss_fn).",
                 f"Epoch 1's train loss, {fmt(log[0].train_loss)}, is read before any update has helped, so it "
                 "sits near that value.")
        check = (f"e^(−{fmt(chance)}) is 0.5: the probability a 50/50 model gives the right class")
        hint = "What does cross-entropy charge when the right class gets probability one half?"
        mistakes = ("Taking the 0.5 probability (or a 0.5 accuracy) for the loss itself.",
                    "Measuring the loss in bits, or squaring the error, instead of the natural log.")
    elif kind == "first-overfit":
        key = first_overfit(log)
        prev = log[key.epoch - 2]
        steps = (run, "Overfitting shows when the model keeps improving on its training data (train loss falls) "
                      "while it gets worse on new data (validation loss rises).",
                 f"Going through the log in order, the first epoch where both happen is epoch {key.epoch}: train "
                 f"{fmt(prev.train_loss)} → {fmt(key.train_loss)}, validation {fmt(prev.val_loss)} → "
                 f"{fmt(key.val_loss)}.")
        check = (f"epoch {key.epoch - 1} is the last one before that first rise; every earlier step lowers the "
                 "validation loss or raises the train loss")
        hint = "Go through the epochs in order: when do the two loss columns first move in opposite directions?"
        mistakes = ("Calling the validation loss being above the train loss overfitting: a gap is normal.",
                    "Taking the best validation epoch, or a later rise, for the first sign.")
    elif kind == "beats-chance":
        chance = main.values["chance"]
        key = below(log, chance)
        steps = (run, f"A 50/50 guess scores ln 2 ≈ {fmt(chance)} on every sequence (the snippet computes it).",
                 f"The first validation loss below {fmt(chance)} is at epoch {key.epoch} ({fmt(key.val_loss)}); "
                 "before it the model did no better than guessing on new data.")
        check = (f"e^(−{fmt(chance)}) = 0.5: a loss below {fmt(chance)} means the right class gets more than "
                 "probability 0.5 (as a geometric mean) on the validation sequences, better than a coin")
        hint = "What loss does a model that has learned nothing score on 2 balanced classes?"
        mistakes = ("Putting a guess's loss at 0.5, 1 or 0.25 instead of ln 2.",
                    "Reading the train column when the question is about new data.")
    elif kind == "majority-baseline":
        ones = main.values["val_ones"]
        n = p.val_size
        steps = (run, f"The validation set holds {ones} sequences of class 1 and {n - ones} of class 0.",
                 f"A model that always answers the more frequent class is right for {max(ones, n - ones)} of {n}: "
                 f"{fmt(max(ones, n - ones) / n)}, with no learning at all.")
        check = f"the two always-the-same answers score {fmt(ones / n)} and {fmt((n - ones) / n)}; they add up to 1"
        hint = f"With {ones} of {n} sequences in class 1, what is right most often without looking at the input?"
        mistakes = ("Taking 0.5 as the level to beat when the classes are not balanced.",
                    "Counting the training set, or reading the model's own accuracy, for the baseline.")
    elif kind == "restored-accuracy":
        steps = (run, f"The lowest validation loss is at epoch {best.epoch} ({fmt(best.val_loss)}); those weights "
                      "are restored.",
                 f"The restored model's validation accuracy is that epoch's: {fmt(best.val_acc)}, whatever the last "
                 "or the best accuracy was.")
        check = f"the answer's epoch must be the one whose validation loss, {fmt(best.val_loss)}, is the column's minimum"
        hint = "Which epoch's weights come back, and which of its two numbers is asked for?"
        mistakes = ("Reading the last epoch's accuracy though earlier weights were restored.",
                    "Taking the best accuracy, though the weights were chosen by loss.")
    elif kind == "patience-stop":
        stop, kept = early_stop(log, p.patience)
        ends = f"training ends after epoch {stop}" if stop is not None else f"the count never reaches {p.patience}"
        steps = (run, f"Keep the best validation loss so far; each epoch that does not beat it adds 1 to a counter, "
                      f"each new best resets it; at {p.patience} training stops.",
                 f"Here the best is epoch {kept.epoch} ({fmt(kept.val_loss)}) and {ends}; the best weights are "
                 "restored, not the last ones.")
        check = (f"count the epochs after epoch {kept.epoch}: none beats {fmt(kept.val_loss)}, and training ran "
                 f"{(stop or len(log)) - kept.epoch} of them")
        hint = f"After each epoch, how many epochs in a row have now failed to beat the best validation loss?"
        mistakes = ("Comparing each epoch with the one before rather than with the best so far.",
                    "Restoring the weights of the epoch where training stopped.")
    elif kind == "accuracy-verdict":
        ones = main.values["val_ones"]
        n = p.val_size
        base = max(ones, n - ones) / n
        steps = (run, f"With {ones} of {n} validation sequences in class 1, always answering class "
                      f"{1 if ones > n - ones else 0} scores {fmt(base)}: that is the level any model must beat.",
                 f"The last validation accuracy is {fmt(log[-1].val_acc)}; compared with {fmt(base)}, not with 0.5, "
                 "it shows how much the model learned beyond the class counts.")
        check = (f"a confusion matrix would show it: a model at the baseline may be answering class "
                 f"{1 if ones > n - ones else 0} for every sequence, and its recall on the other class is 0")
        hint = f"What would a model score here that ignores the input, given {ones} of {n} in class 1?"
        mistakes = ("Judging accuracy against 0.5 on an imbalanced set.",
                    "Measuring the baseline on the training set or on the rarer class.")
    else:
        by_acc = first_best(log, lambda r: r.val_acc, highest=True)
        steps = (run, f"Lowest validation loss: epoch {best.epoch} ({fmt(best.val_loss)}).",
                 f"Highest validation accuracy, first reached: epoch {by_acc.epoch} ({fmt(by_acc.val_acc)}). Loss "
                 "weighs how confident each answer is; accuracy only counts right answers, so they can disagree.")
        check = (f"accuracy moves in steps of 1/{p.val_size} ({fmt(1 / p.val_size)}), so several epochs may share "
                 "the top accuracy, while the loss changes a little every epoch")
        hint = "For each column, is a higher number better or worse, and where is each column's best?"
        mistakes = ("Expecting accuracy to peak where loss is lowest.",
                    "Reading either column the wrong way up: low loss and high accuracy are good.")
    return Explanation(steps, check, hint, mistakes)


EXPLAIN: dict[str, Callable] = {kind: _explain for kind in CLAIMS}
