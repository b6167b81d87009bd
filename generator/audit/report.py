"""Run every check per family and over the bank, judge the thresholds, and render the report as
aligned text, Markdown or JSON. Rendering is pure: the same bank gives the same bytes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Sequence

from ..itemstats import ItemStats, StatsFile
from ..model import Question
from . import cues, explanations, misconceptions, repetition
from .measured import Measured, MeasuredRow, measure
from .base import HALADYNA, ISSUE, Check, Finding, Result, Unmeasured

CHECKS: tuple[Check, ...] = cues.CHECKS + repetition.CHECKS + explanations.CHECKS + misconceptions.CHECKS
GROUPS = (
    ("cues", "Test-wise cues: the share of items a student picking by the cue answers right "
             "(chance is 25 %; limit 35 %)"),
    ("repetition", "Repetition and coverage"),
    ("explanations", "Explanation flaws: the share of items flagged (reported, no limit)"),
    ("misconceptions", "Named misconceptions and kinds: items a misconception answers (limit 0), the share of "
                       "wrong options naming one, and the shares of select-all and numeric items"),
)
SCHEMA = "lstmq-audit/1"

MISCONCEPTION = Unmeasured(
    "misconception-scores", "Items where a distractor's misconception gives the key", "= 0 items",
    "not measurable from this bank: none of its wrong options names a misconception; the check needs, "
    "per wrong option, the misconception's id and the value it yields on the item's numbers "
    "(bank schema 2, `misconception: {id, yields}`)",
    (ISSUE, HALADYNA),
)


@dataclass
class Row:
    """One family (or the whole bank): its item count, each check's value, and what fails."""

    name: str
    items: int
    values: dict[str, float | int | None] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


@dataclass
class Report:
    bank: str
    bank_size: int
    rows: list[Row]
    overall: Row
    findings: list[Finding]
    unmeasured: tuple[Unmeasured, ...] = ()
    measured: Measured | None = None  # the figures of a stats file (--stats), if given

    @property
    def failures(self) -> list[str]:
        """Every threshold that fails or cannot be measured, as "check (family)" phrases."""
        out = [f"{check} ({row.name})" for row in (*self.rows, self.overall) for check in row.failures]
        return out + [f"{u.id} ({u.reason.split(':')[0]})" for u in self.unmeasured]

    @property
    def passed(self) -> bool:
        return not self.failures


def _judge(row: Row, check: Check, overall: bool, chance: bool = False) -> None:
    value = row.values[check.id]
    if check.threshold is None or value is None or chance or (overall and not check.threshold.overall):
        return
    if not check.threshold.holds(value):
        row.failures.append(check.id)


def audit(questions: Sequence[Question], bank: str = "bank", families: Sequence[str] = (),
          bank_size: int | None = None, stats: StatsFile | None = None) -> Report:
    """Audit ``questions`` (optionally only ``families``). ``bank_size`` is the size of the bank the
    questions come from (default: their number), which scales the 100-question-draw figures.
    ``stats`` (a stats file ``lstmq grade --stats-out`` wrote) adds the measured figures."""
    bank_size = len(questions) if bank_size is None else bank_size
    order: dict[str, list[Question]] = {}
    for q in questions:
        order.setdefault(q.family, []).append(q)
    names = [n for n in order if not families or n in families]
    chosen = [q for q in questions if q.family in names]  # in bank order

    rows, findings = [], []
    per_check: dict[str, list[Result]] = {c.id: [] for c in CHECKS}
    for name in names:
        row = Row(name, len(order[name]))
        for check in CHECKS:
            result = check.run(order[name], bank_size)
            per_check[check.id].append(result)
            row.values[check.id] = result.value
            if result.note:
                row.notes[check.id] = result.note
            findings.extend(result.findings)
            _judge(row, check, overall=False, chance=result.chance)
        rows.append(row)

    overall = Row("all", len(chosen))
    for check in CHECKS:
        results = per_check[check.id]
        values = [r.value for r in results if r.value is not None]
        if check.overall == "items":
            scores = [s for r in results for s in r.scores]
            value = sum(scores) / len(scores) if scores else None
        elif check.overall == "bank":
            value = check.run(chosen, bank_size).value
        else:
            value = (min if check.overall == "min" else max)(values) if values else None
        overall.values[check.id] = value
        _judge(overall, check, overall=True)
    rank = {q.id: i for i, q in enumerate(chosen)}
    findings.sort(key=lambda f: (rank[f.item], [c.id for c in CHECKS].index(f.check)))
    measured = measure(chosen, names, stats) if stats is not None else None
    unmeasured = () if misconceptions.named_any(chosen) else (MISCONCEPTION,)
    return Report(bank, bank_size, rows, overall, findings, unmeasured, measured)


