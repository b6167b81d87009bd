"""Build and preview the site: find (or start) a MkDocs project, make sure it holds a question
set, then run MkDocs in-process.

A folder without ``mkdocs.yml`` gets a starter project copied from the package
(``templates/site/scaffold``): the same theme and extensions as lstmq's own docs. Existing
files are never overwritten. ``lstmq build`` is all-or-nothing: the starter files, the set
pages and the site join one ``outputs.files.Outputs`` transaction, MkDocs reads a temporary
copy of the docs as they will be (``Outputs.view``), and everything lands only when MkDocs has
succeeded; a failed or stopped build leaves every file as it was.
"""

from __future__ import annotations

import gzip
import logging
import os
import re
import signal
import threading
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterator

from ..bank.file import Bank
from ..errors import LstmqError, RequestError, Stopped
from ..outputs.files import Outputs
from ..outputs.site import DEFAULT_SET
from ..outputs.site.sets import find_sets, refresh_sets_index
from ..signals import HELD_SIGNALS
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


def scaffold(folder: Path, outputs: Outputs | None = None) -> list[str]:
    """Copy the starter project into ``folder``; keep every file that is already there.

    With ``outputs`` the files join that transaction; otherwise they are written at once."""
    if outputs is None:
        with Outputs() as own:
            return scaffold(folder, own)
    written = []
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
    outputs: Outputs | None = None  # the transaction everything this build writes joins

    def config_to_read(self) -> Path:
        """The configuration MkDocs reads: a starter ``mkdocs.yml`` still staged is read where
        it waits, beside its target (so relative paths in it mean the same)."""
        staged = self.outputs.staged_file(self.config_file) if self.outputs is not None else None
        return staged or self.config_file


def open_project(config_file: Path | None, start: Path | None = None,
                 outputs: Outputs | None = None) -> Project:
    """The MkDocs project to build: ``config_file``, else ``mkdocs.yml`` here, else a new one here.

    With ``outputs`` (``lstmq build``) a starter project is only staged in that transaction,
    and every later write of the build joins it: nothing lands unless the whole build does."""
    scaffolded: list[str] = []
    if config_file is None:
        here = Path(start or Path.cwd())
        config_file = find_config(here)
        if config_file is None:
            scaffolded = scaffold(here, outputs)
            config_file = here / "mkdocs.yml"
    config_file = Path(config_file)
    staged = outputs.staged_file(config_file) if outputs is not None else None
    if staged is None and not config_file.is_file():
        raise RequestError(f"{config_file}: no such MkDocs configuration file")
    cfg = _load_config(staged or config_file)
    return Project(config_file, Path(cfg.docs_dir), Path(cfg.site_dir), scaffolded, outputs)


def ensure_set(project: Project, bank: Path | Bank | None = None, set_name: str = DEFAULT_SET,
               force: bool = False) -> SetResult | None:
    """Render ``bank`` (a path, or a bank already read) as a set when given; otherwise draw a
    starter set if the docs hold none.

    An existing ``bank.json`` beside ``mkdocs.yml`` is rendered rather than redrawn, so a
    teacher's bank is never replaced by a new draw.
    """
    result = None
    outputs = project.outputs
    if bank is not None:
        result = render_bank(bank, project.docs_dir, set_name, force, outputs=outputs)
    elif not find_sets(project.docs_dir):
        default_bank = project.config_file.parent / BANK_NAME
        if default_bank.exists():
            result = render_bank(default_bank, project.docs_dir, set_name, force, outputs=outputs)
        else:
            result = generate_set(STARTER_COUNT, STARTER_SEED, [], [], default_bank, project.docs_dir,
                                  set_name=set_name, force=force, outputs=outputs)
    if outputs is not None and result is not None:
        return result  # writing the set staged the list of sets, with its note
    note = refresh_sets_index(project.docs_dir, outputs)
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


def ensure_site_dir(project: Project, site_dir: Path | None = None, force: bool = False) -> None:
    """Fail now if the site folder holds files lstmq may not replace."""
    Outputs(force=force).ensure_folder_writable(_site_target(project, site_dir), kind="site")


def build_site(project: Project, site_dir: Path | None = None, strict: bool | None = None,
               echo=print, force: bool = False) -> BuildResult:
    """Run MkDocs into a temporary folder beside ``site_dir``, then swap it in."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build

    target = _site_target(project, site_dir)
    started = time.monotonic()
    with (nullcontext(project.outputs) if project.outputs is not None else Outputs(force=force)) as outputs:
        staging = outputs.folder(target, kind="site")
        overrides = {"site_dir": str(staging)}
        if strict is not None:
            overrides["strict"] = strict
        if project.outputs is not None:  # MkDocs reads the docs as they will be after the commit
            _load_config(project.config_to_read(), **overrides)  # its checks on the real docs_dir
            overrides["docs_dir"] = str(outputs.view(project.docs_dir))
        config = _load_config(project.config_to_read(), **overrides)
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


SHUTDOWN_GRACE = 10.0  # seconds the preview may take to stop once signalled


@contextmanager
def _stop_once() -> Iterator[list[int]]:
    """SIGINT, SIGTERM and SIGHUP stop the preview as Ctrl+C does (MkDocs then shuts its server
    down); the first one is recorded for the exit code. A later signal never interrupts that
    shutdown (an exception in the middle of it could leave the server thread listening), and a
    watchdog ends the process if the shutdown takes longer than SHUTDOWN_GRACE."""
    got: list[int] = []

    def stop(signum, _frame):
        if got:
            return
        got.append(signum)
        watchdog = threading.Timer(SHUTDOWN_GRACE, os._exit, (128 + signum,))
        watchdog.daemon = True
        watchdog.start()
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield got
        return
    saved = {sig: signal.signal(sig, stop) for sig in HELD_SIGNALS}
    try:
        yield got
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def serve_site(project: Project, dev_addr: str, strict: bool | None = None, echo=print) -> None:
    """MkDocs' live preview: rebuilds on every change under the docs folder until Ctrl+C.

    Stopped by a signal, it raises ``Stopped`` once MkDocs has shut down, so the exit code
    says which signal (130, 143, 129) as for every other command."""
    from mkdocs import exceptions
    from mkdocs.commands.serve import serve

    overrides = {"dev_addr": dev_addr}
    if strict is not None:
        overrides["strict"] = strict
    with _mkdocs_logging(echo, logging.INFO) as log, _stop_once() as got:
        try:
            serve(config_file=str(project.config_file), livereload=True, **overrides)
        except (exceptions.Abort, exceptions.MkDocsException) as exc:
            if got:
                raise Stopped(got[0]) from None
            first = f"; first: {log.messages[0]}" if log.messages else ""
            raise LstmqError(f"preview failed: {_one_line(exc)}{first}") from None
        except KeyboardInterrupt:
            if got:
                raise Stopped(got[0]) from None
            raise
        if got:
            raise Stopped(got[0])
