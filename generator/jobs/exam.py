"""The whole ``lstmq exam`` job: get the questions, make the versions, write every file at once.

Questions come from a fresh draw (torch verifies them) or from a bank (torch is never
imported). Versions without answer sheets or a roster are made, rendered and written into the
staging folder one at a time (``write_versions``), so memory holds one version's pages, not
every page; copies and sheets need every version and are built together (``exam_files``).
Either way the folder is swapped in whole (``outputs.files.Outputs``), so a failed or stopped
run leaves the previous exams untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from ..bank.file import bank_chunks, load_bank, make_header
from ..errors import RequestError
from ..model import Question
from ..outputs.exam.html import ExamRenderer, render_key, render_student
from ..outputs.exam.versions import (
    ExamInfo,
    RunningFingerprint,
    Version,
    draw_seed,
    fitting_instructions,
    has_kinds,
    iter_versions,
    key_csv,
    key_csv_from_texts,
    key_row_texts,
    make_versions,
    pick_from_bank,
    version_letters,
)
from ..outputs.files import Outputs, write_into

DEFAULT_COUNT = 20


@dataclass(frozen=True)
class ExamRequest:
    versions: int
    seed: int
    count: int | None = None
    families: tuple[str, ...] = ()
    difficulties: tuple[str, ...] = ()
    bank: Path | None = None
    distinct: bool = False
    exclude: frozenset[str] = frozenset()  # question ids left out of a bank draw (--exclude-flagged)
    roster: Path | None = None  # one copy per student (Typst), instead of --versions
    sheet: bool = False  # machine-readable answer sheets and sheets.json
    jobs: int = 1  # worker processes for the Typst copies


def _fresh_draw(count: int, seed: int, families: Sequence[str], difficulties: Sequence[str]) -> list[Question]:
    from ..engine.draw import draw
    from ..engine.plan import plan

    slots = plan(count, list(families), list(difficulties))  # fail fast on an impossible request, before torch loads
    return list(draw(slots, seed))


def question_sets(req: ExamRequest, copies: int | None = None) -> tuple[list[list[Question]], dict]:
    """One question list per version (``copies`` of them with a roster), and the header for
    the bank of every question used."""
    letters = version_letters(copies or req.versions)
    if req.exclude and req.bank is None:
        raise RequestError("--exclude-flagged names questions of a bank; use it with --bank")
    if req.bank is not None:
        if req.distinct:
            raise RequestError("--distinct draws new questions for each version; it cannot be used with --bank")
        bank = load_bank(req.bank)
        kept = [q for q in bank.questions if q.id not in req.exclude]
        if not kept:
            raise RequestError(f"--exclude-flagged leaves none of the bank's {len(bank.questions)} questions")
        chosen = pick_from_bank(kept, req.count, req.seed, req.families, req.difficulties)
        torch_version = bank.header["torch_version"]
        return [chosen] * len(letters), make_header(req.seed, _options(req), torch_version)
    count = req.count or DEFAULT_COUNT
    if req.distinct:
        sets = [_fresh_draw(count, draw_seed(req.seed, letter), req.families, req.difficulties)
                for letter in letters]
    else:
        sets = [_fresh_draw(count, req.seed, req.families, req.difficulties)] * len(letters)
    from ..engine.runner import TORCH_VERSION  # already loaded by the draw

    return sets, make_header(req.seed, _options(req), TORCH_VERSION)


def _options(req: ExamRequest) -> dict:
    return {"exam": True, "versions": req.versions, "count": req.count,
            "families": list(req.families), "difficulties": list(req.difficulties),
            "distinct": req.distinct, "from_bank": req.bank is not None,
            **({"roster": True} if req.roster else {}), **({"sheet": True} if req.sheet else {}),
            **({"excluded": sorted(req.exclude)} if req.exclude else {})}


def _unique(sets: Sequence[Sequence[Question]]) -> list[Question]:
    seen, out = set(), []
    for questions in sets:
        for q in questions:
            if q.id not in seen:
                seen.add(q.id)
                out.append(q)
    return out


@dataclass(frozen=True)
class ExamMade:
    """What ``make_exam`` wrote, for the command's closing line."""

    letters: tuple[str, ...]
    questions: int  # per version or copy


