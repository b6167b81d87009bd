"""Find a sheet on a scanned page: its QR code first, then the four corner squares.

The QR code says which exam, copy and page this is, and its corners (zxing-cpp reports them in
the symbol's own orientation) give a rough affine map from the layout to the image, whatever
the page's rotation. Each corner square is then looked for near where that map puts it; their
four centres give the exact homography (OpenCV). The hollow square must land at the layout's
bottom right: the shapes agree with the code's orientation or the page goes to review.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

from ...outputs.sheet import code as sheet_code
from ...outputs.sheet.layout import PageLayout, QR_SIZE

SEARCH_MM = 9.0  # half-width of the window a corner square is looked for in
AGREE_MM = 2.5
QR_READ_WIDTH = 1300  # pixels across the page the QR code is looked for at (about 150 dpi)  # the QR's corners, mapped by the corner squares, must fall this close


class PageProblem(Exception):
    """Why a page cannot be read; the reason goes to review.csv as it is."""


@dataclass(frozen=True)
class Located:
    code: sheet_code.SheetCode
    homography: np.ndarray  # layout millimetres -> image pixels
    px_per_mm: float


def read_code(image: np.ndarray) -> tuple[sheet_code.SheetCode, np.ndarray, str]:
    """The sheet code, the QR's four corners in the image (tl, tr, br, bl) and its text."""
    import zxingcpp

    # Large scans are read at about 150 dpi: the code's 0.6 mm modules stay 3 or more pixels
    # wide, and the search is several times quicker. Corners are mapped back to full size.
    shrink = max(1, image.shape[1] // QR_READ_WIDTH)
    small = image if shrink == 1 else cv2.resize(image, (image.shape[1] // shrink, image.shape[0] // shrink),
                                                 interpolation=cv2.INTER_AREA)
    found = zxingcpp.read_barcodes(small, formats=zxingcpp.BarcodeFormat.QRCode, try_invert=False)
    if not found and shrink > 1:
        found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode, try_invert=False)
        shrink = 1
    if not found:
        raise PageProblem("no QR code found (not an answer sheet, or the code is damaged or cut off)")
    for result in found:
        decoded = sheet_code.decode(result.text)
        if decoded is not None:
            p = result.position
            corners = np.array([[p.top_left.x, p.top_left.y], [p.top_right.x, p.top_right.y],
                                [p.bottom_right.x, p.bottom_right.y], [p.bottom_left.x, p.bottom_left.y]],
                               dtype=np.float64)
            return decoded, (corners + 0.5) * shrink - 0.5, result.text
    raise PageProblem(f"the QR code is not an lstmq sheet code or its checksum is wrong ({found[0].text[:40]!r})")


@lru_cache(maxsize=64)
def _symbol_modules(text: str) -> int:
    import segno

    return segno.make(text, error="h", micro=False, boost_error=False).symbol_size(border=0)[0]


def qr_corners_mm(page: PageLayout, text: str) -> np.ndarray:
    """The QR symbol's corners on the layout (the drawn box includes a 4-module quiet zone)."""
    n = _symbol_modules(text)
    module = QR_SIZE / (n + 8)
    x0, y0 = page.qr.x + 4 * module, page.qr.y + 4 * module
    x1, y1 = x0 + n * module, y0 + n * module
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float64)


def _apply(matrix: np.ndarray, points: np.ndarray) -> np.ndarray:
    pts = np.hstack([points, np.ones((len(points), 1))]) @ matrix.T
    return pts[:, :2] / pts[:, 2:3] if matrix.shape[0] == 3 else pts


def _find_square(image: np.ndarray, centre: np.ndarray, scale: float, size_mm: float, hole_mm: float,
                 name: str) -> tuple[np.ndarray, bool]:
    """Centre of the corner square nearest ``centre`` and whether its middle is white."""
    h, w = image.shape
    half = int(SEARCH_MM * scale)
    cx, cy = int(round(centre[0])), int(round(centre[1]))
    x0, y0, x1, y1 = max(0, cx - half), max(0, cy - half), min(w, cx + half), min(h, cy + half)
    if x1 - x0 < half or y1 - y0 < half:
        raise PageProblem(f"the {name} corner square is off the page (page cut off or badly shifted)")
    window = image[y0:y1, x0:x1]
    if int(np.percentile(window, 95)) - int(np.percentile(window, 5)) < 60:
        raise PageProblem(f"the {name} corner square is missing or too faint")
    _, binary = cv2.threshold(window, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    count, _, stats, centroids = cv2.connectedComponentsWithStats(binary, connectivity=8)
    side = size_mm * scale
    want = (size_mm ** 2 - hole_mm ** 2) * scale ** 2
    best, best_d = None, None
    for i in range(1, count):
        x, y, bw, bh, area = stats[i]
        if not (0.45 * want <= area <= 1.7 * want and 0.7 * side <= bw <= 1.6 * side and 0.7 * side <= bh <= 1.6 * side):
            continue
        d = float(np.hypot(centroids[i][0] + x0 - centre[0], centroids[i][1] + y0 - centre[1]))
        if best_d is None or d < best_d:
            best, best_d = i, d
    if best is None:
        raise PageProblem(f"the {name} corner square was not found where the QR code puts it")
    found = np.array([centroids[best][0] + x0, centroids[best][1] + y0])
    mx, my = int(round(centroids[best][0])), int(round(centroids[best][1]))
    hollow = binary[my, mx] == 0
    return found, bool(hollow)


def locate(image: np.ndarray, page_of) -> Located:
    """``page_of(code, text)`` gives the code's page layout or raises PageProblem."""
    code, qr_px, text = read_code(image)
    page: PageLayout = page_of(code)
    qr_mm = qr_corners_mm(page, text)
    rough, _ = cv2.estimateAffine2D(qr_mm.astype(np.float32), qr_px.astype(np.float32))
    if rough is None:
        raise PageProblem("the QR code's corners are degenerate")
    scale = float(np.sqrt(abs(np.linalg.det(rough[:, :2]))))
    if scale < 2.0:
        raise PageProblem(f"the scan is too coarse ({scale * 25.4:.0f} dpi; at least 100 dpi needed)")
    from ...outputs.sheet.layout import FIDUCIAL_HOLE

    src, dst = [], []
    for f in page.fiducials:
        guess = _apply(rough, np.array([[f.x, f.y]]))[0]
        centre, hollow = _find_square(image, guess, scale, f.size, FIDUCIAL_HOLE if f.hollow else 0.0, f.corner)
        if hollow != f.hollow:
            raise PageProblem(f"the {f.corner} corner square has the wrong shape for the QR code's orientation")
        src.append([f.x, f.y])
        dst.append(centre)
    homography = cv2.getPerspectiveTransform(np.array(src, dtype=np.float32), np.array(dst, dtype=np.float32))
    err = np.max(np.hypot(*(_apply(homography, qr_mm) - qr_px).T)) / scale
    if err > AGREE_MM:
        raise PageProblem(f"the corner squares and the QR code disagree by {err:.1f} mm (folded, torn or "
                          "a page of another size?)")
    return Located(code, homography.astype(np.float64), scale)
