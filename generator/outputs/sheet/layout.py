"""Where everything on an answer sheet is, in millimetres from the page's top-left corner.

Pure and torch-free: the renderer draws these shapes and the scanner measures them, so one
change here moves both. A sheet holds four corner fiducials (three solid squares and a hollow
one at the bottom right, so a page turned upside down is still recognised), a QR code that
names the exam, copy and page, a student-number grid on every page of an anonymous sheet, and one row of bubbles per
question, read column by column. A multiple-answer item's row has square boxes (several may
be filled; the scanner measures the same disk inside them); a numeric item's row is a box to
write the number in, which the scanner does not read: it goes to the teacher.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
LABELS = "ABCDEFGHIJ"  # option letters; today's questions use the first four
LABELS_PRINTED = "ABCD"  # the options of today's questions: a sheet of numeric items only is this wide
WRITE_IN_HEIGHT = 6.0

FIDUCIAL_INSET = 12.0  # fiducial centre, from each edge
FIDUCIAL_SIZE = 7.0
FIDUCIAL_HOLE = 3.0  # side of the white hole in the hollow (bottom-right) fiducial
QR_SIZE = 26.0
QR_TOP = 19.0
QR_RIGHT = 22.0  # distance of the QR's right edge from the page's right edge
BUBBLE_R = 2.5
ROW_PITCH = 7.0
OPTION_PITCH = 7.0
NUMBER_WIDTH = 10.0  # question number in front of each row
COLUMN_GAP = 6.0
CONTENT_LEFT = 20.0
CONTENT_RIGHT = 20.0
CONTENT_BOTTOM = 24.0
LEGEND_TOP = 50.0
LEGEND_HEIGHT = 15.0
ID_DIGITS = 8  # columns of the student-number grid on anonymous sheets
ID_PITCH_X = 6.0
ID_PITCH_Y = 5.4
ID_BUBBLE_R = 2.0
ID_HEADER = 13.0  # space above the digit grid: caption and the boxes to write the number in


@dataclass(frozen=True)
class Fiducial:
    corner: str  # "top-left", "top-right", "bottom-left", "bottom-right"
    x: float  # centre
    y: float
    size: float
    hollow: bool


@dataclass(frozen=True)
class Bubble:
    x: float  # centre
    y: float
    r: float
    question: int  # 1-based; 0 for a student-number bubble
    label: str  # option letter, or the digit of a student-number bubble
    column: int = 0  # student-number column (0-based); unused for questions
    square: bool = False  # a box of a multiple-answer row: several may be marked


@dataclass(frozen=True)
class Box:
    x: float  # top-left corner
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class WriteIn:
    """The box of a numeric item's row, where the student writes the number."""

    question: int
    x: float  # top-left corner
    y: float
    width: float
    height: float


KINDS = ("single", "multiple", "numeric")


@dataclass(frozen=True)
class SheetSpec:
    """All that decides a sheet's geometry: paper, options per question, student-number grid,
    and each question's kind (empty: every question is single-choice)."""

    paper: str
    options: tuple[int, ...]  # options[k] = how many options question k + 1 has (0: numeric)
    id_digits: int = 0  # 0: no grid (the copy already names its student)
    kinds: tuple[str, ...] = ()

    def kind(self, question: int) -> str:
        return self.kinds[question - 1] if self.kinds else "single"


@dataclass(frozen=True)
class PageLayout:
    page: int  # 1-based page of the sheet
    pages: int
    width: float
    height: float
    fiducials: tuple[Fiducial, ...]
    qr: Box
    legend: Box
    id_grid: Box | None
    id_bubbles: tuple[Bubble, ...]
    bubbles: tuple[Bubble, ...]  # question bubbles, question by question, option by option
    columns: tuple[tuple[float, tuple[int, ...]], ...]  # (x of the column, question numbers in it)
    rows_top: float
    write_ins: tuple[WriteIn, ...] = ()  # numeric items' boxes, in question order

    def questions(self) -> tuple[int, ...]:
        return tuple(n for _, numbers in self.columns for n in numbers)

    def row(self, question: int) -> tuple[Bubble, ...]:
        return tuple(b for b in self.bubbles if b.question == question)


def fiducials(width: float, height: float) -> tuple[Fiducial, ...]:
    i = FIDUCIAL_INSET
    return (Fiducial("top-left", i, i, FIDUCIAL_SIZE, False),
            Fiducial("top-right", width - i, i, FIDUCIAL_SIZE, False),
            Fiducial("bottom-left", i, height - i, FIDUCIAL_SIZE, False),
            Fiducial("bottom-right", width - i, height - i, FIDUCIAL_SIZE, True))


