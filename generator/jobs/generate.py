"""Whole jobs the CLI runs: draw a set and write its bank and pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..bank.file import Bank, load_bank, make_header
from ..model import Question
from ..outputs.files import Outputs
from ..outputs.site import DEFAULT_SET
from ..outputs.site.sets import check_set_name, ensure_writable, write_bank_and_set, write_set

Progress = Callable[[Iterable[Question], int], Iterable[Question]]


@dataclass(frozen=True)
class SetResult:
    count: int
    pages: int
    pages_dir: Path
    note: str | None = None  # a remark for the user, e.g. a hand-written page left alone


def generate_set(count: int, seed: int, families: list[str], difficulties: list[str],
                 bank_path: Path, docs_dir: Path, progress: Progress | None = None,
                 set_name: str = DEFAULT_SET, jobs: int = 1, force: bool = False,
                 outputs: Outputs | None = None, kinds: list[str] | None = None) -> SetResult:
    """Draw ``count`` questions and write the bank and the set's pages together.

    ``progress`` (the command line's progress bar) is handed the stream of questions and the
    count, and gives back the questions as they come. With ``outputs`` the files join that
    transaction (``lstmq build``) instead of landing now."""
    from ..engine.draw import draw  # the families load only when a set is drawn
    from ..engine.plan import plan

    ensure_writable(docs_dir, set_name, force, bank_path)  # before torch runs: nothing drawn in vain
    slots = plan(count, families, difficulties, kinds=kinds or [])  # fail fast on an impossible request, before torch loads
    if jobs > 1:  # the workers import torch; this process does not need to
        from ..engine.parallel import worker_torch_version

        TORCH_VERSION = worker_torch_version({slot.family for slot in slots})
    else:
        from ..engine.runner import TORCH_VERSION

    stream = draw(slots, seed, jobs=jobs)
    questions = list(progress(stream, count) if progress else stream)
    options = {"count": count, "families": families, "difficulties": difficulties}
    if kinds:  # absent when not asked, so banks drawn without --kind keep their bytes
        options["kinds"] = kinds
    header = make_header(seed, options, TORCH_VERSION)
    written = write_bank_and_set(bank_path, docs_dir, set_name, header, questions, force=force, outputs=outputs)
    return SetResult(len(questions), written.pages, written.folder, written.note)


def render_bank(bank: Path | Bank, docs_dir: Path, set_name: str = DEFAULT_SET, force: bool = False,
                outputs: Outputs | None = None) -> SetResult:
    """Pages for a bank that already exists (its path, or the bank already read): no torch, the
    bank's own header and questions."""
    check_set_name(set_name)
    if not isinstance(bank, Bank):
        bank = load_bank(bank)
    written = write_set(docs_dir, set_name, bank.header, bank.questions, outputs=outputs, force=force)
    return SetResult(len(bank.questions), written.pages, written.folder, written.note)
