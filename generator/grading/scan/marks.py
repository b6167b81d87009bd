"""Measure every bubble of a located page and decide what each row says.

The page is first rectified (warped to the layout at ``PX_PER_MM``). A bubble's *fill* is the
mean darkness inside it (the outline left out), rescaled so the page's own empty bubbles give
0 and solid black gives 1: the median bubble of a page is empty (one mark per row at most, a
row holding four or more options), which makes the reading independent of paper tone, toner,
scanner exposure and the faint letters printed in the bubbles. A page with select-all rows
(several marks allowed) takes its empty level from its lightest tenth of bubbles instead.

- filled: fill >= ``FILLED`` *and* every one of the bubble's sixteen sectors inked
  (``COVERED``), so a half fill, a tick or a cross (dark, but with empty sectors between its
  strokes) is never taken for a filled bubble;
- empty: fill <= ``EMPTY``;
- anything else is *unclear* and never read silently: its row goes to review with the reason
  (faint and even: erased-looking; otherwise a partial mark, a tick or a cross).
- two filled bubbles on a single-answer row: review ("two marks"); a multiple-answer row
  (square boxes) may hold several, read as its letters ("AC") and never called ambiguous.
- a numeric item's row is a write-in box, not measured here: ``job`` sends it to review.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ...outputs.sheet.layout import Bubble, PageLayout

PX_PER_MM = 6.0
INNER = 0.68  # share of the radius measured: the printed outline stays outside
FILLED = 0.55
EMPTY = 0.08  # empty bubbles measure below 0.02 on every corpus page; a light tick about 0.17
COVERED = 0.45  # the least-inked of the sixteen sectors of a filled bubble, relative like fill
SECTORS = 16
DARK = 0.5  # a pixel this dark (0 paper, 1 black) counts as ink for the erased-or-partial call
EVEN_GREY = 0.25  # an unclear bubble with fewer ink pixels than this share looks erased
MAX_EMPTY_DARKNESS = 0.4  # the page's empty bubbles darker than this: cannot be measured
# A page with select-all rows may have most of its boxes filled, so its median box is not an
# empty one: its empty level is read at this low quantile instead (a tenth of the bubbles).
SEVERAL_EMPTY_QUANTILE = 0.1


@dataclass(frozen=True)
class Row:
    key: str  # "1", "2", ... for questions; "id1".. for student-number columns
    read: str  # the letters (or digit) read: "" none, "B", "AC" two marks
    fills: tuple[float, ...]
    reason: str = ""  # empty when the row is read with confidence
    covered: tuple[float, ...] = ()  # each bubble's least-inked sector, relative like fills

    @property
    def clear(self) -> bool:
        return not self.reason


def rectify(image: np.ndarray, homography: np.ndarray, page: PageLayout) -> np.ndarray:
    """The page warped onto its layout: pixel (x, y) is layout point (x, y) / PX_PER_MM mm."""
    to_image = homography @ np.diag([1 / PX_PER_MM, 1 / PX_PER_MM, 1.0])
    size = (int(round(page.width * PX_PER_MM)), int(round(page.height * PX_PER_MM)))
    return cv2.warpPerspective(image, to_image, size, flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def _masks(radius_px: float) -> tuple[np.ndarray, np.ndarray, int]:
    """The inner disk, and the sector (0..7) of each of its pixels (-1 outside and at the centre)."""
    half = int(np.ceil(radius_px))
    yy, xx = np.mgrid[-half:half + 1, -half:half + 1]
    disk = (xx ** 2 + yy ** 2) <= radius_px ** 2
    sector = np.floor((np.arctan2(yy, xx) + np.pi) / (2 * np.pi) * SECTORS).astype(int) % SECTORS
    sector[(xx ** 2 + yy ** 2) < (0.3 * radius_px) ** 2] = -1
    return disk, sector[disk], half


def measure(page_image: np.ndarray, bubbles: tuple[Bubble, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per bubble: mean darkness, share of ink pixels and each sector's mean darkness (raw)."""
    means = np.zeros(len(bubbles))
    inked = np.zeros(len(bubbles))
    sectors = np.zeros((len(bubbles), SECTORS))
    masks: dict[float, tuple[np.ndarray, np.ndarray, int]] = {}
    for i, b in enumerate(bubbles):
        disk, sector, half = masks.setdefault(b.r, _masks(b.r * INNER * PX_PER_MM))
        cx, cy = int(round(b.x * PX_PER_MM)), int(round(b.y * PX_PER_MM))
        patch = page_image[cy - half:cy + half + 1, cx - half:cx + half + 1]
        dark = 1.0 - patch[disk].astype(np.float64) / 255.0
        means[i] = dark.mean()
        inked[i] = (dark >= DARK).mean()
        sums = np.bincount(sector[sector >= 0], weights=dark[sector >= 0], minlength=SECTORS)
        counts = np.bincount(sector[sector >= 0], minlength=SECTORS)
        sectors[i] = sums / np.maximum(counts, 1)
    return means, inked, sectors


