"""The item-analysis report: one self-contained HTML page (charts inline as SVG), for a
browser or for WeasyPrint's PDF. Same grading in, same bytes out (no clock, no random ids)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from markupsafe import Markup

from ..model import LABELS, Question, number_text
from ..outputs.exam.html import html_text, option_html
from ..outputs.site.pages import environment
from .grade import AnswerKey, _wrong_identity
from . import charts
from .stats import BLANK, KEY, MISSED, Analysis, ItemStats

TOP_MISCONCEPTIONS = 10
OWN_MARK = "<!-- written by lstmq: item analysis report -->"


def figure(x: float | None, digits: int = 2) -> str:
    """A figure as printed; "undefined" where the statistic has no value (never a fake 0)."""
    return "undefined" if x is None else f"{x:.{digits}f}"


def percent(x: float | None) -> str:
    return "undefined" if x is None else f"{100 * x:.0f}%"


@dataclass(frozen=True)
class OptionRow:
    name: str       # "key", "blank" or the misconception
    letters: str    # the letter in each version, "A:B B:D"
    text: Markup    # the option as printed ("" without the bank)
    chosen: int
    upper: str
    lower: str
    is_key: bool


@dataclass(frozen=True)
class ItemView:
    number: int
    stats: ItemStats
    stem: Markup
    code: str | None
    options: tuple[OptionRow, ...]


def _letters_and_texts(key: AnswerKey, qid: str, versions: dict[str, Sequence[Question]] | None):
    letters: dict[str, list[str]] = {}
    texts: dict[str, Markup] = {}
    for v, entries in key.versions.items():
        for n, entry in enumerate(entries):
            if entry.question_id != qid:
                continue
            if entry.kind == "numeric":  # no letters: the key is the value
                letters.setdefault(KEY, []).append(f"{v}:{entry.correct}")
                if KEY not in texts:
                    texts[KEY] = Markup("%s") % (entry.correct + (f" ± {number_text(entry.tolerance)}"
                                                                   if entry.tolerance else ""))
                continue
            for label in LABELS:
                identity = KEY if label in entry.correct else _wrong_identity(entry, label)[0]
                letters.setdefault(identity, []).append(f"{v}:{label}")
                if versions is not None and (identity not in texts or identity == KEY):
                    choice = versions[v][n].choices[LABELS.index(label)]
                    shown = option_html(choice.text, choice.format)
                    if identity == KEY and identity in texts and shown not in texts[KEY]:
                        shown = texts[KEY] + Markup("; ") + shown  # every right option of a select-all item
                    texts[identity] = shown
    return {k: " ".join(v) for k, v in letters.items()}, texts


def item_views(analysis: Analysis, key: AnswerKey, bank: dict[str, Question] | None,
               versions: dict[str, Sequence[Question]] | None) -> list[ItemView]:
    views = []
    for number, item in enumerate(analysis.items, 1):
        letters, texts = _letters_and_texts(key, item.question_id, versions)
        rows = []
        for o in item.options:
            name = {KEY: "key (right answer)", BLANK: "no answer",
                    MISSED: "left out a right option"}.get(o.option, o.misconception or o.option)
            rows.append(OptionRow(name, letters.get(o.option, ""), texts.get(o.option, Markup("")), o.chosen,
                                  percent(o.upper), percent(o.lower), o.option == KEY))
        q = bank.get(item.question_id) if bank else None
        views.append(ItemView(number, item, html_text(q.stem) if q else Markup(""), q.code if q else None,
                              tuple(rows)))
    return views


def histogram_alt(totals: Sequence[int], questions: int) -> str:
    if not totals:
        return "Histogram of scores: no student was graded."
    counts = {t: totals.count(t) for t in set(totals)}
    mode = max(sorted(counts), key=lambda t: counts[t])
    return (f"Histogram of {len(totals)} scores out of {questions}: from {min(totals)} to {max(totals)}; "
            f"the most common score is {mode} ({counts[mode]} students).")


def item_map_alt(items: Sequence[ItemStats]) -> str:
    flagged = [str(i) for i, item in enumerate(items, 1) if item.flagged]
    hidden = [str(i) for i, item in enumerate(items, 1) if item.p is None or item.point_biserial is None]
    text = (f"Item map of {len(items)} questions, difficulty across and discrimination up, with dashed lines "
            f"at p = 0.20, p = 0.95 and r = 0.15. ")
    text += (f"Flagged, as red triangles: question{'s' if len(flagged) != 1 else ''} {', '.join(flagged)}. "
             if flagged else "No question is flagged. ")
    if hidden:
        text += f"Not drawn (a figure is undefined): {', '.join(hidden)}. "
    return text + "The table below lists every figure."


def family_alt(analysis: Analysis) -> str:
    parts = [f"{g.name} {figure(g.mean_p)}" for g in analysis.families]
    return "Bar chart of the mean share right per family: " + "; ".join(parts) + "."


def report_html(analysis: Analysis, key: AnswerKey, bank: dict[str, Question] | None,
                versions: dict[str, Sequence[Question]] | None = None) -> str:
    e = analysis.exam
    views = item_views(analysis, key, bank, versions)
    families = [g for g in analysis.families if g.mean_p is not None]
    env = environment(autoescape=True)
    env.filters.update(figure=figure, percent=percent, md=html_text)
    return env.get_template("analysis/report.html.j2").render(
        own_mark=Markup(OWN_MARK), exam=e, code=key.exam, items=views,
        flagged=[v for v in views if v.stats.flagged],
        histogram=Markup(charts.histogram(e.totals, e.items)), histogram_alt=histogram_alt(e.totals, e.items),
        item_map=Markup(charts.item_map(analysis.items)), item_map_alt=item_map_alt(analysis.items),
        family_chart=Markup(charts.family_bars([g.name for g in families], [g.mean_p for g in families]))
        if families else None,
        family_alt=family_alt(analysis), families=analysis.families, difficulties=analysis.difficulties,
        misconceptions=analysis.misconceptions[:TOP_MISCONCEPTIONS], with_bank=bank is not None,
    )
