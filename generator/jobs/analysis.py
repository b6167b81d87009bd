"""What ``lstmq grade --report/--feedback/--stats-out`` adds to grading: the figures, and the
report, feedback pages and stats file staged in grading's own output transaction, so either
every file is written or none is."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from ..errors import RequestError
from ..grading.grade import AnswerKey, Sheet
from ..grading.items import analyse_sheets, default_bank, load_exam_bank, printed_versions, stats_json
from ..grading.stats import Analysis
from ..outputs.files import Outputs, is_own_file


@dataclass(frozen=True)
class AnalysisRequest:
    report: Path | None = None
    feedback: Path | None = None
    stats_out: Path | None = None
    bank: Path | None = None
    pdf: bool = True
    partial: bool = False  # the feedback pages' scores: per-option credit on multiple-answer items

    @property
    def wanted(self) -> bool:
        return any(x is not None for x in (self.report, self.feedback, self.stats_out))


def analysis_stage(req: AnalysisRequest, key_path: Path) -> Callable[[AnswerKey, Sequence[Sheet], Outputs], None] | None:
    """The step ``grade_files`` runs inside its transaction, or None when nothing was asked for.
    The bank is read first, so a bad bank stops grading before anything is written."""
    if not req.wanted:
        return None
    bank = load_exam_bank(default_bank(key_path, req.bank))

    def stage(key: AnswerKey, sheets: Sequence[Sheet], outputs: Outputs) -> None:
        stage_analysis(req, key, sheets, bank, outputs)
    return stage


def stage_analysis(req: AnalysisRequest, key: AnswerKey, sheets: Sequence[Sheet],
                   exam_bank, outputs: Outputs) -> Analysis:
    """Compute the figures and stage the report, feedback and stats files in ``outputs``."""
    bank = {q.id: q for q in exam_bank.questions} if exam_bank is not None else None
    analysis = analyse_sheets(key, sheets, bank)
    versions = printed_versions(key, exam_bank) if exam_bank is not None and (req.report or req.feedback) else None
    if req.stats_out is not None:
        outputs.file(req.stats_out, stats_json(analysis, key.exam))
    if req.report is not None:
        from ..grading.report import report_html

        page = report_html(analysis, key, bank, versions)
        pdf_path = Path(req.report).with_suffix(".pdf")
        # The PDF is lstmq's when the report beside it is (a PDF does not start with a mark).
        pdf_ours = pdf_path.is_file() and is_own_file(Path(req.report))
        outputs.file(req.report, page)
        if req.pdf:
            from ..outputs.exam.pdf import html_to_pdf

            outputs.file(pdf_path, html_to_pdf(page), replace_any=pdf_ours)
    if req.feedback is not None:
        if versions is None:
            raise RequestError("--feedback needs the exam's bank.json to print each question: pass --bank")
        from ..grading.feedback import feedback_files

        outputs.tree(req.feedback, feedback_files(key, sheets, versions, pdf=req.pdf, partial=req.partial))
    return analysis
