"""Build and preview the site: find (or start) a MkDocs project, make sure it holds a question
set, then run MkDocs in-process.

A folder without ``mkdocs.yml`` gets a starter project copied from the package
(``templates/site/scaffold``): the same theme and extensions as lstmq's own docs. Existing
files are never overwritten. The site is built into a temporary folder beside the target and
swapped in whole (``output.Outputs``), so a failed or stopped build leaves the previous site as
it was.
"""

from __future__ import annotations

import gzip
import logging
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterator

from ..errors import LstmqError, RequestError
from ..outputs.files import Outputs
from ..outputs.site.sets import DEFAULT_SET, find_sets, refresh_sets_index
from .generate import SetResult, generate_set, render_bank

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
STARTER_COUNT = 60  # the set `lstmq build` draws when a site has none: ten per core family
STARTER_SEED = 0
BANK_NAME = "bank.json"


def scaffold_files() -> dict[str, bytes]:
    """The starter project shipped in the package: relative path → bytes."""
    root = resources.files("lstmq.templates").joinpath("site", "scaffold")
    files: dict[str, bytes] = {}

    def walk(node, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            rel = f"{prefix}{child.name}"
            if child.is_dir():
                walk(child, rel + "/")
            elif child.name != "__init__.py" and not child.name.endswith(".pyc"):
                files[rel] = child.read_bytes()

    walk(root, "")
    return files


def find_config(folder: Path) -> Path | None:
    for name in CONFIG_NAMES:
        if (folder / name).is_file():
            return folder / name
    return None


def scaffold(folder: Path) -> list[str]:
    """Copy the starter project into ``folder``; keep every file that is already there."""
    written = []
    with Outputs() as outputs:
        for rel, data in scaffold_files().items():
            target = folder / rel
            if target.exists() or target.is_symlink():
                continue
            outputs.file(target, data)
            written.append(rel)
    return written


@dataclass(frozen=True)
class Project:
    config_file: Path
    docs_dir: Path
    site_dir: Path
    scaffolded: list[str]


def open_project(config_file: Path | None, start: Path | None = None) -> Project:
    """The MkDocs project to build: ``config_file``, else ``mkdocs.yml`` here, else a new one here."""
    scaffolded: list[str] = []
    if config_file is None:
        here = Path(start or Path.cwd())
        config_file = find_config(here)
        if config_file is None:
            scaffolded = scaffold(here)
            config_file = here / "mkdocs.yml"
    config_file = Path(config_file)
    if not config_file.is_file():
        raise RequestError(f"{config_file}: no such MkDocs configuration file")
    cfg = _load_config(config_file)
    return Project(config_file, Path(cfg.docs_dir), Path(cfg.site_dir), scaffolded)


def ensure_set(project: Project, bank: Path | None = None, set_name: str = DEFAULT_SET,
               force: bool = False) -> SetResult | None:
    """Render ``bank`` as a set when given; otherwise draw a starter set if the docs hold none.

    An existing ``bank.json`` beside ``mkdocs.yml`` is rendered rather than redrawn, so a
    teacher's bank is never replaced by a new draw.
    """
    result = None
    if bank is not None:
        result = render_bank(bank, project.docs_dir, set_name, force)
    elif not find_sets(project.docs_dir):
        default_bank = project.config_file.parent / BANK_NAME
        if default_bank.exists():
            result = render_bank(default_bank, project.docs_dir, set_name, force)
        else:
            result = generate_set(STARTER_COUNT, STARTER_SEED, [], [], default_bank, project.docs_dir,
                                  set_name=set_name, force=force)
    note = refresh_sets_index(project.docs_dir)
    if result is not None and note and not result.note:
        result = SetResult(result.count, result.pages, result.pages_dir, note)
    return result


# --- MkDocs ----------------------------------------------------------------------------------

class _Collect(logging.Handler):
    """Passes MkDocs' messages on as lstmq lines and keeps the warnings, so a failed build can
    name the first one."""

    def __init__(self, echo, level: int) -> None:
        super().__init__(level)
        self.messages: list[str] = []
        self.echo = echo

    def emit(self, record: logging.LogRecord) -> None:
        message = " ".join(record.getMessage().split())
        if record.levelno >= logging.WARNING:
            self.messages.append(message)
            self.echo(f"lstmq: warning: {message}")
        else:
            self.echo(f"lstmq: {message}")


@contextmanager
def _mkdocs_logging(echo, level: int = logging.WARNING) -> Iterator[_Collect]:
    logger = logging.getLogger("mkdocs")
    handler = _Collect(echo, level)
    saved = (logger.level, logger.propagate)
    logger.addHandler(handler)
    logger.setLevel(min(level, logging.WARNING))
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def _load_config(config_file: Path, **overrides):
    from mkdocs import exceptions
    from mkdocs.config import load_config

    with _mkdocs_logging(lambda _m: None) as log:  # MkDocs logs what is wrong, then aborts
        try:
            return load_config(config_file=str(config_file), **overrides)
        except (exceptions.MkDocsException, OSError) as exc:
            reason = log.messages[0] if log.messages else _one_line(exc)
            raise LstmqError(f"{config_file}: {reason}") from None


def _one_line(exc: BaseException) -> str:
    text = str(getattr(exc, "message", "") or exc)
    return " ".join(text.split()) or type(exc).__name__


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    pages: int
    seconds: float


def _site_target(project: Project, site_dir: Path | None) -> Path:
    target = Path(site_dir) if site_dir is not None else project.site_dir
    return target if target.is_absolute() else Path.cwd() / target


def check_site_dir(project: Project, site_dir: Path | None = None, force: bool = False) -> None:
    """Fail now if the site folder holds files lstmq may not replace."""
    Outputs(force=force).check_folder(_site_target(project, site_dir))


def build_site(project: Project, site_dir: Path | None = None, strict: bool | None = None,
               echo=print, force: bool = False) -> BuildResult:
    """Run MkDocs into a temporary folder beside ``site_dir``, then swap it in."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build

    target = _site_target(project, site_dir)
    started = time.monotonic()
    with Outputs(force=force) as outputs:
        staging = outputs.folder(target)
        overrides = {"site_dir": str(staging)}
        if strict is not None:
            overrides["strict"] = strict
        config = _load_config(project.config_file, **overrides)
        with _mkdocs_logging(echo) as log:
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            except (exceptions.Abort, exceptions.MkDocsException) as exc:
                first = f"; first: {log.messages[0]}" if log.messages else ""
                raise LstmqError(f"site build failed: {_one_line(exc)}{first}") from None
            finally:
                config.plugins.on_shutdown()
        if "SOURCE_DATE_EPOCH" not in os.environ:
            drop_build_dates(staging)
        pages = sum(1 for _ in staging.rglob("*.html"))
    return BuildResult(target, pages, time.monotonic() - started)


_LASTMOD = re.compile(r"\s*<lastmod>[^<]*</lastmod>")


def drop_build_dates(site: Path) -> None:
    """MkDocs stamps the sitemap with the day of the build: drop those dates, so the same
    sources give the same site on any day. (With SOURCE_DATE_EPOCH set, MkDocs uses that date
    and it stays: the user chose it.)"""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return
    text = _LASTMOD.sub("", sitemap.read_text(encoding="utf-8"))
    sitemap.write_text(text, encoding="utf-8")
    gz = site / "sitemap.xml.gz"
    if gz.exists():
        with open(gz, "wb") as f, gzip.GzipFile(filename="sitemap.xml", mode="wb", fileobj=f, mtime=0) as out:
            out.write(text.encode("utf-8"))


def serve_site(project: Project, dev_addr: str, strict: bool | None = None, echo=print) -> None:
    """MkDocs' live preview: rebuilds on every change under the docs folder until Ctrl+C."""
    from mkdocs import exceptions
    from mkdocs.commands.serve import serve

    overrides = {"dev_addr": dev_addr}
    if strict is not None:
        overrides["strict"] = strict
    with _mkdocs_logging(echo, logging.INFO) as log:
        try:
            serve(config_file=str(project.config_file), livereload=True, **overrides)
        except (exceptions.Abort, exceptions.MkDocsException) as exc:
            first = f"; first: {log.messages[0]}" if log.messages else ""
            raise LstmqError(f"preview failed: {_one_line(exc)}{first}") from None
