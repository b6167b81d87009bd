"""Options that are statements about tensors, each checked by torch in its own run.

A statement option is a ``Candidate`` whose ``program`` is the question's code followed by one
line, ``holds = <check>``, where the check compares tensors with ``torch.equal`` or
``torch.allclose``. The runner records ``holds`` as evidence; ``holds_true`` reads it. A
statement torch finds true is not kept as a wrong answer (``lstmq.build`` drops it).
"""

from __future__ import annotations

from ..model import Candidate, Outcome

PROBES = ("holds",)


def statement(code: str, text: str, check: str, why: str, fmt: str = "text") -> Candidate:
    """An option claiming ``text``; torch decides it by running ``code`` then ``check``."""
    return Candidate(text, why, program=f"{code}holds = bool({check})\n", format=fmt)


def holds_true(outcome: Outcome) -> bool:
    return outcome.ok and outcome.values.get("holds") is True
