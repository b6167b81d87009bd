"""Explanation flaws: solutions and option explanations that do not teach.

Each check flags one item at a time (score 1 when flagged, else 0); a family's value is the share
of its items flagged. They are reported without a threshold: issue 14 asks for explanations that
teach, but sets no number.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Callable, Sequence

from ..model import Question
from .base import HALADYNA, ISSUE, IWF, Check, Finding, Result
from .cues import NO_ERROR, kind
from .text import contains_run, key_texts, numbers, plain

# A "why" that justifies the key by torch's authority instead of by a rule.
CIRCULAR = re.compile(r"\bthis is (?:the \w+ |what )?(?:torch|python|the layer) (?:raises|returns|gives|prints|reports|does)\b"
                      r"|\bthis is the (?:exception|error|warning|value|shape|result) torch\b", re.I)
TORCH_RAN = re.compile(r"\btorch ran every option\b|\brefused every other option\b"
                       r"|\btorch ran (?:each|all|every) (?:of the )?options?\b", re.I)
# Words that open a hint pointing where to look (rather than stating a rule).
POINTING = frozenset("""ask check compare consider count find follow look picture read think trace unpack
what which where when why how is are does do did can""".split())
FIXED_HINT_SHARE = 0.25


def _fold(text: str) -> str:
    return " ".join(plain(text).lower().split()).rstrip(".")


def _item_flag(check_id: str, flag: Callable[[Question], str | None]):
    def run(questions: Sequence[Question], bank_size: int) -> Result:
        findings, scores = [], []
        for q in questions:
            detail = flag(q)
            scores.append(1.0 if detail else 0.0)
            if detail:
                findings.append(Finding(q.id, q.family, check_id, detail))
        return Result(sum(scores) / len(scores) if scores else None, tuple(findings), tuple(scores))

    return run


def circular_why(q: Question) -> str | None:
    for why in (c.why for c in q.correct_choices):  # a numeric item has no option to explain
        if CIRCULAR.search(why):
            return f"the key's explanation appeals to torch: {why!r}"
    return None


def torch_ran(q: Question) -> str | None:
    for line in (*q.solution.steps, q.solution.final):
        if TORCH_RAN.search(line):
            return f"the solution justifies by torch's run: {line!r}"
    return None


def copied_mistakes(q: Question) -> str | None:
    wrong = [t.why for t in q.answer.traps] if q.kind == "numeric" else [c.why for c in q.choices if not c.correct]
    whys = {_fold(why) for why in wrong}
    copied = [m for m in q.solution.mistakes if _fold(m) in whys]
    if copied:
        return f"{len(copied)} of {len(q.solution.mistakes)} common mistakes repeat an option's explanation word for word"
    return None


def _gives_key(q: Question, text: str) -> bool:
    """Whether ``text`` states the key: its words (three or more), or, for a key that names no
    exception, its numbers (two or more, or one with two or more digits) in a row. The numbers
    of an error message (a range, an axis) are not its answer: the exception and message are."""
    return any(_states(key, text) for key in key_texts(q))


def _states(key: str, text: str) -> bool:
    if len(plain(key).split()) >= 3 and _fold(key) in _fold(text):
        return True
    if kind(key) != NO_ERROR:
        return False
    wanted = numbers(key)
    if len(wanted) >= 2 or (len(wanted) == 1 and len(wanted[0].lstrip("-").replace(".", "")) >= 2):
        return contains_run(numbers(text), wanted)
    return False


def hint_gives_answer(q: Question) -> str | None:
    return f"the hint states the key: {q.solution.hint!r}" if _gives_key(q, q.solution.hint) else None


def hint_states_rule(q: Question) -> str | None:
    """A heuristic: a hint that points asks a question or opens with a verb that sends the student
    somewhere (compare, check, count, ...); a statement hands over the rule instead."""
    hint = plain(q.solution.hint)
    words = hint.split()
    if not words or hint.rstrip().endswith("?") or words[0].lower().strip(",:;") in POINTING:
        return None
    return f"the hint is a statement, not a pointer: {q.solution.hint!r}"


def quick_check_restates(q: Question) -> str | None:
    qc = q.solution.quick_check
    return f"the quick check restates the key: {qc!r}" if _gives_key(q, qc) else None


def fixed_hint(questions: Sequence[Question], bank_size: int) -> Result:
    """Items whose hint is, word for word, the hint of at least a quarter of the family."""
    if not questions:
        return Result(None)
    counts = Counter(_fold(q.solution.hint) for q in questions)
    findings, scores = [], []
    for q in questions:
        count = counts[_fold(q.solution.hint)]
        flagged = count > 1 and count >= FIXED_HINT_SHARE * len(questions)
        scores.append(1.0 if flagged else 0.0)
        if flagged:
            findings.append(Finding(q.id, q.family, "hint-fixed",
                                    f"the same hint is on {count} of the family's {len(questions)} items"))
    return Result(sum(scores) / len(scores), tuple(findings), tuple(scores))


SOURCES = (ISSUE, HALADYNA, IWF)

CHECKS = (
    Check("why-circular", "explanations", "circ", "Key's why appeals to torch, not a rule", "share",
          _item_flag("why-circular", circular_why), sources=(ISSUE,),
          definition="The right option's explanation matches phrasings such as \"This is the "
                     "exception torch raises\" or \"This is what torch returns\"."),
    Check("solution-torch-ran", "explanations", "ran", "Solution justifies by \"torch ran every option\"", "share",
          _item_flag("solution-torch-ran", torch_ran), sources=(ISSUE,),
          definition="A solution step (or the final line) says torch ran every option or refused "
                     "every other option, in place of the reason."),
    Check("mistakes-copied", "explanations", "copied", "Common mistakes copy the options' whys", "share",
          _item_flag("mistakes-copied", copied_mistakes), sources=(ISSUE,),
          definition="At least one entry of Common mistakes equals a wrong option's explanation "
                     "(case, white space, code marks and a final full stop ignored)."),
    Check("hint-answer", "explanations", "h.ans", "Hint states the answer", "share",
          _item_flag("hint-answer", hint_gives_answer), sources=SOURCES,
          definition="The hint holds the key's text (when the key has three or more words) or, when "
                     "the key names no exception, the key's numbers in a row (two or more numbers, or one "
                     "of two or more digits)."),
    Check("hint-rule", "explanations", "h.rule", "Hint is a statement (states the rule)", "share",
          _item_flag("hint-rule", hint_states_rule), sources=(ISSUE,),
          definition="A heuristic: the hint neither ends with a question mark nor opens with a word "
                     "that sends the student somewhere (" + ", ".join(sorted(POINTING)) + ")."),
    Check("hint-fixed", "explanations", "h.fixed", "Hint is one fixed sentence for the family", "share",
          fixed_hint, sources=(ISSUE,),
          definition="The item's hint is, word for word, the hint of at least a quarter of its "
                     "family's items."),
    Check("quick-check-restates", "explanations", "qc", "Quick check restates the answer", "share",
          _item_flag("quick-check-restates", quick_check_restates), sources=(ISSUE,),
          definition="The quick check holds the key, by the same rule as the hint check: a second "
                     "route to the answer should not contain it."),
)