# ---- rendering ---------------------------------------------------------------------------

def _cell(check: Check, row: Row) -> str:
    value = row.values[check.id]
    if value is None:
        return "–"
    text = f"{value:.0%}" if check.unit == "share" else str(value)
    return text + ("*" if check.id in row.failures else "")


def _tables(report: Report) -> list[tuple[str, list[str], list[list[str]]]]:
    tables = []
    for group, title in GROUPS:
        checks = [c for c in CHECKS if c.group == group or (group == "repetition" and c.group == "coverage")]
        header = ["family", "items", *(c.column for c in checks)]
        body = [[row.name, str(row.items), *(_cell(c, row) for c in checks)]
                for row in (*report.rows, report.overall)]
        tables.append((title, header, body))
    return tables


def _legend() -> list[str]:
    lines = []
    for check in CHECKS:
        limit = f"; limit {check.threshold.text(check.unit)}" if check.threshold else ""
        where = " per family" if check.threshold and not check.threshold.overall else ""
        lines.append(f"{check.column}: {check.title}{limit}{where}")
    return lines


def render_text(report: Report, items: bool = False) -> str:
    families = f"{len(report.rows)} famil{'y' if len(report.rows) == 1 else 'ies'}"
    out = [f"lstmq audit: {report.overall.items} questions in {families} "
           f"(bank {report.bank}, {report.bank_size} questions)", ""]
    for title, header, body in _tables(report):
        widths = [max(len(r[i]) for r in (header, *body)) for i in range(len(header))]
        out.append(title)
        for r in (header, *body):
            cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])]
            out.append("  ".join(cells).rstrip())
        out.append("")
    if report.measured is not None:
        out.extend(_measured_text(report.measured))
    out.append("* fails its limit; – not judged (" + _notes(report) + ")")
    out.extend(_legend())
    for u in report.unmeasured:
        out.append(f"{u.id}: {u.title} ({u.threshold}): {u.reason}")
    out.append("")
    if items and report.measured is not None:
        out.extend(_items_measured(report))
        out.append("")
    elif items:
        for f in report.findings:
            out.append(f"{f.item}  {f.check}  {f.detail}")
        out.append("")
    out.append(_verdict(report))
    return "\n".join(out) + "\n"


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _measured_title(m: Measured) -> str:
    exam = f"exam {m.stats.exam}, " if m.stats.exam else ""
    return (f"Measured ({m.stats.path}: {exam}{m.stats.students} students): mean p (share right) and "
            "mean r (rest-score point-biserial) of the items the stats cover")


def _measured_body(m: Measured) -> tuple[list[str], list[list[str]]]:
    header = ["family", "items", "measured", "mean p", "mean r"]
    body = [[r.name, str(r.items), str(r.measured), _figure(r.mean_p), _figure(r.mean_discrimination)]
            for r in (*m.rows, m.overall)]
    return header, body


def _none_covered(m: Measured) -> str | None:
    if m.overall.measured:
        return None
    return (f"{m.stats.path} covers none of the {m.overall.items} audited questions "
            "(stats of another exam or bank?): nothing measured")


def _measured_text(m: Measured) -> list[str]:
    header, body = _measured_body(m)
    widths = [max(len(r[i]) for r in (header, *body)) for i in range(len(header))]
    out = [_measured_title(m)]
    for r in (header, *body):
        out.append("  ".join([r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])]).rstrip())
    if _none_covered(m):
        out.append(_none_covered(m))
    out.append("– not measured: no covered item, or none with that figure defined")
    out.append("")
    return out


