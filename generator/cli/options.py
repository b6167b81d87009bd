"""Click parameter types shared by the commands: paths and free text checked at the door.

A value no file system or page can hold fails here as a usage error (exit 2) with the option's
name, instead of deep inside a command.
"""

from __future__ import annotations

import unicodedata

import click

from ..catalogue import NAMES
from ..limits import MAX_COUNT
from ..model import DIFFICULTIES, KINDS
from ..outputs.site import DEFAULT_SET

COUNT = click.IntRange(min=1, max=MAX_COUNT)
SEED = click.IntRange(min=0, max=2**63 - 1)


# The draw filters, declared once for every command that draws questions.
family_option = click.option("--family", "families_", multiple=True, type=click.Choice(NAMES),
                             help="Only these families (repeatable). Default: all.")
difficulty_option = click.option("--difficulty", multiple=True, type=click.Choice(DIFFICULTIES),
                                 help="Only these difficulties (repeatable). Default: all.")
kind_option = click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS),
                           help="Only these question kinds (repeatable): single (one right option), "
                                "multiple (select all that apply), numeric (a number typed in). "
                                "Default: all.")



def set_option(help: str):
    """``--set NAME``, the question set a command writes or reads (one default for all)."""
    return click.option("--set", "set_name", default=DEFAULT_SET, show_default=True, help=help)


FORCE_HELP = ("Write even where lstmq finds files it did not write, or edited since: an output "
              "file is then replaced; in a folder, files that are not lstmq's are kept, never "
              "overwritten.")


def _bad_char(value: str, allowed: str = "") -> str | None:
    """The first character no output can carry: NUL and other control characters, lone
    surrogates (undecodable bytes in a command line), and the noncharacters U+FFFE/U+FFFF."""
    for ch in value:
        if ch in allowed:
            continue
        if unicodedata.category(ch) in ("Cc", "Cs") or ch in "\ufffe\uffff":
            return f"U+{ord(ch):04X}"
    return None


class SafePath(click.Path):
    """A ``click.Path`` that refuses names no file can have (a NUL) or that cannot be shown
    (undecodable bytes), before anything touches the disk."""

    name = "path"

    def convert(self, value, param, ctx):
        if isinstance(value, str):
            bad = _bad_char(value, allowed="\t")
            if bad is not None:
                self.fail(f"{value!r} holds the character {bad}, which lstmq does not accept in a file name",
                          param, ctx)
        return super().convert(value, param, ctx)


class Text(click.ParamType):
    """Free text printed in an output (a title, a course name): bounded in length, and free of
    characters no HTML, XML or PDF can carry."""

    name = "text"

    def __init__(self, max_length: int) -> None:
        self.max_length = max_length

    def convert(self, value, param, ctx):
        value = str(value)
        if len(value) > self.max_length:
            self.fail(f"is {len(value)} characters long; the limit is {self.max_length}", param, ctx)
        bad = _bad_char(value, allowed="\t\n\r")  # white space: the commands fold it
        if bad is not None:
            self.fail(f"holds the character {bad}, which no output format can carry", param, ctx)
        return value


_STDOUT_LOST: list[str] = []


def say(line: str) -> None:
    """Print a line of a command's summary. The outputs are in place by then, so a standard
    output that cannot take it (a full disk, a closed pipe) is one warning, not a failure: the
    exit code stays that of the work."""
    if _STDOUT_LOST:
        return
    try:
        click.echo(line)
    except OSError as exc:
        _STDOUT_LOST.append(line)
        _silence_stdout()
        click.echo(f"lstmq: warning: could not print to standard output ({exc.strerror or exc}): {line}", err=True)


def _silence_stdout() -> None:
    """Point file descriptor 1 at /dev/null, so what stays in stdout's buffer is flushed there
    at exit instead of failing again."""
    import os

    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
    except OSError:
        pass