def relative(means: np.ndarray, base: float | None = None) -> tuple[np.ndarray, float]:
    base = float(np.median(means)) if base is None else base
    return np.clip((means - base) / max(1e-6, 1.0 - base), 0.0, 1.0), base


def _unclear_reason(label: str, fill: float, inked: float, inked_base: float) -> str:
    if inked - inked_base < EVEN_GREY:
        return f"{label}: faint, even grey mark (erased?) fill {fill:.2f}"
    return f"{label}: partial mark, tick or cross, fill {fill:.2f}"


def classify(key: str, labels: list[str], fills: np.ndarray, covered: np.ndarray, inked: np.ndarray,
             inked_base: float, single: bool = True) -> Row:
    """One row's reading; ``covered`` is each bubble's least-inked sector (relative)."""
    filled = [lab for lab, f, c in zip(labels, fills, covered) if f >= FILLED and c >= COVERED]
    unclear = [_unclear_reason(lab, f, k, inked_base) for lab, f, c, k in zip(labels, fills, covered, inked)
               if f > EMPTY and not (f >= FILLED and c >= COVERED)]
    reasons = []
    if single and len(filled) > 1:
        reasons.append(f"{len(filled)} marks on one row ({', '.join(filled)})")
    reasons.extend(unclear)
    return Row(key, "".join(filled), tuple(round(float(f), 3) for f in fills), "; ".join(reasons),
               tuple(round(float(c), 3) for c in covered))


@dataclass(frozen=True)
class PageMarks:
    rows: tuple[Row, ...]  # rows of the questions with bubbles, in question order (no numeric item)
    id_rows: tuple[Row, ...]  # student-number columns, left to right (empty without a grid)


class MarksProblem(Exception):
    pass


def _rows(page_image: np.ndarray, bubbles: tuple[Bubble, ...], groups: list[tuple[str, list[int]]],
          what: str, several: frozenset[str] = frozenset()) -> list[Row]:
    """The rows of ``groups``; a row whose key is in ``several`` may hold more than one mark."""
    means, inked, sectors = measure(page_image, bubbles)
    if several:
        fills, base = relative(means, float(np.quantile(means, SEVERAL_EMPTY_QUANTILE)))
        inked_base = float(np.quantile(inked, SEVERAL_EMPTY_QUANTILE))
    else:
        fills, base = relative(means)
        inked_base = float(np.median(inked))
    if base > MAX_EMPTY_DARKNESS:
        raise MarksProblem(f"most {what} look filled: the page's empty bubbles cannot be measured")
    covered, _ = relative(sectors.min(axis=1), base)
    return [classify(key, [bubbles[i].label for i in idx], fills[idx], covered[idx], inked[idx], inked_base,
                     single=key not in several)
            for key, idx in groups]


def read_marks(page_image: np.ndarray, page: PageLayout) -> PageMarks:
    index = {id(b): i for i, b in enumerate(page.bubbles)}
    groups = [(str(n), [index[id(b)] for b in page.row(n)]) for n in page.questions() if page.row(n)]
    several = frozenset(str(b.question) for b in page.bubbles if b.square)
    rows = _rows(page_image, page.bubbles, groups, "answer bubbles", several)
    id_rows: list[Row] = []
    if page.id_bubbles:
        columns = sorted({b.column for b in page.id_bubbles})
        id_groups = [(f"id{c + 1}", [i for i, b in enumerate(page.id_bubbles) if b.column == c]) for c in columns]
        id_rows = _rows(page_image, page.id_bubbles, id_groups, "student-number bubbles")
    return PageMarks(tuple(rows), tuple(id_rows))


def student_number(id_rows: tuple[Row, ...]) -> tuple[str, str]:
    """The number the grid spells and a reason when it cannot be trusted (blank columns may
    only trail: a number shorter than the grid leaves its last columns empty)."""
    if not id_rows:
        return "", ""
    problems = [f"student number column {r.key[2:]}: {r.reason}" for r in id_rows if not r.clear]
    digits = [r.read for r in id_rows]
    text = "".join(digits)
    if not problems:
        if not text:
            problems.append("student number grid is empty")
        elif "" in digits[:len(text)] or any(len(d) != 1 for d in digits if d):
            problems.append("student number grid has a gap between digits")
    return text, "; ".join(problems)
