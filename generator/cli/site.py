"""``lstmq build`` and ``lstmq serve``: the question site in one command.

Kept apart from ``cli.py`` and cheap to import: MkDocs (and torch, when a set must be drawn)
load only inside the commands.
"""

from __future__ import annotations

from pathlib import Path

import click

from .options import FORCE_HELP, SafePath

CONFIG_HELP = "MkDocs configuration. Default: mkdocs.yml here; a folder without one gets a starter site."
BANK_HELP = "Render this existing bank as the set (replacing that set's pages) before building."
SET_HELP = "Name of the set that --bank (or the starter draw) writes: docs/questions/SET/."


def _report_set(result) -> None:
    if result is None:
        return
    click.echo(f"wrote {result.count} questions as {result.pages} pages to {_relative(result.pages_dir)}")
    if result.note:
        click.echo(f"lstmq: note: {result.note}", err=True)


def _open(config_file, bank, set_name, force, site_dir=None, building=False):
    from ..jobs.site import check_site_dir, ensure_set, open_project
    from ..outputs.site.sets import check_set_name

    check_set_name(set_name)
    if bank is not None:
        from ..bank.file import load_bank

        load_bank(bank)  # a bad bank fails before a starter site is written
    project = open_project(config_file)
    if project.scaffolded:
        click.echo(f"no mkdocs.yml here: wrote a starter site ({', '.join(project.scaffolded)})")
    if building:
        check_site_dir(project, site_dir, force)  # before a starter set is drawn, not after
    _report_set(ensure_set(project, bank, set_name, force))
    return project


@click.command()
@click.option("-f", "--config-file", type=SafePath(dir_okay=False, path_type=Path), help=CONFIG_HELP)
@click.option("-d", "--site-dir", type=SafePath(file_okay=False, path_type=Path),
              help="Where to write the site. Default: site_dir of the configuration (site/).")
@click.option("--bank", type=SafePath(exists=True, dir_okay=False, path_type=Path), help=BANK_HELP)
@click.option("--set", "set_name", default="practice", show_default=True, help=SET_HELP)
@click.option("--strict/--no-strict", default=None,
              help="Fail on any MkDocs warning (broken link, missing page). Default: as configured.")
@click.option("--force", is_flag=True, help=FORCE_HELP)
def build(config_file, site_dir, bank, set_name, strict, force):
    """Build the question site into site/, drawing a first question set if the docs hold none.

    In a folder without mkdocs.yml, a starter site (mkdocs.yml, docs/) is written first; files
    already there are kept. With no set under docs/questions/, an existing bank.json beside
    mkdocs.yml is rendered, or else 60 questions are drawn (seed 0) into bank.json.
    """
    from ..jobs.site import build_site

    project = _open(config_file, bank, set_name, force, site_dir, building=True)
    result = build_site(project, site_dir, strict, echo=lambda m: click.echo(m, err=True), force=force)
    shown = _relative(result.site_dir)
    click.echo(f"built {result.pages} pages into {shown} in {result.seconds:.1f} s; "
               f"open {shown}/index.html or publish the folder")


@click.command()
@click.option("-f", "--config-file", type=SafePath(dir_okay=False, path_type=Path), help=CONFIG_HELP)
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="IP:PORT",
              help="Address the preview listens on.")
@click.option("--bank", type=SafePath(exists=True, dir_okay=False, path_type=Path), help=BANK_HELP)
@click.option("--set", "set_name", default="practice", show_default=True, help=SET_HELP)
@click.option("--strict/--no-strict", default=None, help="Fail on any MkDocs warning. Default: as configured.")
@click.option("--force", is_flag=True, help=FORCE_HELP)
def serve(config_file, dev_addr, bank, set_name, strict, force):
    """Preview the question site at http://IP:PORT/, rebuilding on every change (Ctrl+C stops)."""
    from ..jobs.site import serve_site

    project = _open(config_file, bank, set_name, force)
    serve_site(project, dev_addr, strict, echo=lambda m: click.echo(m, err=True))


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve())) or "."
    except ValueError:
        return str(path)
