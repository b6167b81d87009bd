"""The report's charts, drawn by matplotlib as SVG text to inline in the page.

Same figures in, same bytes out: the SVG ids come from a fixed ``svg.hashsalt``, text stays
text (``svg.fonttype: none``, so no glyph outlines depend on the fonts installed) and the
metadata carries no date. No pyplot: a ``Figure`` is drawn straight to the SVG backend, so no
window system is touched and nothing global changes.
"""

from __future__ import annotations

import io
import re
from typing import Sequence

from .stats import LOW_DISCRIMINATION, TOO_EASY, TOO_HARD, ItemStats

INK = "#1a1a1a"
BAR = "#1f4e79"      # dark blue on white: contrast 9:1
FLAGGED = "#a4161a"  # dark red on white: contrast 7:1
GUIDE = "#595959"    # threshold lines and their labels: contrast 7:1
STYLE = {
    "svg.hashsalt": "lstmq-report",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "text.color": INK, "axes.labelcolor": INK, "xtick.color": INK, "ytick.color": INK,
    "axes.edgecolor": INK,
}


def _svg(draw, size: tuple[float, float]) -> str:
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=size)
        draw(fig.add_subplot())
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    svg = text[text.index("<svg"):]
    # Inline in a page whose wrapper carries the text alternative: the drawing itself is hidden
    # from assistive technology, and it scales to the column.
    return re.sub(r'^<svg ', '<svg aria-hidden="true" focusable="false" ', svg, count=1)


def histogram(totals: Sequence[int], questions: int) -> str:
    def draw(ax):
        edges = [x - 0.5 for x in range(0, questions + 2)]
        ax.hist(totals, bins=edges, color=BAR, edgecolor="white")
        ax.set_xlabel(f"Score (right answers out of {questions})")
        ax.set_ylabel("Students")
        ax.set_xlim(-0.5, questions + 0.5)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.xaxis.get_major_locator().set_params(integer=True)
    return _svg(draw, (6.4, 2.8))


def item_map(items: Sequence[ItemStats]) -> str:
    """Difficulty p across, rest-score point-biserial up; flagged items in red and numbered."""
    def draw(ax):
        for i, item in enumerate(items, 1):
            if item.p is None or item.point_biserial is None:
                continue
            ax.scatter([item.p], [item.point_biserial], s=28, marker="^" if item.flagged else "o",
                       color=FLAGGED if item.flagged else BAR, zorder=3)
            ax.annotate(str(i), (item.p, item.point_biserial), textcoords="offset points", xytext=(4, 3),
                        fontsize=7, color=FLAGGED if item.flagged else INK)
        for x in (TOO_HARD, TOO_EASY):
            ax.axvline(x, color=GUIDE, linestyle="--", linewidth=0.8)
        ax.axhline(LOW_DISCRIMINATION, color=GUIDE, linestyle="--", linewidth=0.8)
        ax.axhline(0, color=INK, linewidth=0.6)
        ax.set_xlim(0, 1)
        ax.set_ylim(-1, 1)
        ax.set_xlabel("Difficulty p (share right)")
        ax.set_ylabel("Discrimination r (rest-score)")
    return _svg(draw, (6.4, 3.6))


def family_bars(names: Sequence[str], values: Sequence[float]) -> str:
    def draw(ax):
        rows = list(range(len(names)))[::-1]
        ax.barh(rows, values, color=BAR)
        ax.set_yticks(rows, labels=[f"{n} ({v:.2f})" for n, v in zip(names, values)])
        ax.set_xlim(0, 1)
        ax.set_xlabel("Mean difficulty p (share right)")
    return _svg(draw, (6.4, 0.5 + 0.38 * max(1, len(names))))
