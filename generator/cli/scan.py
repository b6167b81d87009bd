"""``lstmq scan``: a thin Click command over ``lstmq.grading.scan`` (OpenCV loads only when it runs)."""

from __future__ import annotations

from pathlib import Path

import click

from .options import FORCE_HELP, SafePath


@click.command()
@click.argument("scans", nargs=-1, type=SafePath(exists=True, dir_okay=False, path_type=Path))
@click.option("--exam", "exam_dir", type=SafePath(exists=True, file_okay=False, path_type=Path), default=None,
              help="The exam folder `lstmq exam --sheet` (or --roster) wrote: its sheets.json says what "
                   "each page is.")
@click.option("-o", "--out", "out", type=SafePath(dir_okay=False, path_type=Path), default=Path("responses.csv"),
              show_default=True, help="The responses CSV for `lstmq grade`.")
@click.option("--review", "review_path", type=SafePath(dir_okay=False, path_type=Path), default=None,
              help="Where the items for review go. Default: review.csv beside --out.")
@click.option("--pages", "pages_dir", type=SafePath(file_okay=False, path_type=Path), default=None,
              help="Folder for the annotated page images. Default: <out>-pages beside --out.")
@click.option("--apply", "apply_path", type=SafePath(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Instead of scanning, write the answers filled into this review.csv into --out.")
@click.option("--force", is_flag=True, help=FORCE_HELP)
def scan(scans, exam_dir, out, review_path, pages_dir, apply_path, force):
    """Read filled answer sheets (PDF, PNG, JPEG, TIFF; any page order) into responses for `lstmq grade`.

    Every page is located by its QR code and corner squares, and each bubble is compared with
    the page's own empty bubbles. Clear marks go into --out; anything unclear (a partial,
    faint or erased-looking mark, two marks on a row, an unreadable student number, an
    unreadable, duplicate or missing page) goes to review.csv with the reason, and its cell
    in --out holds "?" until `lstmq scan --apply review.csv` writes the teacher's decisions.
    One bad page never stops the batch. Exit code 0: everything read; 1: something needs
    review (all files are still written); 2: bad usage.
    """
    if apply_path is not None:
        if scans or exam_dir:
            raise click.UsageError("--apply takes only review.csv and --out, no scans or --exam")
        _apply(apply_path, out, force)
        return
    if not scans:
        raise click.UsageError("give the scanned files (PDF, PNG, JPEG or TIFF)")
    if exam_dir is None:
        raise click.UsageError("--exam DIR is required: the folder of the exam these sheets belong to")
    from ..grading.scan.job import ScanIncomplete, default_paths, run_scan

    paths = default_paths(out, review_path, pages_dir)
    result = run_scan(list(scans), exam_dir, paths, force=force)
    blank = f", {result.blank} blank skipped" if result.blank else ""
    click.echo(f"read {result.pages_read} of {result.pages_total} pages ({result.sheets} students{blank}) into "
               f"{paths.responses}; annotated pages in {paths.pages}/")
    if result.review:
        raise ScanIncomplete(f"{len(result.review)} items need review: see {paths.review}, fill its answer "
                             f"column, then run `lstmq scan --apply {paths.review} -o {paths.responses}`")
    click.echo(f"nothing to review ({paths.review} is empty)")


def _apply(review: Path, out: Path, force: bool) -> None:
    from ..outputs.files import Outputs
    from ..grading.scan.job import ScanIncomplete, stage_responses
    from ..grading.scan.review import apply_review

    result = apply_review(review, out)
    with Outputs(force=force) as outputs:
        stage_responses(outputs, out, result.responses)
    click.echo(f"applied {result.applied} decisions to {out}")
    if result.undecided:
        raise ScanIncomplete(f"{result.undecided} cells or student ids are still undecided (\"?\") in {out}")