def column_width(options: int) -> float:
    return NUMBER_WIDTH + options * OPTION_PITCH + COLUMN_GAP


def _id_grid(digits: int) -> tuple[Box, tuple[Bubble, ...]]:
    box = Box(CONTENT_LEFT, LEGEND_TOP + LEGEND_HEIGHT + 4.0, digits * ID_PITCH_X + 4.0, ID_HEADER + 10 * ID_PITCH_Y + 2.0)
    bubbles = tuple(Bubble(box.x + 2.0 + (c + 0.5) * ID_PITCH_X, box.y + ID_HEADER + (d + 0.5) * ID_PITCH_Y,
                           ID_BUBBLE_R, 0, str(d), c)
                    for c in range(digits) for d in range(10))
    return box, bubbles


def layout(spec: SheetSpec) -> tuple[PageLayout, ...]:
    """Every page of the sheet; questions run down each column, then on to the next page."""
    if spec.paper not in PAPER_MM:
        raise ValueError(f"unknown paper {spec.paper!r}")
    if spec.kinds and (len(spec.kinds) != len(spec.options) or not set(spec.kinds) <= set(KINDS)):
        raise ValueError("kinds must name single, multiple or numeric for every question")
    chosen = [n for k, n in enumerate(spec.options, 1) if spec.kind(k) != "numeric"]
    if not spec.options or (chosen and (min(chosen) < 2 or max(chosen) > len(LABELS))):
        raise ValueError("every question needs between 2 and 10 options")
    if any(n for k, n in enumerate(spec.options, 1) if spec.kind(k) == "numeric"):
        raise ValueError("a numeric question has no options")
    width, height = PAPER_MM[spec.paper]
    widest = max(chosen, default=len(LABELS_PRINTED))
    col_w = column_width(widest)
    usable = width - CONTENT_LEFT - CONTENT_RIGHT
    n_columns = max(1, int((usable + COLUMN_GAP) // col_w))
    pages: list[dict] = []
    remaining = list(range(1, len(spec.options) + 1))
    while remaining or not pages:
        # Every page of an anonymous sheet carries the grid: each page names its student alone.
        id_box, id_bubbles = _id_grid(spec.id_digits) if spec.id_digits else (None, ())
        top = (id_box.y + id_box.height + 6.0) if id_box else LEGEND_TOP + LEGEND_HEIGHT + 6.0
        top += 6.0  # the option letters above each column
        rows = int((height - CONTENT_BOTTOM - top) // ROW_PITCH)
        taken = remaining[:rows * n_columns]
        remaining = remaining[len(taken):]
        per_column = -(-len(taken) // n_columns) if taken else 0
        columns = []
        bubbles = []
        write_ins = []
        for c in range(n_columns):
            numbers = tuple(taken[c * per_column:(c + 1) * per_column])
            if not numbers:
                continue
            x0 = CONTENT_LEFT + c * col_w
            columns.append((x0, numbers))
            for r, n in enumerate(numbers):
                y = top + (r + 0.5) * ROW_PITCH
                if spec.kind(n) == "numeric":
                    write_ins.append(WriteIn(n, x0 + NUMBER_WIDTH + 1.0, y - WRITE_IN_HEIGHT / 2,
                                             widest * OPTION_PITCH - 2.0, WRITE_IN_HEIGHT))
                square = spec.kind(n) == "multiple"
                for k in range(spec.options[n - 1]):
                    bubbles.append(Bubble(x0 + NUMBER_WIDTH + (k + 0.5) * OPTION_PITCH, y, BUBBLE_R, n, LABELS[k],
                                          square=square))
        pages.append(dict(id_grid=id_box, id_bubbles=id_bubbles, bubbles=tuple(bubbles),
                          columns=tuple(columns), rows_top=top, write_ins=tuple(write_ins)))
    count = len(pages)
    return tuple(PageLayout(page=i, pages=count, width=width, height=height, fiducials=fiducials(width, height),
                            qr=Box(width - QR_RIGHT - QR_SIZE, QR_TOP, QR_SIZE, QR_SIZE),
                            legend=Box(CONTENT_LEFT, LEGEND_TOP, width - CONTENT_LEFT - CONTENT_RIGHT, LEGEND_HEIGHT),
                            **p)
                 for i, p in enumerate(pages, 1))


def spec_for(options: Sequence[int], paper: str, anonymous: bool, kinds: Sequence[str] = ()) -> SheetSpec:
    """The spec of a sheet; ``kinds`` is left out (empty) when every question is single-choice."""
    kinds = tuple(kinds) if any(k != "single" for k in kinds) else ()
    return SheetSpec(paper, tuple(options), ID_DIGITS if anonymous else 0, kinds)
