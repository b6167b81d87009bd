"""A synthetic scan corpus: printed sheets, pen marks of known meaning, scanner-like damage.

No real scans exist here, so the tests and ``benchmarks/scan.py`` make their own: each sheet
is rendered by lstmq (Typst, then pypdfium2 at 150 to 300 dpi, as a printer and scanner would
see it), marked row by row with a known ``Mark`` kind, then degraded by ``Damage``. The truth
of every row is kept: clear rows (blank or one full mark) must be read exactly; every other
kind must land in review.

Mark kinds and what they stand for:

- ``full``: a filled disk, darkness 0.75 to 1 (pen or soft pencil); clear.
- ``blank``: nothing; clear.
- ``partial``: about half the bubble filled; ``tick``; ``cross``: a pen stroke 0.5 to 0.8 mm
  wide; ``erased``: an even grey residue of darkness 0.25 to 0.40 (an eraser that did not get
  it all); ``double``: two full marks on one row. All of these must be reviewed.

A black-and-white (thresholded) scan cannot carry grey: erased residue lighter than the
threshold becomes paper. Pages that are thresholded therefore get no ``erased`` marks.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass, field

import numpy as np

CLEAR_KINDS = ("blank", "full")
UNCLEAR_KINDS = ("partial", "tick", "cross", "erased", "double")
KINDS = CLEAR_KINDS + UNCLEAR_KINDS


@dataclass(frozen=True)
class Damage:
    """What the print-and-scan round trip does to a page."""

    dpi: int = 200
    rotation: float = 0.0  # degrees, about the page centre
    scale: float = 1.0
    shift: tuple[float, float] = (0.0, 0.0)  # mm
    perspective: float = 0.0  # mm: how far each corner may move on its own
    blur: float = 0.0  # Gaussian sigma in pixels
    noise: float = 0.0  # grey levels (sigma)
    jpeg: int | None = None  # quality, or None for a lossless page
    threshold: bool = False  # black and white scan
    upside_down: bool = False
    seed: int = 0


@dataclass
class MarkedRow:
    key: str  # question number, or "id<k>"
    kind: str
    letters: str  # the letters the marks are on ("" for blank; two for double)

    @property
    def clear(self) -> bool:
        return self.kind in CLEAR_KINDS


@dataclass
class MarkedPage:
    image: np.ndarray
    rows: list[MarkedRow] = field(default_factory=list)


def rasterise(pdf: bytes, dpi: int, last: int | None = None) -> list[np.ndarray]:
    """The PDF's pages as grey arrays (only its ``last`` pages when given)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        first = 0 if last is None else max(0, len(doc) - last)
        return [np.array(doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
                for i in range(first, len(doc))]
    finally:
        doc.close()


def _pen(rng: random.Random, light: float = 0.75) -> int:
    return int(round(255 * (1 - rng.uniform(light, 1.0))))


def draw_mark(image: np.ndarray, kind: str, x: float, y: float, r: float, px: float, rng: random.Random) -> None:
    """Draw one mark of ``kind`` on the bubble at (x, y) mm of radius r mm (``px`` pixels a mm)."""
    import cv2

    cx, cy = x * px + rng.uniform(-0.25, 0.25) * px, y * px + rng.uniform(-0.25, 0.25) * px
    if kind == "full":
        radius = r * rng.uniform(0.88, 1.08) * px
        cv2.ellipse(image, (int(cx * 16), int(cy * 16)), (int(radius * 16), int(radius * rng.uniform(0.92, 1.0) * 16)),
                    rng.uniform(0, 180), 0, 360, _pen(rng), -1, cv2.LINE_AA, 4)
    elif kind == "erased":
        grey = int(round(255 * (1 - rng.uniform(0.25, 0.40))))
        radius = r * rng.uniform(0.9, 1.05) * px
        cv2.circle(image, (int(cx * 16), int(cy * 16)), int(radius * 16), grey, -1, cv2.LINE_AA, 4)
    elif kind == "partial":
        start = rng.uniform(0, 360)
        cv2.ellipse(image, (int(cx * 16), int(cy * 16)), (int(r * 0.95 * px * 16),) * 2, 0, start,
                    start + rng.uniform(160, 200), _pen(rng), -1, cv2.LINE_AA, 4)
    elif kind in ("tick", "cross"):
        width = max(1, int(round(rng.uniform(0.5, 0.8) * px)))
        if kind == "tick":
            strokes = [((-0.8, 0.0), (-0.2, 0.8)), ((-0.2, 0.8), (0.9, -0.9))]
        else:
            strokes = [((-0.8, -0.8), (0.8, 0.8)), ((-0.8, 0.8), (0.8, -0.8))]
        colour = _pen(rng)
        for (ax, ay), (bx, by) in strokes:
            jitter = [rng.uniform(-0.1, 0.1) for _ in range(4)]
            a = (int(cx + (ax + jitter[0]) * r * px), int(cy + (ay + jitter[1]) * r * px))
            b = (int(cx + (bx + jitter[2]) * r * px), int(cy + (by + jitter[3]) * r * px))
            cv2.line(image, a, b, colour, width, cv2.LINE_AA)
    else:
        raise ValueError(kind)


def mark_page(clean: np.ndarray, page, dpi: int, rng: random.Random, kinds=KINDS,
              id_digits: str | None = None) -> MarkedPage:
    """Marks on every question row of ``page`` (a PageLayout), one kind drawn per row."""
    image = clean.copy()
    px = dpi / 25.4
    out = MarkedPage(image)
    for n in page.questions():
        row = page.row(n)
        kind = rng.choice(kinds)
        if kind == "blank":
            out.rows.append(MarkedRow(str(n), kind, ""))
            continue
        if kind == "double":
            chosen = sorted(rng.sample(range(len(row)), 2))
            for i in chosen:
                draw_mark(image, "full", row[i].x, row[i].y, row[i].r, px, rng)
        else:
            chosen = [rng.randrange(len(row))]
            draw_mark(image, kind, row[chosen[0]].x, row[chosen[0]].y, row[chosen[0]].r, px, rng)
        out.rows.append(MarkedRow(str(n), kind, "".join(row[i].label for i in chosen)))
    if id_digits is not None:
        for c, digit in enumerate(id_digits):
            b = next(b for b in page.id_bubbles if b.column == c and b.label == digit)
            draw_mark(image, "full", b.x, b.y, b.r, px, rng)
            out.rows.append(MarkedRow(f"id{c + 1}", "full", digit))
    return out


def degrade(image: np.ndarray, damage: Damage) -> bytes | np.ndarray:
    """The page as a scanner returns it: a grey array, or JPEG bytes when ``damage.jpeg``."""
    import cv2

    rng = np.random.default_rng(damage.seed)
    h, w = image.shape
    px = damage.dpi / 25.4
    pad = int(round(12 * px))  # the scanner's bed is larger than the paper
    out_w, out_h = w + 2 * pad, h + 2 * pad
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float64)
    centre = np.array([w / 2, h / 2])
    angle = math.radians(damage.rotation + (180.0 if damage.upside_down else 0.0))
    rot = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    moved = (corners - centre) @ rot.T * damage.scale + centre + np.array(damage.shift) * px + pad
    moved += rng.uniform(-damage.perspective, damage.perspective, size=(4, 2)) * px
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), moved.astype(np.float32))
    page = cv2.warpPerspective(image, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=250)
    if damage.blur > 0:
        page = cv2.GaussianBlur(page, (0, 0), damage.blur)
    if damage.noise > 0:
        page = np.clip(page.astype(np.float64) + rng.normal(0, damage.noise, page.shape), 0, 255).astype(np.uint8)
    if damage.threshold:
        page = np.where(page < 128, 0, 255).astype(np.uint8)
    if damage.jpeg:
        from PIL import Image

        buf = io.BytesIO()
        Image.fromarray(page).save(buf, format="JPEG", quality=damage.jpeg)
        return buf.getvalue()
    return page


def random_damage(rng: random.Random, seed: int) -> Damage:
    """Damage within the ranges the issue names, drawn from ``rng``."""
    threshold = rng.random() < 0.2
    return Damage(dpi=rng.choice([150, 200, 250, 300]), rotation=rng.uniform(-5, 5), scale=rng.uniform(0.95, 1.05),
                  shift=(rng.uniform(-5, 5), rng.uniform(-5, 5)), perspective=rng.uniform(0, 1.5),
                  blur=rng.uniform(0, 1.2), noise=rng.uniform(0, 8), jpeg=rng.choice([None, 50, 75, 95]),
                  threshold=threshold, upside_down=rng.random() < 0.1, seed=seed)


def kinds_for(damage: Damage) -> tuple[str, ...]:
    return tuple(k for k in KINDS if not (damage.threshold and k == "erased"))
