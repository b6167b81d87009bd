"""Docs pages generated from the code, so they cannot drift from it.

- ``docs/reference/cli.md``: the ``--help`` of every command, found by walking the Click
  group, so commands added later appear without touching this module;
- ``docs/reference/families.md``: every family in the registry, its difficulties, what it
  tests, and one example question drawn from a fixed seed and verified in torch;
- ``docs/assets/``: ``lstmq.css``, ``lstmq.js`` and the search shim, copies of the assets the package ships for
  new sites (``templates/site/scaffold``), the one place they are edited.

The tests render these again and compare them with the committed files. After changing a
command, a family or an asset, regenerate with::

    python -m lstmq.cli.reference            # writes into ./docs
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..families import REGISTRY
from ..outputs.files import atomic_write
from ..outputs.site.pages import environment

HELP_WIDTH = 88  # a fixed width: the page must not depend on the terminal it was made in
EXAMPLE_SEED = 11
ASSETS = ("assets/lstmq.css", "assets/lstmq.js", "assets/iframe-worker-shim.js")


def _commands(group: click.Group, ctx: click.Context, prefix: str):
    """(full name, command, context) for the group and every visible command under it, sorted."""
    yield prefix, group, ctx
    for name in sorted(group.commands):
        cmd = group.commands[name]
        if cmd.hidden:
            continue
        sub = click.Context(cmd, info_name=name, parent=ctx, terminal_width=HELP_WIDTH,
                            max_content_width=HELP_WIDTH)
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, sub, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}", cmd, sub


def cli_reference() -> str:
    from .main import cli

    settings = {**cli.context_settings, "terminal_width": HELP_WIDTH, "max_content_width": HELP_WIDTH}
    root = click.Context(cli, info_name="lstmq", **settings)
    entries = []
    for name, cmd, ctx in _commands(cli, root, "lstmq"):
        first = (cmd.help or "").strip().split("\n\n")[0].replace("\n", " ")
        entries.append({"name": name, "anchor": name.replace(" ", "-"), "summary": first,
                        "help": cmd.get_help(ctx).rstrip() + "\n"})
    return environment().get_template("site/cli_reference.md.j2").render(commands=entries)


def families_reference() -> str:
    from ..engine.assemble import draw_question
    from ..engine.runner import TORCH_VERSION

    items = []
    for name, family in REGISTRY.items():
        level = family.difficulties[-1]  # the hardest level shows most of what the family asks
        items.append({"family": family, "level": level,
                      "question": draw_question(family, level, EXAMPLE_SEED)})
    return environment().get_template("site/families_reference.md.j2").render(
        items=items, torch_version=TORCH_VERSION, seed=EXAMPLE_SEED,
    )


def asset_text(rel: str) -> str:
    from ..jobs.site import scaffold_files

    return scaffold_files()[f"docs/{rel}"].decode("utf-8")


def expected_pages() -> dict[str, str]:
    """Docs-relative path → the text that belongs there."""
    pages = {"reference/cli.md": cli_reference(), "reference/families.md": families_reference()}
    pages.update({rel: asset_text(rel) for rel in ASSETS})
    return pages


def write_reference(docs_dir: Path) -> list[Path]:
    changed = []
    for rel, text in expected_pages().items():
        path = Path(docs_dir) / rel
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        atomic_write(path, text, replace_any=True)
        changed.append(path)
    return changed


if __name__ == "__main__":
    docs = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs")
    if not docs.is_dir():
        sys.exit(f"lstmq.cli.reference: error: {docs}: no such docs folder")
    for path in write_reference(docs):
        print(f"updated {path}")
