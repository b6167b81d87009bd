"""``lstmq exam`` and ``lstmq grade``: thin Click commands over ``jobs.exam`` and ``grading.grade``.

Errors are raised, never printed here: ``LstmqGroup.main`` turns them into one line and an
exit code.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..limits import MAX_VERSIONS
# The default instructions live with the exam writer, which fits them to the exam's kinds.
from ..outputs.exam.versions import DEFAULT_INSTRUCTIONS
from .options import COUNT, FORCE_HELP, SEED, SafePath, Text, difficulty_option, family_option, say

MAX_TITLE = 200  # title, course and date: one line of a page header
MAX_INSTRUCTIONS = 2000
DEFAULT_TITLE = "PyTorch nn.LSTM: multiple-choice exam"


@click.command()
@click.option("--versions", type=click.IntRange(min=1, max=MAX_VERSIONS), default=2, show_default=True,
              help=f"How many versions (A ... Z, then AA, AB, ...; 1 to {MAX_VERSIONS}).")
@click.option("--count", type=COUNT, default=None,
              help="Questions per version. Default: 20 for a fresh draw, the whole bank with --bank.")
@click.option("--seed", type=SEED, default=0, show_default=True,
              help="Master seed of the draw and of every shuffle: same seed, same exams.")
@family_option
@difficulty_option
@click.option("--bank", type=SafePath(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Take the questions from this bank instead of drawing new ones (torch is not run).")
@click.option("--exclude-flagged", "exclude_flagged", type=SafePath(exists=True, dir_okay=False, path_type=Path),
              default=None, metavar="STATS.json",
              help="Leave out the questions this stats file (lstmq grade --stats-out) flags. Needs --bank.")
@click.option("--distinct", is_flag=True,
              help="Give every version its own draw of questions instead of the same questions reordered.")
@click.option("--title", type=Text(MAX_TITLE), default=DEFAULT_TITLE, show_default=True,
              help=f"Exam title, printed on every page (at most {MAX_TITLE} characters).")
@click.option("--course", type=Text(MAX_TITLE), default="",
              help="Course name, printed under the title and in the footer.")
@click.option("--date", "date_", type=Text(MAX_TITLE), default="",
              help="Date as it should be printed (free text; no date if omitted).")
@click.option("--instructions", type=Text(MAX_INSTRUCTIONS), default=DEFAULT_INSTRUCTIONS,
              help=f"Instructions on the first page (at most {MAX_INSTRUCTIONS} characters); "
                   "an empty string leaves them out. The default is reworded for an exam that holds "
                   "multiple-answer or numeric questions.")
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False), default="a4",
              show_default=True, help="Paper size.")
@click.option("--out", type=SafePath(file_okay=False, path_type=Path), default=Path("exams"),
              show_default=True, help="Folder for the exams; lstmq's files in it are replaced as a whole.")
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Also make PDFs (WeasyPrint).")
@click.option("--sheet", is_flag=True,
              help="Add machine-readable answer sheets (QR code, corner squares, bubbles) and sheets.json "
                   "for `lstmq scan`.")
@click.option("--roster", type=SafePath(exists=True, dir_okay=False, path_type=Path), default=None,
              help="CSV with columns id,name: one copy per student (own question and option order, name "
                   "and id on every page), copies/*.pdf and class.pdf, instead of --versions.")
@click.option("--jobs", type=click.IntRange(min=1, max=64), default=1, show_default=True,
              help="Worker processes for the --roster copies (the files are the same for any number).")
@click.option("--force", is_flag=True, help=FORCE_HELP)
@click.pass_context
def exam(ctx, versions, count, seed, families_, difficulty, bank, exclude_flagged, distinct, title, course, date_,
         instructions, paper, out, pdf, sheet, roster, jobs, force):
    """Make printable exam versions with answer keys (HTML and PDF) and key.csv.

    With --sheet, also answer sheets that `lstmq scan` reads back; with --roster, one copy per
    student instead of versions.
    """
    from ..jobs.exam import ExamRequest, make_exam
    from ..outputs.exam.versions import ExamInfo

    if not title.strip():
        raise click.BadParameter("must not be empty", param_hint="'--title'")
    if roster is not None and ctx.get_parameter_source("versions") == click.core.ParameterSource.COMMANDLINE:
        raise click.UsageError("--roster makes one copy per student; leave out --versions")
    exclude: frozenset[str] = frozenset()
    if exclude_flagged is not None:
        from ..grading.items import flagged_ids

        if bank is None:
            raise click.UsageError("--exclude-flagged names questions of a bank; use it with --bank")
        exclude = frozenset(flagged_ids(exclude_flagged))
    req = ExamRequest(versions=versions, seed=seed, count=count, families=tuple(families_),
                      difficulties=tuple(difficulty), bank=bank, distinct=distinct, roster=roster,
                      sheet=sheet, jobs=jobs, exclude=exclude)
    info = ExamInfo(title=" ".join(title.split()), course=" ".join(course.split()),
                    date=" ".join(date_.split()), instructions=instructions.strip(), paper=paper.lower())
    made = make_exam(req, info, out, pdf=pdf, force=force)
    if roster is not None:
        extra = ", answer sheets, sheets.json" if sheet else ""
        say(f"wrote {len(made.letters)} student copies of {made.questions} questions to {out}/ "
        f"(copies/*.pdf, class.pdf{extra}, key.csv)")
        return
    count = len(made.letters)
    letters = ", ".join(made.letters) if count <= 30 else f"{made.letters[0]} to {made.letters[-1]}"
    kinds = "HTML and PDF" if pdf else "HTML"
    extra = ", answer sheets, sheets.json" if sheet else ""
    say(f"wrote {count} version{'s' if count != 1 else ''} ({letters}) of "
        f"{made.questions} questions to {out}/ ({kinds}, answer keys{extra}, key.csv)")


@click.command()
@click.option("--key", "key_path", required=True,
              type=SafePath(exists=True, dir_okay=False, path_type=Path),
              help="The key.csv that `lstmq exam` wrote.")
@click.option("--out", type=SafePath(file_okay=False, path_type=Path), default=None,
              help="Folder for the two reports. Default: beside RESPONSES.")
@click.option("--report", type=SafePath(dir_okay=False, path_type=Path), default=None, metavar="FILE.html",
              help="Write the item-analysis report (charts, flagged questions, misconceptions) here, "
                   "and a PDF of it beside it.")
@click.option("--feedback", type=SafePath(file_okay=False, path_type=Path), default=None, metavar="DIR",
              help="Write one feedback page per student (HTML and PDF) into this folder.")
@click.option("--stats-out", "stats_out", type=SafePath(dir_okay=False, path_type=Path), default=None,
              metavar="STATS.json", help="Keep each question's figures by question id (for lstmq exam "
                                         "--exclude-flagged).")
@click.option("--bank", type=SafePath(exists=True, dir_okay=False, path_type=Path), default=None,
              help="The exam's bank.json, for question texts, families and levels. Default: the "
                   "bank.json beside key.csv, if there is one.")
@click.option("--pdf/--no-pdf", default=True, show_default=True,
              help="Also make PDFs of --report and --feedback (WeasyPrint).")
@click.option("--partial", is_flag=True,
              help="Per-option credit on multiple-answer questions: each right option marked earns 1/R, "
                   "each wrong one costs 1/W, never below 0 per question (Moodle's rule). Default: all or "
                   "nothing. Adds a points column to the scores.")
@click.option("--force", is_flag=True, help=FORCE_HELP)
@click.argument("responses", type=SafePath(exists=True, dir_okay=False, path_type=Path))
def grade(key_path, out, report, feedback, stats_out, bank, pdf, partial, force, responses):
    """Score RESPONSES (CSV: student_id,version,q1,q2,...) against key.csv.

    A cell holds a letter, every letter marked for a select-all question ("AC"), or a number
    for a numeric question (right within the key's tolerance).

    Writes RESPONSES-scores.csv (per student) and RESPONSES-questions.csv (per question and
    wrong option, with its misconception), and prints a short summary. Rows that cannot be
    graded are listed and skipped; the exit code is then 1. --report, --feedback and
    --stats-out add the item analysis, written in the same step.
    """
    from ..grading.grade import grade_files
    from ..grading.items import default_bank
    from ..jobs.analysis import AnalysisRequest, analysis_stage

    if report is not None and report.suffix.lower() not in (".html", ".htm"):
        raise click.BadParameter("must name an .html file (the PDF goes beside it)", param_hint="'--report'")
    if feedback is not None and default_bank(key_path, bank) is None:
        raise click.UsageError("--feedback prints each student's questions: it needs the exam's bank.json "
                               "(beside key.csv, or --bank)")
    analysis = AnalysisRequest(report=report, feedback=feedback, stats_out=stats_out, bank=bank, pdf=pdf,
                               partial=partial)
    result = grade_files(key_path, responses, out, force=force, more=analysis_stage(analysis, key_path),
                         partial=partial)
    for bad in result.bad_rows:
        click.echo(f"lstmq: row {bad.row}: {bad.reason}", err=True)
    for line in result.summary:
        say(line)
    say(f"wrote {result.scores_path} and {result.report_path}")
    written = [str(p) for p in (report, stats_out) if p is not None]
    if report is not None and pdf:
        written.insert(1, str(report.with_suffix(".pdf")))
    if feedback is not None:
        written.append(f"{feedback}/ (one page per student)")
    if written:
        say("wrote " + ", ".join(written))
    result.raise_if_rows_failed()