def _item_figures(item: ItemStats | None) -> str:
    if item is None:
        return "not measured"
    flags = ", ".join(item.flags) if item.flags else "none"
    return f"p {_figure(item.p)}  r {_figure(item.discrimination)}  flags: {flags}"


def _items_measured(report: Report) -> list[str]:
    """Each item with a finding or with figures: its figures, then its findings indented."""
    by_item: dict[str, list] = {}
    for f in report.findings:
        by_item.setdefault(f.item, []).append(f)
    out = []
    for qid, item in report.measured.items.items():
        if item is None and qid not in by_item:
            continue
        out.append(f"{qid}  {_item_figures(item)}")
        out.extend(f"  {f.check}  {f.detail}" for f in by_item.get(qid, ()))
    return out


def _notes(report: Report) -> str:
    notes = sorted({note.split(":", 1)[-1].strip() for row in report.rows for note in row.notes.values()})
    return "; ".join(notes) if notes else "no value"


def _verdict(report: Report) -> str:
    fails = report.failures
    if not fails:
        return "every limit holds"
    return f"{len(fails)} limit(s) not met: " + ", ".join(fails)


def render_markdown(report: Report) -> str:
    out = []
    for title, header, body in _tables(report):
        out.append(f"**{title}**")
        out.append("")
        out.append("| " + " | ".join(header) + " |")
        out.append("| " + " | ".join(["---"] + ["---:"] * (len(header) - 1)) + " |")
        for r in body:
            out.append("| " + " | ".join(c.replace("*", "\\*") for c in r) + " |")
        out.append("")
    if report.measured is not None:
        m = report.measured
        header, body = _measured_body(m)
        out.extend([f"**{_measured_title(m)}**", "", "| " + " | ".join(header) + " |",
                    "| " + " | ".join(["---"] + ["---:"] * (len(header) - 1)) + " |"])
        out.extend("| " + " | ".join(r) + " |" for r in body)
        out.append("")
        if _none_covered(m):
            out.extend([_none_covered(m) + ".", ""])
    out.append("\\* fails its limit; – not judged (" + _notes(report) + ").")
    out.append("")
    for u in report.unmeasured:
        out.append(f"`{u.id}` ({u.threshold}): {u.reason}.")
        out.append("")
    out.append(_verdict(report) + ".")
    return "\n".join(out) + "\n"


def _number(value):
    return round(value, 4) if isinstance(value, float) else value


def to_json(report: Report) -> dict:
    def row(r: Row) -> dict:
        return {"name": r.name, "items": r.items,
                "values": {c.id: _number(r.values[c.id]) for c in CHECKS},
                "notes": dict(sorted(r.notes.items())), "failures": list(r.failures)}

    return {
        "schema": SCHEMA,
        "bank": {"path": report.bank, "questions": report.bank_size},
        "checks": [c.describe() for c in CHECKS],
        "families": [row(r) for r in report.rows],
        "overall": row(report.overall),
        "unmeasured": [u.to_dict() for u in report.unmeasured],
        "findings": [f.to_dict() for f in report.findings],
        "failures": report.failures,
        "passed": report.passed,
        **({"measured": _measured_json(report.measured)} if report.measured is not None else {}),
    }


def _measured_json(m: Measured) -> dict:
    def row(r: MeasuredRow) -> dict:
        return {"name": r.name, "items": r.items, "measured": r.measured, "mean_p": _number(r.mean_p),
                "mean_discrimination": _number(r.mean_discrimination)}

    def item(qid: str, s: ItemStats | None) -> dict:
        if s is None:
            return {"item": qid, "measured": False, "p": None, "discrimination": None, "flags": None}
        return {"item": qid, "measured": True, "p": _number(s.p), "discrimination": _number(s.discrimination),
                "flags": list(s.flags)}

    return {"stats": {"path": m.stats.path, "exam": m.stats.exam, "students": m.stats.students},
            "families": [row(r) for r in m.rows], "overall": row(m.overall),
            "items": [item(qid, s) for qid, s in m.items.items()]}


def render_json(report: Report) -> str:
    return json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n"