def write_versions(staging: Path, versions: Iterable[Version], info: ExamInfo, header: dict,
                   questions: Sequence[Question], pdf: bool = True) -> ExamMade:
    """The files ``exam_files`` makes for versions without sheets, written into ``staging``
    one version at a time: each version's pages are rendered, written and let go before the
    next is made, so memory holds one version (and key.csv's rows), never every page."""
    renderer = ExamRenderer()  # templates compiled once, each text's HTML made once
    fingerprint = RunningFingerprint()
    kinds = has_kinds(questions)  # every version holds only questions of ``questions``
    key_texts: list[str] = []
    letters, count = [], 0
    for v in versions:
        for name, render in ((f"exam-{v.letter}", render_student), (f"key-{v.letter}", render_key)):
            page = render(info, v, renderer)
            write_into(staging, f"{name}.html", page)
            if pdf:
                from ..outputs.exam.pdf import html_to_pdf  # WeasyPrint loads only when a PDF is made

                write_into(staging, f"{name}.pdf", html_to_pdf(page))
            del page
        fingerprint.add(v)
        key_texts += key_row_texts(v, kinds)
        letters.append(v.letter)
        count = len(v.questions)
    write_into(staging, "key.csv", key_csv_from_texts(key_texts, fingerprint.hexdigest(), kinds))
    write_into(staging, "bank.json", bank_chunks(header, questions))
    return ExamMade(tuple(letters), count)


def exam_files(versions: Sequence[Version], info: ExamInfo, header: dict, questions: Sequence[Question],
               pdf: bool = True, sheet: bool = False, students=None, jobs: int = 1) -> dict[str, str | bytes]:
    """Every file of an exam folder, by name."""
    key_text = key_csv(versions)
    if students:  # one Typst copy per student instead of the HTML versions
        from ..outputs.sheet.printing import roster_files

        files = roster_files(versions, info, students, sheet, jobs)
        files["key.csv"] = key_text
        files["bank.json"] = "".join(bank_chunks(header, questions))
        return files
    files: dict[str, str | bytes] = {}
    renderer = ExamRenderer()
    for v in versions:
        files[f"exam-{v.letter}.html"] = render_student(info, v, renderer)
        files[f"key-{v.letter}.html"] = render_key(info, v, renderer)
    if pdf:
        from ..outputs.exam.pdf import html_to_pdf  # WeasyPrint loads only when a PDF is made

        for name in [n for n in files if n.endswith(".html")]:
            files[name[:-len(".html")] + ".pdf"] = html_to_pdf(files[name])
    if sheet:
        from ..outputs.sheet.printing import sheet_files

        files.update(sheet_files(versions, info))
    files["key.csv"] = key_text
    files["bank.json"] = "".join(bank_chunks(header, questions))
    return files


def ensure_out_dir(out: Path) -> None:
    """The output folder is swapped whole: never the current folder or one that holds it."""
    here = Path.cwd().resolve()
    target = Path(out).resolve()
    if target == here or target in here.parents:
        raise RequestError(f"--out {out}: must be a folder of its own, not the current folder or one above it")


def make_exam(req: ExamRequest, info: ExamInfo, out: Path, pdf: bool = True, force: bool = False) -> ExamMade:
    ensure_out_dir(out)
    outputs = Outputs(force=force)
    outputs.ensure_folder_writable(Path(out), kind="exam")  # before the draw and the PDFs: fail fast
    students = None
    if req.roster is not None:
        from .roster import read_roster

        if req.distinct:
            raise RequestError("--distinct cannot be used with --roster (one draw is shared by every student)")
        if not pdf:
            raise RequestError("--roster makes PDF copies (Typst); it cannot be used with --no-pdf")
        students = read_roster(req.roster)
    sets, header = question_sets(req, len(students) if students else None)
    info = fitting_instructions(info, _unique(sets))
    if students or req.sheet:  # copies and sheets are made from every version together
        versions = make_versions(sets, req.seed)
        files = exam_files(versions, info, header, _unique(sets), pdf, req.sheet, students, req.jobs)
        with outputs:
            outputs.tree(Path(out), files, kind="exam")
        return ExamMade(tuple(v.letter for v in versions), len(versions[0].questions))
    with outputs:
        staging = outputs.folder(Path(out), kind="exam")
        return write_versions(staging, iter_versions(sets, req.seed), info, header, _unique(sets), pdf)
