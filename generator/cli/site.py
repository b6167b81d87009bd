"""``lstmq build`` and ``lstmq serve``: the question site in one command.

Kept apart from ``cli.py`` and cheap to import: MkDocs (and torch, when a set must be drawn)
load only inside the commands.
"""

from __future__ import annotations

from pathlib import Path

import click

from .options import FORCE_HELP, SafePath, say, set_option

CONFIG_HELP = "MkDocs configuration. Default: mkdocs.yml here; a folder without one gets a starter site."
BANK_HELP = "Render this existing bank as the set (replacing that set's pages) before building."
SET_HELP = "Name of the set that --bank (or the starter draw) writes: docs/questions/SET/."


class DevAddress(click.ParamType):
    """HOST:PORT with a port a socket can bind: checked here, not by an OverflowError in MkDocs."""

    name = "address"

    def convert(self, value, param, ctx):
        host, sep, port = str(value).rpartition(":")
        if not sep or not host or not port.isascii() or not port.isdigit() or not 1 <= int(port) <= 65535:
            self.fail(f"{value!r} is not HOST:PORT with a port from 1 to 65535", param, ctx)
        return f"{host}:{int(port)}"


def _report_set(result) -> None:
    if result is None:
        return
    say(f"wrote {result.count} questions as {result.pages} pages to {_relative(result.pages_dir)}")
    if result.note:
        click.echo(f"lstmq: note: {result.note}", err=True)


def _report_scaffold(project) -> None:
    if project.scaffolded:
        click.echo(f"no mkdocs.yml here: wrote a starter site ({', '.join(project.scaffolded)})")


def _open(config_file, bank, set_name, force, outputs, site_dir=None, building=False):
    """The project, with its set: the starter files and the set are only staged in ``outputs``,
    so that they land together or not at all. ``building``: the site folder is checked too."""
    from ..jobs.site import ensure_set, ensure_site_dir, open_project
    from ..outputs.site.sets import check_set_name

    check_set_name(set_name)
    if bank is not None:
        from ..bank.file import load_bank

        bank = load_bank(bank)  # a bad bank fails before a starter site is written; read once
    project = open_project(config_file, outputs=outputs)
    if building:
        ensure_site_dir(project, site_dir, force)  # before a starter set is drawn, not after
    return project, ensure_set(project, bank, set_name, force)


@click.command()
@click.option("-f", "--config-file", type=SafePath(dir_okay=False, path_type=Path), help=CONFIG_HELP)
@click.option("-d", "--site-dir", type=SafePath(file_okay=False, path_type=Path),
              help="Where to write the site. Default: site_dir of the configuration (site/).")
@click.option("--bank", type=SafePath(exists=True, dir_okay=False, path_type=Path), help=BANK_HELP)
@set_option(SET_HELP)
@click.option("--strict/--no-strict", default=None,
              help="Fail on any MkDocs warning (broken link, missing page). Default: as configured.")
@click.option("--force", is_flag=True, help=FORCE_HELP)
def build(config_file, site_dir, bank, set_name, strict, force):
    """Build the question site into site/, drawing a first question set if the docs hold none.

    In a folder without mkdocs.yml, a starter site (mkdocs.yml, docs/) is added; files already
    there are kept. With no set under docs/questions/, an existing bank.json beside mkdocs.yml
    is rendered, or else 60 questions are drawn (seed 0) into bank.json. All or nothing: a
    build that fails or is stopped leaves every file as it was.
    """
    from ..jobs.site import build_site
    from ..outputs.files import Outputs

    with Outputs(force=force) as outputs:  # starter files, set pages and site land together or not at all
        project, written = _open(config_file, bank, set_name, force, outputs, site_dir, building=True)
        result = build_site(project, site_dir, strict, echo=lambda m: click.echo(m, err=True), force=force)
    _report_scaffold(project)
    _report_set(written)
    shown = _relative(result.site_dir)
    say(f"built {result.pages} pages into {shown} in {result.seconds:.1f} s; "
               f"open {shown}/index.html or publish the folder")


@click.command()
@click.option("-f", "--config-file", type=SafePath(dir_okay=False, path_type=Path), help=CONFIG_HELP)
@click.option("-a", "--dev-addr", type=DevAddress(), default="127.0.0.1:8000", show_default=True,
              metavar="IP:PORT", help="Address the preview listens on (port 1 to 65535).")
@click.option("--bank", type=SafePath(exists=True, dir_okay=False, path_type=Path), help=BANK_HELP)
@set_option(SET_HELP)
@click.option("--strict/--no-strict", default=None, help="Fail on any MkDocs warning. Default: as configured.")
@click.option("--force", is_flag=True, help=FORCE_HELP)
def serve(config_file, dev_addr, bank, set_name, strict, force):
    """Preview the question site at http://IP:PORT/, rebuilding on every change (Ctrl+C stops)."""
    from ..jobs.site import open_project, serve_site
    from ..outputs.files import Outputs

    with Outputs(force=force) as outputs:  # a starter site and its first set land together or not at all
        staged, written = _open(config_file, bank, set_name, force, outputs)
    _report_scaffold(staged)
    _report_set(written)
    project = open_project(staged.config_file)  # as written, now that it is in place
    serve_site(project, dev_addr, strict, echo=lambda m: click.echo(m, err=True))


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve())) or "."
    except ValueError:
        return str(path)
