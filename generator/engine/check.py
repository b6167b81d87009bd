"""``lstmq check``: re-derive every question of a bank and compare it with what the bank says.

A question is re-derived from its family and params only (``assemble.make_question``), which
runs torch again; nothing read from the file is ever executed. Before running anything the
params are replayed: they must be one of the draws the family itself makes for the
question's seed, so the code torch runs is always code lstmq writes for its own draws (an
edited ``params`` is reported, not run). Then the kind, the answer (the right option; every
right option of a multiple-answer item; a numeric item's value, tolerance, unit and traps),
the snippet, stem, options (text, correct flag, explanation, format, misconception), solution
and the torch outcomes stored as evidence are compared.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

from ..bank.file import Bank
from ..errors import GenerationError, LstmqError
from ..families import REGISTRY, Family
from ..model import Question
from .assemble import draws, make_question

MISSING = object()
ANSWER_PROBLEMS = ("kind", "correct answer", "correct answers", "numeric answer")
SHOWN_CHARS = 160  # values longer than this are cut in a problem line


class CheckFailed(LstmqError):
    """Some questions of the bank do not verify (exit code 1)."""


@dataclass(frozen=True)
class Problem:
    question: str
    what: str
    now: str
    bank: str
    torch_said: bool = False  # the difference is in what torch did, not only in the text
    message: str = ""  # a problem that is not a difference of two values says itself

    def line(self, torch_now: str, torch_bank: str) -> str:
        if self.message:
            return f"{self.question}: {self.message}"
        if self.torch_said:
            return (f"{self.question}: {self.what}: torch {torch_now} says {self.now}; "
                    f"the bank (torch {torch_bank}) says {self.bank}")
        return f"{self.question}: {self.what}: re-derived {self.now}; the bank has {self.bank}"


@dataclass
class Report:
    checked: int = 0
    problems: list[Problem] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # ids, in bank order
    drifted: list[str] = field(default_factory=list)  # ids whose torch outcome changed

    @property
    def ok(self) -> bool:
        return not self.failed


def shown(value: Any) -> str:
    if value is MISSING:
        return "(no such field)"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 1] + "…"


def outcome_text(outcome: dict | None) -> str:
    """What torch did, in a few words: the exception, or the values it produced."""
    if outcome is None:
        return "nothing (no code)"
    if outcome.get("error"):
        kind, message = outcome["error"]
        text = f"raises {kind}: {message}"
    else:
        text = "runs, giving " + shown(outcome.get("values", {}))
    for category, message in outcome.get("warnings", []):
        text += f" and warns {category}: {message}"
    return text


def _json_form(value: Any) -> Any:
    return json.loads(json.dumps(value))


def is_own_draw(family: Family, params: dict, seed: int) -> bool:
    """Whether ``params`` is one of the draws ``draw_question`` tries for ``seed``, at any
    difficulty. Sampling is pure Python, so this runs no torch and no code from the bank."""
    wanted = _exact(params)
    return any(_exact(drawn) == wanted
               for kind in family.kinds for difficulty in family.difficulties
               for drawn in map(family.encode, draws(family, difficulty, seed, kind)))


def _exact(value: Any) -> str:
    """JSON text, in which types stay apart: 5, 5.0 and true are three different params."""
    return json.dumps(value, sort_keys=True)


def _is_pair_list(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(w, list) and len(w) == 2 and all(isinstance(x, str) for x in w) for w in value)


def _is_outcome(value: Any) -> bool:
    """The form lstmq stores a torch outcome in (``model.Outcome.to_dict``), or null."""
    if value is None:
        return True
    if not isinstance(value, dict) or not set(value) <= {"error", "warnings", "values"}:
        return False
    error = value.get("error")
    return ((error is None or _is_pair_list([error])) and _is_pair_list(value.get("warnings", []))
            and isinstance(value.get("values", {}), dict))


def evidence_shape_ok(evidence: dict) -> bool:
    options = evidence.get("options", {})
    return (_is_outcome(evidence.get("main")) and isinstance(options, dict)
            and all(_is_outcome(o) for o in options.values()))


def _diff(now: Any, old: Any, path: str, out: list[tuple[str, Any, Any]]) -> None:
    if isinstance(now, dict) and isinstance(old, dict):
        for key in [*now, *(k for k in old if k not in now)]:
            where = f"{path}.{key}" if path else key
            _diff(now.get(key, MISSING), old.get(key, MISSING), where, out)
    elif isinstance(now, list) and isinstance(old, list) and len(now) == len(old):
        for i, (a, b) in enumerate(zip(now, old)):
            _diff(a, b, f"{path}[{i}]", out)
    elif now is MISSING or old is MISSING or type(now) is not type(old) or now != old:
        out.append((path, now, old))  # type check too: true == 1 and 1 == 1.0 in Python


def _record(q: Question) -> dict:
    d = q.to_dict()
    for key in ("params", "seed", "family", "evidence"):  # inputs, or compared as torch outcomes
        d.pop(key)
    return d


def _evidence_problems(fresh: Question, q: Question) -> list[Problem]:
    problems = []
    now_main, old_main = fresh.evidence.get("main"), q.evidence.get("main", MISSING)
    if old_main is not MISSING and _json_form(now_main) != old_main:
        problems.append(Problem(q.id, "the snippet", outcome_text(now_main), outcome_text(old_main), True))
    now_opts, old_opts = fresh.evidence.get("options", {}), q.evidence.get("options", MISSING)
    if old_opts is not MISSING:
        for label in sorted(set(now_opts) | set(old_opts)):
            a, b = now_opts.get(label), old_opts.get(label)
            if _json_form(a) != b:
                problems.append(Problem(q.id, f"the code of option {label}", outcome_text(a), outcome_text(b), True))
    return problems


def check_question(q: Question, run: Callable | None = None) -> list[Problem]:
    family = REGISTRY[q.family]
    if not evidence_shape_ok(q.evidence):
        return [Problem(q.id, "evidence", "", shown(q.evidence), message=(
            f"evidence {shown(q.evidence)} is not in the form lstmq writes (main: a torch outcome "
            "or null; options: a torch outcome or null per letter); edited by hand?"))]
    if not is_own_draw(family, q.params, q.seed):
        return [Problem(q.id, "params", "", shown(q.params), message=(
            f"params {shown(q.params)} are not a draw of family {q.family} for seed {q.seed}; "
            "not run, since code built from them could do anything"))]
    try:
        fresh = make_question(family, family.decode(q.params), q.seed, run)
    except GenerationError as exc:
        return [Problem(q.id, "re-deriving", f"an error: {exc}", "a verified question", True)]
    problems = answer_problems(fresh, q)
    diffs: list[tuple[str, Any, Any]] = []
    _diff(_record(fresh), _record(q), "", diffs)
    problems += [Problem(q.id, path, shown(now), shown(old)) for path, now, old in diffs]
    if q.evidence:  # optional in the schema; without it only the texts can be compared
        problems += _evidence_problems(fresh, q)
    return problems


def _right_options(q: Question) -> str:
    return ", ".join(f"{c.label} {shown(c.text)}" for c in q.correct_choices) or "no right option"


def _numeric_answer(q: Question) -> str:
    if q.answer is None:
        return "no numeric answer"
    a = q.answer
    traps = ", ".join(shown(t.value) for t in a.traps)
    return (f"{shown(a.value)} ± {shown(a.tolerance)} ({a.unit})" + (f", traps {traps}" if traps else ""))


def answer_problems(fresh: Question, q: Question) -> list[Problem]:
    """The differences that change what is right, each said once and first: the kind, then the
    right option(s) or the numeric answer (reported as torch's, since torch decides them)."""
    if fresh.kind != q.kind:
        return [Problem(q.id, "kind", fresh.kind, q.kind, True)]
    if q.kind == "numeric":
        same = fresh.answer is not None and q.answer is not None and \
            _json_form(fresh.answer.to_dict()) == q.to_dict()["answer"]
        return [] if same else [Problem(q.id, "numeric answer", _numeric_answer(fresh), _numeric_answer(q), True)]
    if [(c.label, c.text) for c in fresh.correct_choices] != [(c.label, c.text) for c in q.correct_choices]:
        what = "correct answer" if q.kind == "single" else "correct answers"
        return [Problem(q.id, what, _right_options(fresh), _right_options(q), True)]
    return []


def check_bank(bank: Bank, emit: Callable[[Problem], None] | None = None,
               run: Callable | None = None) -> Report:
    report = Report()
    for q in bank.questions:
        problems = check_question(q, run)
        report.checked += 1
        if problems:
            report.failed.append(q.id)
            if any(p.torch_said and p.what not in ANSWER_PROBLEMS for p in problems):
                report.drifted.append(q.id)
            report.problems += problems
            for p in problems:
                if emit:
                    emit(p)
    return report


def run_check(bank: Bank, source: str, torch_now: str, echo: Callable[[str], None],
              run: Callable | None = None) -> Report:
    """Check ``bank`` and print a line per problem and a summary; raise CheckFailed if any."""
    torch_bank = bank.header["torch_version"]
    if torch_bank != torch_now:
        echo(f"{source}: made with torch {torch_bank}, checked with torch {torch_now}: "
             "differences below may come from the change of version")
    report = check_bank(bank, emit=lambda p: echo(p.line(torch_now, torch_bank)), run=run)
    verified = report.checked - len(report.failed)
    echo(f"{source}: {report.checked} questions re-derived with torch {torch_now}: "
         f"{verified} verify, {len(report.failed)} do not")
    if report.drifted:
        echo(f"{source}: torch's own outcome changed for {len(report.drifted)} of them: "
             + _id_list(report.drifted))
    if not report.ok:
        raise CheckFailed(f"{len(report.failed)} of {report.checked} questions in {source} do not verify")
    return report


def _id_list(ids: list[str], limit: int = 20) -> str:
    head = ", ".join(ids[:limit])
    return head + (f" and {len(ids) - limit} more" if len(ids) > limit else "")
