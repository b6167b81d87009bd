"""Regenerate the two pictures of docs/exams.md: an answer sheet and an annotated scan.

    .venv/bin/python scripts/scan_doc_images.py

The sheet is lstmq's own (Typst, rasterised at 72 dpi); the scan is that sheet marked and
damaged by the synthetic corpus (benchmarks/scan_corpus.py), then read by the scanner.
"""

from __future__ import annotations

import io
import random
import sys
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.scan_corpus import Damage, degrade, mark_page, rasterise  # noqa: E402
from lstmq.grading.scan.inputs import PageImage  # noqa: E402
from lstmq.grading.scan.job import Scanner  # noqa: E402
from lstmq.outputs.sheet.layout import PAPER_MM, layout  # noqa: E402
from lstmq.outputs.sheet.manifest import Copy, Manifest  # noqa: E402
from lstmq.outputs.sheet.render import SheetText, sheet_pages, sheets_pdf  # noqa: E402


def main() -> None:
    manifest = Manifest("d0c5e7a3b1f2", "a4", False, (Copy(1, "A", (4,) * 20, "20260042", "Ada Lovelace"),))
    copy = manifest.copies[0]
    text = SheetText("LSTM midterm", "CS 412 Deep Learning", "Copy 1 · version A", copy.student_name, copy.student_id)
    pdf = sheets_pdf(sheet_pages(manifest.spec(copy), text, manifest.exam, 1), *PAPER_MM["a4"], "LSTM midterm")
    sheet = Image.fromarray(rasterise(pdf, 72)[0]).quantize(16)
    out = ROOT / "docs" / "images"
    sheet.save(out / "answer-sheet.png", optimize=True)
    clean = rasterise(pdf, 200)[0]
    page = layout(manifest.spec(copy))[0]
    marked = mark_page(clean, page, 200, random.Random(5), ("full", "full", "full", "blank", "tick", "cross",
                                                            "partial", "erased", "double"))
    scan = degrade(marked.image, Damage(dpi=200, rotation=2.5, scale=0.98, shift=(3, -2), perspective=1.0,
                                        blur=0.8, noise=5, jpeg=50, seed=2))
    image = np.array(Image.open(io.BytesIO(scan)).convert("L"))
    read = Scanner(manifest).read(PageImage("scan.jpg", 1, image))
    Image.open(io.BytesIO(read.png)).crop((0, 0, 840, 560)).save(out / "annotated-scan.png", optimize=True)


if __name__ == "__main__":
    main()
