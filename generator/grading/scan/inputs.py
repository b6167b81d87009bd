"""Scanned files to grey pages: PDFs rasterised in-process (pypdfium2), PNG, JPEG and TIFF
(every frame of a multi-page TIFF). A file that cannot be read becomes a page with an error,
never an exception: the batch goes on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np

PDF_DPI = 200  # enough for 5 mm bubbles and the QR code's 0.6 mm modules
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}


@dataclass(frozen=True)
class PageImage:
    source: str  # the path as given
    page: int  # 1-based page (or frame) within the file
    image: np.ndarray | None  # grey, uint8
    error: str = ""


def _pdf_pages(path: Path) -> Iterator[PageImage]:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(path))
    except Exception as exc:  # pdfium raises its own error types for broken or encrypted files
        yield PageImage(str(path), 1, None, f"not a readable PDF ({exc})")
        return
    try:
        for i in range(len(doc)):
            try:
                bitmap = doc[i].render(scale=PDF_DPI / 72, grayscale=True)
                yield PageImage(str(path), i + 1, np.array(bitmap.to_pil().convert("L")))
            except Exception as exc:
                yield PageImage(str(path), i + 1, None, f"page could not be rasterised ({exc})")
    finally:
        doc.close()


def _image_pages(path: Path) -> Iterator[PageImage]:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            for i, frame in enumerate(ImageSequence.Iterator(im)):
                yield PageImage(str(path), i + 1, np.array(frame.convert("L")))
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        yield PageImage(str(path), 1, None, f"not a readable image ({exc})")


def read_pages(paths: list[Path]) -> Iterator[PageImage]:
    for path in paths:
        suffix = Path(path).suffix.lower()
        if suffix == ".pdf":
            yield from _pdf_pages(Path(path))
        elif suffix in IMAGE_SUFFIXES:
            yield from _image_pages(Path(path))
        else:
            yield PageImage(str(path), 1, None, "not a PDF, PNG, JPEG or TIFF file")
