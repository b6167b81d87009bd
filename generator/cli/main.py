"""The ``lstmq`` command line: a thin Click layer over the library.

Every error becomes one line and an exit code here, in ``LstmqGroup.main``: 2 for usage,
1 for failures, never a traceback.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from pathlib import Path

import click

from .. import __version__
from ..errors import LstmqError, Stopped
from .options import (COUNT, FORCE_HELP, SEED, SafePath, difficulty_option, family_option, kind_option, say,
                      set_option)


class LstmqGroup(click.Group):
    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        _tolerant_output()
        try:
            with _stop_on_signals():
                super().main(args=args, prog_name=prog_name or "lstmq", complete_var=complete_var,
                             standalone_mode=False, **extra)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            _fail(exc.format_message(), exc.exit_code)
        except click.Abort as exc:
            # Click turns Ctrl+C (and our SIGTERM/SIGHUP exception) into Abort; say which it was.
            _interrupted(exc.__cause__ or exc.__context__)
            _fail("aborted", 1)
        except LstmqError as exc:
            _fail(str(exc), exc.exit_code)
        except KeyboardInterrupt as exc:
            _interrupted(exc)
        except OSError as exc:
            _fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "), 1)
        sys.exit(0)


def _fail(message: str, code: int) -> None:
    click.echo(f"lstmq: error: {' '.join(str(message).split())}", err=True)
    sys.exit(code)


def _interrupted(exc: BaseException | None) -> None:
    kept = "outputs not yet in place were left as they were"
    if isinstance(exc, Stopped):
        _fail(f"stopped by {exc.name}; {kept}", exc.exit_code)
    if isinstance(exc, KeyboardInterrupt):
        _fail(f"interrupted; {kept}", 130)


def _tolerant_output() -> None:
    """A file name made of undecodable bytes must print, not crash: escape what the console's
    encoding cannot show."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


@contextlib.contextmanager
def _stop_on_signals():
    """SIGTERM and SIGHUP stop the command the way Ctrl+C does, by an exception: cleanup runs
    (temporary files go) instead of the process vanishing mid-write."""
    names = [n for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, _frame):
        raise Stopped(signum)

    saved = {}
    for name in names:
        sig = getattr(signal, name)
        if signal.getsignal(sig) is not None:
            saved[sig] = signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


@click.group(cls=LstmqGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="lstmq", message="%(prog)s %(version)s")
def cli():
    """Draw torch-verified questions about PyTorch's nn.LSTM and publish them."""


@cli.command()
def families():
    """List the question families, their difficulties and what each tests."""
    from ..catalogue import CATALOGUE

    levels = {entry.name: ", ".join(entry.difficulties) for entry in CATALOGUE}
    name_width = max(map(len, levels))
    level_width = max(map(len, levels.values()))
    for entry in CATALOGUE:
        click.echo(f"{entry.name:<{name_width}}  {levels[entry.name]:<{level_width}}  {entry.summary}")


@cli.command()
@click.option("--count", type=COUNT, default=20, show_default=True,
              help="How many questions to draw (1 to 20000).")
@click.option("--seed", type=SEED, default=0, show_default=True,
              help="Master seed: the same seed and torch version give byte-identical output.")
@family_option
@difficulty_option
@kind_option
@click.option("--bank", type=SafePath(dir_okay=False, path_type=Path), default=Path("bank.json"),
              show_default=True, help="Where to write the question bank (JSON).")
@click.option("--docs", type=SafePath(file_okay=False, path_type=Path), default=Path("docs"),
              show_default=True, help="MkDocs source folder; pages go to its questions/SET/ folder.")
@set_option("Name of the question set: its pages go to DOCS/questions/SET/ and replace only that set.")
@click.option("--jobs", type=click.IntRange(min=1, max=256), default=None,
              help="Worker processes that run torch (default: the number of CPUs). "
                   "The output is the same for any value.")
@click.option("--force", is_flag=True, help=FORCE_HELP)
def generate(count, seed, families_, difficulty, kinds, bank, docs, set_name, jobs, force):
    """Draw a question set, verify every answer in torch, write the bank and the pages."""
    from ..engine.draw import default_jobs
    from ..jobs.generate import generate_set

    result = generate_set(count=count, seed=seed, families=list(families_),
                          difficulties=list(difficulty), kinds=list(kinds), bank_path=bank, docs_dir=docs,
                          progress=_progress_bar if sys.stderr.isatty() else None, set_name=set_name,
                          jobs=jobs or default_jobs(), force=force)
    say(f"wrote {result.count} questions to {bank} and {result.pages} pages to {result.pages_dir}")
    if result.note:
        click.echo(f"lstmq: note: {result.note}", err=True)


def _progress_bar(questions, count: int):
    """The questions as they are verified, behind a bar on stderr (only for larger sets)."""
    if count < 50:
        yield from questions
        return
    with click.progressbar(questions, length=count, label="verifying in torch",
                           file=click.get_text_stream("stderr")) as bar:
        yield from bar


def main() -> None:
    cli()


# Commands that live in their own modules, registered once the group exists.
from . import site as cli_site  # noqa: E402  (MkDocs loads only when a site command runs)
from .audit import audit_command  # noqa: E402
from .exam import exam, grade  # noqa: E402
from .export import check_command, export_command  # noqa: E402
from .scan import scan  # noqa: E402
from .quiz import quiz  # noqa: E402

cli.add_command(cli_site.build)
cli.add_command(cli_site.serve)
cli.add_command(exam)
cli.add_command(grade)
cli.add_command(scan)
cli.add_command(export_command)
cli.add_command(check_command)
cli.add_command(audit_command)
cli.add_command(quiz)


if __name__ == "__main__":
    main()
