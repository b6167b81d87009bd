"""A small entry point that only reads a bank: its pages, and with --mkdocs the site too.

    python benchmarks/bank_pages.py BANK DOCS_DIR            # load the bank, write DOCS_DIR/questions
    python benchmarks/bank_pages.py BANK DOCS_DIR --mkdocs   # ... then build the MkDocs site

The benchmark times it as a whole process: the bank-reading command (start-up, no torch) and
the lstmq side of a site build. It prints the modules it loaded from torch (none expected).
"""

from __future__ import annotations

import sys
from pathlib import Path


def write_pages(bank_path: Path, docs_dir: Path) -> None:
    from lstmq import pipeline

    if hasattr(pipeline, "render_bank"):  # the site work's entry point, once it is merged
        pipeline.render_bank(bank_path, docs_dir)
        return
    from lstmq.bank import load_bank
    from lstmq.output import write_managed_tree
    from lstmq.render import render_pages

    bank = load_bank(bank_path)
    write_managed_tree(docs_dir / "questions", render_pages(bank.header, bank.questions))


def build_site(config: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(config))
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def main(argv: list[str]) -> int:
    bank, docs = Path(argv[0]), Path(argv[1])
    write_pages(bank, docs)
    if "--mkdocs" in argv[2:]:
        build_site(docs.parent / "mkdocs.yml")
    torch_modules = sorted(m for m in sys.modules if m == "torch" or m.startswith("torch."))
    print(f"torch modules loaded: {len(torch_modules)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
