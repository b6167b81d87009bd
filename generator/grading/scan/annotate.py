"""An annotated picture of each scanned page: the rectified page with what was read drawn on it.

Green ring: read as marked. Orange ring and a "?" beside the row: sent to review. The row's
reading is written at its right. Small and quick to write: 4 px/mm, the page in eight shades
of grey (scanner noise would otherwise make every PNG large and slow), and deterministic.
"""

from __future__ import annotations

import io

import numpy as np

from ...outputs.sheet.layout import PageLayout
from .marks import EMPTY, FILLED, PX_PER_MM, PageMarks

SCALE = 4.0 / PX_PER_MM  # the picture's pixels per rectified pixel
GREEN, ORANGE, BLUE = (0, 140, 60), (230, 110, 0), (20, 60, 200)


def annotated_png(page_image: np.ndarray, page: PageLayout, marks: PageMarks, heading: str) -> bytes:
    from PIL import Image, ImageDraw

    grey = Image.fromarray(page_image)
    grey = grey.resize((round(grey.width * SCALE), round(grey.height * SCALE)), Image.Resampling.BILINEAR)
    shades = (np.asarray(grey) // 32).astype(np.uint8)  # palette entries 0..7: eight greys
    picture = Image.fromarray(shades, mode="P")
    palette = [v for k in range(8) for v in (min(255, k * 36 + 3),) * 3]
    palette += [*GREEN, *ORANGE, *BLUE]
    picture.putpalette(palette)
    draw = ImageDraw.Draw(picture)
    GREEN_, ORANGE_, BLUE_ = 8, 9, 10  # palette entries of the colours
    k = PX_PER_MM * SCALE

    def ring(b, colour, width=2):
        draw.ellipse([(b.x - b.r - 0.6) * k, (b.y - b.r - 0.6) * k, (b.x + b.r + 0.6) * k, (b.y + b.r + 0.6) * k],
                     outline=colour, width=width)

    by_key = {r.key: r for r in marks.rows}
    for w in page.write_ins:  # a number written by hand: the teacher reads it (review)
        draw.rectangle([w.x * k, w.y * k, (w.x + w.width) * k, (w.y + w.height) * k], outline=ORANGE_, width=2)
        draw.text(((w.x + w.width + 1.0) * k, (w.y + w.height / 2 - 1.6) * k), "? number", fill=ORANGE_)
    for n in page.questions():
        if str(n) not in by_key:
            continue
        row = by_key[str(n)]
        bubbles = page.row(n)
        colour = GREEN_ if row.clear else ORANGE_
        for b, fill in zip(bubbles, row.fills):
            if fill >= FILLED or (not row.clear and fill > EMPTY):
                ring(b, colour, 3)
        last = bubbles[-1]
        text = (row.read or "-") if row.clear else f"? {row.read or '-'}"
        draw.text(((last.x + last.r + 1.0) * k, (last.y - 1.6) * k), text, fill=colour)
    for r in marks.id_rows:
        column = int(r.key[2:]) - 1
        for b in page.id_bubbles:
            if b.column == column and b.label in r.read:
                ring(b, GREEN_ if r.clear else ORANGE_, 2)
    draw.text((20 * k, 8 * k), heading, fill=BLUE_)
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=False, compress_level=6, bits=4)
    return out.getvalue()
