"""Answer sheets to PDF with Typst: the layout's shapes, plus the text a person reads.

Typst was chosen over WeasyPrint by ``benchmarks/sheets.py`` (see docs/exams.md): it places
every shape at an exact millimetre position and compiles a sheet in a few milliseconds. Only
Typst's own embedded fonts are used, and the document date is left out, so the same sheets
give the same bytes on any machine.
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass
from importlib import resources

from ...errors import LstmqError
from . import code as sheet_code
from .layout import FIDUCIAL_HOLE, LABELS, PageLayout, SheetSpec, layout


class SheetRenderError(LstmqError):
    """Typst failed on a sheet (a bug, since every input is data, never markup)."""


@dataclass(frozen=True)
class SheetText:
    """What a sheet prints besides its geometry."""

    title: str
    course: str
    copy_label: str  # "Version B" or "Copy 12 · version AB"
    student_name: str = ""
    student_id: str = ""


def qr_svg(text: str) -> str:
    import segno

    buf = io.BytesIO()
    segno.make(text, error="h", micro=False, boost_error=False).save(buf, kind="svg", border=4, xmldecl=False,
                                                                     svgns=True, nl=False)
    return buf.getvalue().decode("ascii")


def page_data(page: PageLayout, spec: SheetSpec, text: SheetText, code: sheet_code.SheetCode) -> dict:
    """One sheet page as the template reads it (numbers in millimetres)."""
    footer = (f"lstmq answer sheet {code.exam} · copy {code.copy} · page {code.page}. "
              "Keep this page flat and unfolded; do not write over the corner squares or the QR code.")
    return {
        "title": text.title, "course": text.course, "copy_label": text.copy_label,
        "student_name": text.student_name, "student_id": text.student_id,
        "page": page.page, "pages": page.pages, "hole": FIDUCIAL_HOLE,
        "fiducials": [asdict(f) for f in page.fiducials],
        "qr": {**asdict(page.qr), "svg": qr_svg(sheet_code.encode(code))},
        "legend": asdict(page.legend),
        "id_grid": asdict(page.id_grid) if page.id_grid else None,
        "id_digits": spec.id_digits,
        "id_bubbles": [asdict(b) for b in page.id_bubbles],
        "columns": [{"x": x, "numbers": list(numbers),
                     "labels": list(LABELS[:max(spec.options[n - 1] for n in numbers)])}
                    for x, numbers in page.columns],
        "rows_top": page.rows_top,
        "bubbles": [asdict(b) for b in page.bubbles],
        "footer": footer,
        # What the legend must explain besides round bubbles (both false on a single-choice sheet).
        "squares": "multiple" in spec.kinds,
        "write_ins": [asdict(w) for w in page.write_ins],
        "numeric": "numeric" in spec.kinds,
    }


def sheet_pages(spec: SheetSpec, text: SheetText, exam: str, copy: int) -> list[dict]:
    return [page_data(p, spec, text, sheet_code.SheetCode(exam, copy, p.page)) for p in layout(spec)]


_TEMPLATES: dict[str, bytes] = {}


def template(main: str) -> bytes:
    """The drawing functions of sheet.typ followed by the main document ``main``."""
    if main not in _TEMPLATES:
        folder = resources.files("lstmq.templates").joinpath("sheet")
        _TEMPLATES[main] = folder.joinpath("sheet.typ").read_bytes() + b"\n" + folder.joinpath(main).read_bytes()
    return _TEMPLATES[main]


def typst_pdf(source: bytes, data: dict) -> bytes:
    """Compile ``source`` with ``data`` as ``sys.inputs.data``; Typst's own fonts only."""
    import typst

    try:
        compiler = typst.Compiler(source, ignore_system_fonts=True,
                                  sys_inputs={"data": json.dumps(data, ensure_ascii=False, sort_keys=True)})
        return compiler.compile(format="pdf")
    except typst.TypstError as exc:
        raise SheetRenderError(f"Typst could not make the PDF: {exc.message}") from None


def sheets_pdf(pages: list[dict], width: float, height: float, title: str) -> bytes:
    return typst_pdf(template("sheets.typ"), {"title": title, "width": width, "height": height, "sheets": pages})
