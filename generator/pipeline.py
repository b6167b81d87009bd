"""Whole jobs the CLI runs: draw a set and write its bank and pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from .bank import make_header, write_bank
from .build import generate, plan
from .output import write_managed_tree
from .render import render_pages


@dataclass(frozen=True)
class SetResult:
    count: int
    pages: int
    pages_dir: Path


def generate_set(count: int, seed: int, families: list[str], difficulties: list[str],
                 bank_path: Path, docs_dir: Path, progress: bool = False) -> SetResult:
    plan(count, families, difficulties)  # fail fast on an impossible request, before torch loads
    from .runner import TORCH_VERSION

    stream = generate(count, seed, families, difficulties)
    if progress and count >= 50:
        with click.progressbar(stream, length=count, label="verifying in torch", file=click.get_text_stream("stderr")) as bar:
            questions = list(bar)
    else:
        questions = list(stream)
    options = {"count": count, "families": families, "difficulties": difficulties}
    header = make_header(seed, options, TORCH_VERSION)
    pages = render_pages(header, questions)
    pages_dir = Path(docs_dir) / "questions"
    write_bank(bank_path, header, questions)
    write_managed_tree(pages_dir, pages)
    return SetResult(len(questions), len(pages), pages_dir)
