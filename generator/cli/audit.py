"""``lstmq audit``: the item-quality report of a bank. Reads the bank only; never runs torch."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import LstmqError, RequestError
from .options import SafePath

BANK = SafePath(dir_okay=True, path_type=Path)  # load_bank says what is wrong with a bad path


@click.command("audit")
@click.argument("bank", type=BANK)
@click.option("--family", "families_", multiple=True, metavar="NAME",
              help="Only these families of the bank (repeatable). Default: all.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (schema lstmq-audit/1).")
@click.option("--markdown", is_flag=True, help="Print the tables as Markdown (for docs/quality.md).")
@click.option("--items", is_flag=True, help="Also list every flagged item, one line each (text output).")
@click.option("--stats", "stats_path", type=SafePath(exists=True, dir_okay=False, path_type=Path),
              metavar="STATS.json",
              help="Show the figures a graded exam measured (the file lstmq grade --stats-out wrote) "
                   "beside the cues: per family the mean p and discrimination of the items it covers; "
                   "with --items, each item's p, discrimination and flags.")
@click.option("--strict", is_flag=True,
              help="Exit with 1 when a limit fails or cannot be measured from the bank.")
def audit_command(bank: Path, families_: tuple[str, ...], as_json: bool, markdown: bool, items: bool,
                  stats_path: Path | None, strict: bool) -> None:
    """Report item-writing flaws in BANK: answer cues, repetition, explanation flaws.

    Per family and overall, following Haladyna, Downing & Rodriguez's multiple-choice
    guidelines and the item-writing-flaw rubric; docs/quality.md defines every check and its
    limit. The bank is only read.
    """
    from ..audit import audit, render_json, render_markdown, render_text
    from ..bank.file import load_bank
    from ..itemstats import read_stats

    if as_json and markdown:
        raise RequestError("--json and --markdown: choose one output format")
    stats = read_stats(stats_path, "--stats") if stats_path is not None else None
    loaded = load_bank(bank)
    if not loaded.questions:
        raise LstmqError(f"{bank}: holds no questions; there is nothing to audit")
    present = list(dict.fromkeys(q.family for q in loaded.questions))
    missing = [name for name in families_ if name not in present]
    if missing:
        raise RequestError(f"--family {missing[0]}: {bank} holds no questions of that family "
                           f"(it holds {', '.join(present)})")
    report = audit(loaded.questions, str(bank), families=families_, stats=stats)
    if as_json:
        click.echo(render_json(report), nl=False)
    elif markdown:
        click.echo(render_markdown(report), nl=False)
    else:
        click.echo(render_text(report, items=items), nl=False)
    if strict and not report.passed:
        raise LstmqError(f"audit: {len(report.failures)} limit(s) not met (--strict)")
