"""Classical test theory figures for one graded exam, in plain Python (no numpy, no torch).

Every figure a division could leave without meaning (a variance of zero, an empty group) is
``None``, shown to people as "undefined"; nothing here divides by zero. Variances divide by N
(the population form): KR-20 compares the total score's variance with the items' p·q, which
are themselves population variances, so both must use the same denominator.

Formulas (docs/analysis.md repeats them):

- difficulty p = right answers / students who had the item;
- rest-score point-biserial r = Pearson correlation of the item's 0/1 with the total score
  less that item (the corrected item-total correlation);
- upper-lower index D = p(upper 27 %) - p(lower 27 %), the groups ranked by total score;
- KR-20 = k/(k-1) · (1 - Σ p·q / σ²(total)); SEM = σ(total) · √(1 - KR-20).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

KEY = "(key)"      # the pick of the right option (every right option of a multiple-answer item)
BLANK = "(blank)"  # no answer
MISSED = "(missed a right option)"  # a multiple-answer response that left out a right option
GROUP_SHARE = 0.27  # upper and lower groups: 27 % of the students each (Kelley)
TOO_EASY = 0.95
TOO_HARD = 0.20
LOW_DISCRIMINATION = 0.15


Pick = str | frozenset[str] | None


@dataclass(frozen=True)
class ItemData:
    """One question's answers: ``picks[s]`` is what student s gave (KEY, a distractor's
    identity or BLANK), or None when that student's version did not hold the question.

    A multiple-answer item's response that is not exactly the key is the set of what it shows:
    every wrong option marked, and MISSED when a right one was left out. ``extras`` are such
    groups that are not options (MISSED; a numeric item's wrong numbers), listed after the
    distractors and never flagged as unchosen. Every figure scores an item 1 only for KEY, so
    p, discrimination and KR-20 read multiple-answer items all or nothing."""

    question_id: str
    distractors: tuple[str, ...]
    picks: tuple[Pick, ...]
    misconceptions: dict[str, str] = field(default_factory=dict)  # distractor identity -> text
    family: str = ""
    difficulty: str = ""
    extras: tuple[str, ...] = ()


def chose(pick: Pick, option: str) -> bool:
    """Whether a pick shows ``option`` (one of several for a multiple-answer response)."""
    return pick == option or (isinstance(pick, frozenset) and option in pick)


@dataclass(frozen=True)
class Flag:
    code: str
    reason: str


@dataclass(frozen=True)
class OptionShare:
    option: str           # KEY, BLANK or a distractor's identity
    misconception: str
    chosen: int           # by everyone who had the item
    upper: float | None   # share of the upper group that chose it
    lower: float | None


@dataclass(frozen=True)
class ItemStats:
    question_id: str
    family: str
    difficulty: str
    students: int
    correct: int
    p: float | None
    point_biserial: float | None  # with the rest-score
    upper_lower: float | None
    options: tuple[OptionShare, ...]
    flags: tuple[Flag, ...]

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


@dataclass(frozen=True)
class GroupStats:
    name: str
    items: int
    mean_p: float | None
    mean_point_biserial: float | None
    flagged: int


@dataclass(frozen=True)
class ExamStats:
    students: int
    items: int
    totals: tuple[int, ...]
    mean: float | None
    sd: float | None
    kr20: float | None
    sem: float | None
    kr20_note: str  # why KR-20 is undefined, or ""


@dataclass(frozen=True)
class Analysis:
    exam: ExamStats
    items: tuple[ItemStats, ...]
    families: tuple[GroupStats, ...]
    difficulties: tuple[GroupStats, ...]
    misconceptions: tuple[tuple[str, int], ...]  # text, students who picked it at least once


# --- plain figures ---------------------------------------------------------------------------

def mean(xs: Sequence[float]) -> float | None:
    return math.fsum(xs) / len(xs) if xs else None


def variance(xs: Sequence[float]) -> float | None:
    """Population variance (divides by N); None for no values."""
    m = mean(xs)
    if m is None:
        return None
    return math.fsum((x - m) ** 2 for x in xs) / len(xs)


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r; None when either side does not vary (the ratio has no meaning then)."""
    if len(xs) != len(ys) or len(xs) < 2:
        return None
    mx, my = mean(xs), mean(ys)
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    r = sxy / math.sqrt(sxx * syy)
    return max(-1.0, min(1.0, r))  # rounding may step just past ±1


def point_biserial(item: Sequence[int], scores: Sequence[float]) -> float | None:
    """Correlation of a 0/1 item with ``scores`` (the total, or the rest-score)."""
    return correlation([float(x) for x in item], [float(y) for y in scores])


def kr20(matrix: Sequence[Sequence[int]]) -> float | None:
    """KR-20 of a students × items 0/1 matrix; None with fewer than two items or students, or
    when every total is the same."""
    if len(matrix) < 2 or not matrix[0] or len(matrix[0]) < 2:
        return None
    k = len(matrix[0])
    n = len(matrix)
    total_var = variance([float(sum(row)) for row in matrix])
    if not total_var:
        return None
    pq = math.fsum((p := sum(row[i] for row in matrix) / n) * (1 - p) for i in range(k))
    return k / (k - 1) * (1 - pq / total_var)


def sem(sd: float | None, reliability: float | None) -> float | None:
    """Standard error of measurement; undefined where KR-20 is, or is above 1 (it cannot be)."""
    if sd is None or reliability is None or reliability > 1:
        return None
    return sd * math.sqrt(1 - reliability)


def group_size(n: int) -> int:
    """Students in each of the upper and lower groups: 27 % of n, rounded half up, at least 1
    (0 below two students: one student cannot be both above and below)."""
    if n < 2:
        return 0
    return max(1, math.floor(GROUP_SHARE * n + 0.5))


def upper_lower_groups(totals: Sequence[int], members: Sequence[int]) -> tuple[list[int], list[int]]:
    """The upper and lower groups among ``members`` (student indexes), ranked by total score;
    ties are broken by the order of the responses file, so the same file gives the same groups."""
    ranked = sorted(members, key=lambda s: (-totals[s], s))
    size = group_size(len(ranked))
    if not size:
        return [], []
    lower = sorted(members, key=lambda s: (totals[s], s))[:size]
    return ranked[:size], lower


# --- per item --------------------------------------------------------------------------------

def _share(count: int, whole: int) -> float | None:
    return count / whole if whole else None


def _fmt(x: float) -> str:
    return f"{x:.2f}"


def item_flags(p: float | None, r: float | None, options: Sequence[OptionShare], upper_size: int,
               distractors: Sequence[str]) -> tuple[Flag, ...]:
    flags = []
    if p is not None and p > TOO_EASY:
        flags.append(Flag("too_easy", f"too easy: {p:.3f} answered it right (above {TOO_EASY:.2f})"))
    if p is not None and p < TOO_HARD:
        flags.append(Flag("too_hard", f"too hard: only {p:.3f} answered it right (below {TOO_HARD:.2f})"))
    if r is None:
        if p is not None:
            flags.append(Flag("discrimination_undefined",
                              "discrimination undefined: the item or the rest-score does not vary"))
    elif r < 0:
        flags.append(Flag("negative_discrimination",
                          f"negative discrimination: r = {_fmt(r)}; students who did worse elsewhere did better here"))
    elif r < LOW_DISCRIMINATION:
        flags.append(Flag("low_discrimination",
                          f"low discrimination: r = {_fmt(r)} (below {LOW_DISCRIMINATION:.2f})"))
    by_option = {o.option: o for o in options}
    for d in distractors:
        o = by_option[d]
        name = o.misconception or d
        if p is not None and o.chosen == 0:
            flags.append(Flag("unchosen_distractor", f"distractor nobody chose: {name}"))
    key = by_option[KEY]
    if upper_size and key.upper is not None:
        for d in distractors:
            o = by_option[d]
            if o.upper is not None and o.upper > key.upper:
                flags.append(Flag("upper_prefers_distractor",
                                  f"the upper group chose a distractor ({_fmt(o.upper)}) more than the key "
                                  f"({_fmt(key.upper)}): {o.misconception or d}"))
    return tuple(flags)


def item_stats(item: ItemData, totals: Sequence[int]) -> ItemStats:
    members = [s for s, pick in enumerate(item.picks) if pick is not None]
    scores = {s: int(item.picks[s] == KEY) for s in members}
    correct = sum(scores.values())
    p = _share(correct, len(members))
    rest = [totals[s] - scores[s] for s in members]
    r = point_biserial([scores[s] for s in members], rest)
    upper, lower = upper_lower_groups(totals, members)
    d = None
    if upper:
        d = sum(scores[s] for s in upper) / len(upper) - sum(scores[s] for s in lower) / len(lower)
    options = []
    for option in (KEY, *item.distractors, *item.extras, BLANK):
        options.append(OptionShare(
            option, item.misconceptions.get(option, ""),
            sum(1 for s in members if chose(item.picks[s], option)),
            _share(sum(1 for s in upper if chose(item.picks[s], option)), len(upper)),
            _share(sum(1 for s in lower if chose(item.picks[s], option)), len(lower))))
    flags = item_flags(p, r, options, len(upper), item.distractors)
    return ItemStats(item.question_id, item.family, item.difficulty, len(members), correct, p, r, d,
                     tuple(options), flags)


# --- the whole exam --------------------------------------------------------------------------

def student_totals(items: Sequence[ItemData], students: int) -> list[int]:
    return [sum(1 for item in items if item.picks[s] == KEY) for s in range(students)]


def exam_stats(items: Sequence[ItemData], students: int) -> ExamStats:
    totals = student_totals(items, students)
    floats = [float(t) for t in totals]
    var = variance(floats)
    sd = math.sqrt(var) if var is not None else None
    common = all(pick is not None for item in items for pick in item.picks)
    note = ""
    reliability = None
    if not common:
        note = "undefined: the versions hold different questions, so the students took different tests"
    elif students < 2:
        note = "undefined: it needs at least two students"
    elif len(items) < 2:
        note = "undefined: it needs at least two questions"
    elif not var:
        note = "undefined: every student has the same score"
    else:
        matrix = [[int(item.picks[s] == KEY) for item in items] for s in range(students)]
        reliability = kr20(matrix)
    return ExamStats(students, len(items), tuple(totals), mean(floats), sd, reliability,
                     sem(sd, reliability), note)


def group_stats(items: Sequence[ItemStats], attribute: str) -> tuple[GroupStats, ...]:
    groups: dict[str, list[ItemStats]] = {}
    for item in items:
        groups.setdefault(getattr(item, attribute) or "unknown", []).append(item)
    out = []
    for name, members in sorted(groups.items()):
        ps = [i.p for i in members if i.p is not None]
        rs = [i.point_biserial for i in members if i.point_biserial is not None]
        out.append(GroupStats(name, len(members), mean(ps), mean(rs), sum(i.flagged for i in members)))
    return tuple(out)


def misconception_counts(items: Sequence[ItemData], students: int) -> tuple[tuple[str, int], ...]:
    """Each misconception with the number of students who picked it at least once, most first."""
    holders: dict[str, set[int]] = {}
    for item in items:
        for s, pick in enumerate(item.picks):
            for one in (pick if isinstance(pick, frozenset) else (pick,)):
                text = item.misconceptions.get(one or "", "")
                if text:
                    holders.setdefault(text, set()).add(s)
    return tuple(sorted(((text, len(who)) for text, who in holders.items()), key=lambda x: (-x[1], x[0])))


def analyse(items: Sequence[ItemData], students: int) -> Analysis:
    """Every figure of the report: per exam, per item, per family and difficulty."""
    for item in items:
        if len(item.picks) != students:
            raise ValueError(f"{item.question_id}: {len(item.picks)} picks for {students} students")
    exam = exam_stats(items, students)
    per_item = tuple(item_stats(item, exam.totals) for item in items)
    return Analysis(exam, per_item, group_stats(per_item, "family"), group_stats(per_item, "difficulty"),
                    misconception_counts(items, students))
