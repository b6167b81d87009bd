"""``lstmq export`` and ``lstmq check``: commands that read a bank.

``export`` never imports torch (a test runs it in a fresh interpreter and looks); ``check``
does, because re-deriving a question means running it again.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import LstmqError, RequestError
from ..outputs.export import FORMAT_NAMES
from .options import FORCE_HELP, SafePath, say

BANK = SafePath(dir_okay=True, path_type=Path)  # load_bank says what is wrong with a bad path


@click.command("export")
@click.argument("bank", type=BANK)
@click.option("--format", "-f", "fmt", type=click.Choice(FORMAT_NAMES), required=True,
              help="moodle (Moodle XML), gift (GIFT text), qti21 (IMS QTI 2.1 zip), "
                   "canvas (Canvas QTI 1.2 zip), json (the bank, normalised), anki (Anki deck, "
                   ".apkg) or notebook (Jupyter notebook, .ipynb).")
@click.option("--output", "-o", type=SafePath(path_type=Path), required=True,
              help="The file to write (replaced in one step, if it is one lstmq wrote).")
@click.option("--force", is_flag=True, help=FORCE_HELP)
def export_command(bank: Path, fmt: str, output: Path, force: bool) -> None:
    """Write the questions of BANK in a format learning platforms or students use."""
    from ..bank.file import load_bank
    from ..outputs.export import export_bank
    from ..outputs.files import Outputs

    if output.is_dir():
        raise RequestError(f"{output}: is a folder; --output names the file to write")
    outputs = Outputs(force=force)
    outputs.ensure_file_writable(output)  # before the bank is read and converted
    loaded = load_bank(bank)
    if not loaded.questions:
        raise LstmqError(f"{bank}: holds no questions; there is nothing to export")
    data = export_bank(loaded, fmt)
    with outputs:
        outputs.file(output, data)
    say(f"wrote {len(loaded.questions)} questions as {fmt} to {output}")


@click.command("check")
@click.argument("bank", type=BANK)
def check_command(bank: Path) -> None:
    """Re-derive every question of BANK in torch and compare it with the bank.

    Prints a line per difference and a summary; exits with 1 when any question does not verify.
    """
    from ..bank.file import load_bank
    from ..engine.check import run_check

    loaded = load_bank(bank)
    from ..engine.runner import TORCH_VERSION  # torch loads only once the bank is known to be readable

    run_check(loaded, str(bank), TORCH_VERSION, click.echo)
