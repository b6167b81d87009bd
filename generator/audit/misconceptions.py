"""Named misconceptions and question kinds: what the bank's options say about the mistakes they
stand for, and how many items ask for a number.

Since bank schema 2 a wrong option (and a numeric item's trap) may carry
``misconception: {id, yields}``: the misconception's stable id and what it gives on the item's
numbers. An item fails ``misconception-scores`` when some distractor's (or trap's) ``yields``
reads like the key (spacing and Markdown code marks aside): a student holding that
misconception would answer right. The engine redraws such items, so a bank lstmq drew has none;
the check catches edited banks and engine regressions. ``misconception-named`` is the share of
wrong options and traps that name their misconception (reported, no limit); without any named
one the bank carries no data for the first check, which is then reported as not measurable.
"""

from __future__ import annotations

from typing import Sequence

from ..model import Question
from .base import HALADYNA, ISSUE, Check, Finding, Result, Threshold
from .text import key_texts, plain


def wrong_answers(q: Question) -> list[tuple[str, str | None, str | None]]:
    """Each wrong option or trap: (what it shows, misconception id, what the misconception yields)."""
    if q.kind == "numeric":
        return [(str(t.value), t.misconception, t.yields) for t in q.answer.traps]
    return [(c.text, c.misconception, c.yields) for c in q.choices if not c.correct]


def named_any(questions: Sequence[Question]) -> bool:
    return any(m is not None for q in questions for _, m, _ in wrong_answers(q))


def misconception_scores(questions: Sequence[Question], bank_size: int) -> Result:
    """Items where a named misconception gives the key (a count; the limit is 0)."""
    if not named_any(questions):
        return Result(None, note="no wrong option names its misconception")
    findings = []
    for q in questions:
        keys = {plain(k) for k in key_texts(q)}
        for shown, named, yields in wrong_answers(q):
            if named is not None and plain(yields if yields is not None else shown) in keys:
                findings.append(Finding(q.id, q.family, "misconception-scores",
                                        f"misconception {named} yields {yields!r}, which is the key"))
                break
    return Result(len(findings), tuple(findings))


def named_share(questions: Sequence[Question], bank_size: int) -> Result:
    """The share of wrong options and traps that name their misconception."""
    wrong = [named for q in questions for _, named, _ in wrong_answers(q)]
    if not wrong:
        return Result(None, note="no wrong option or trap")
    return Result(sum(named is not None for named in wrong) / len(wrong))


def numeric_share(questions: Sequence[Question], bank_size: int) -> Result:
    """The share of items that ask for a number."""
    return Result(sum(q.kind == "numeric" for q in questions) / len(questions) if questions else None)


def multiple_share(questions: Sequence[Question], bank_size: int) -> Result:
    """The share of select-all items."""
    return Result(sum(q.kind == "multiple" for q in questions) / len(questions) if questions else None)


CHECKS = (
    Check("misconception-scores", "misconceptions", "m.score", "Items where a distractor's misconception gives the key",
          "count", misconception_scores, overall="bank", threshold=Threshold("<=", 0), sources=(ISSUE, HALADYNA),
          definition="A wrong option (or a numeric item's trap) that names its misconception also states what "
                     "that misconception yields on the item's numbers. The item is flagged when it yields "
                     "the key's text (for a select-all item, any right option's text; for a numeric item, "
                     "its value), spacing and code marks aside. Not measurable on a bank whose wrong options "
                     "name no misconception."),
    Check("misconception-named", "misconceptions", "named", "Wrong options that name their misconception", "share",
          named_share, overall="bank", sources=(ISSUE,),
          definition="Wrong options and traps with a misconception id, over all wrong options and traps. "
                     "Reported, no threshold."),
    Check("multiple-share", "misconceptions", "multi", "Select-all (multiple-answer) items", "share",
          multiple_share, overall="bank", sources=(ISSUE,),
          definition="Items of kind `multiple`, over all items. Reported, no threshold."),
    Check("numeric-share", "misconceptions", "numeric", "Numeric items", "share", numeric_share, overall="bank",
          sources=(ISSUE,),
          definition="Items of kind `numeric` (the answer is a number), over all items. The cues skip "
                     "them: they have no options. Reported, no threshold."),
)
