"""The generated docs pages match the code, and the site configuration says what the site needs.

When a test here fails after a command, a family or an asset changed, regenerate with
``python -m lstmq.cli.reference`` (from the repository root) and commit the result.
"""

from __future__ import annotations

import re
import tomllib

import click
import yaml

from lstmq.cli import cli
from lstmq.cli.reference import ASSETS, asset_text, cli_reference, families_reference
from lstmq.jobs.site import scaffold_files
from sitekit import ROOT

REGENERATE = "out of date: run `python -m lstmq.cli.reference` and commit docs/"


def _walk(group: click.Group, prefix: str):
    for name, cmd in group.commands.items():
        if cmd.hidden:
            continue
        yield f"{prefix} {name}"
        if isinstance(cmd, click.Group):
            yield from _walk(cmd, f"{prefix} {name}")


def test_cli_reference_is_fresh_and_covers_every_command():
    committed = (ROOT / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
    assert committed == cli_reference(), REGENERATE
    # Whatever commands exist now, each one has its section and its full help on the page.
    for name in _walk(cli, "lstmq"):
        assert f"\n## {name} " in committed, f"{name} is missing from the CLI reference"
        assert f"Usage: {name} " in committed


def test_families_reference_is_fresh_and_covers_every_family():
    from lstmq.families import REGISTRY

    committed = (ROOT / "docs" / "reference" / "families.md").read_text(encoding="utf-8")
    assert committed == families_reference(), REGENERATE
    for name in REGISTRY:
        assert f"\n## {name} " in committed
    assert committed.count('<div class="lstmq-question"') == len(REGISTRY)


def test_docs_assets_are_the_packaged_ones():
    for rel in ASSETS:
        assert (ROOT / "docs" / rel).read_text(encoding="utf-8") == asset_text(rel), REGENERATE


def _config(text: str) -> dict:
    return yaml.safe_load(text)


def test_the_starter_site_is_configured_like_lstmqs_own_docs():
    ours = _config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    starter = _config(scaffold_files()["mkdocs.yml"].decode("utf-8"))
    for key in ("theme", "plugins", "extra", "markdown_extensions", "extra_css", "extra_javascript", "validation",
                "use_directory_urls", "strict", "docs_dir", "site_dir"):
        assert starter[key] == ours[key], key


def test_the_configuration_has_what_the_site_needs():
    config = _config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["name"] == "material"
    assert config["theme"]["font"] is False  # no Google Fonts: the site works offline
    assert "content.code.copy" in config["theme"]["features"]
    schemes = {p["scheme"] for p in config["theme"]["palette"]}
    assert schemes == {"default", "slate"}
    assert all("toggle" in p for p in config["theme"]["palette"])
    assert config["plugins"] == ["search", "offline", "tags"]  # offline: search from file:// too
    # The offline plugin's worker shim, from the site itself: the plugin would add unpkg.com.
    assert config["extra"]["polyfills"] == ["assets/iframe-worker-shim.js"]
    extensions = {e if isinstance(e, str) else next(iter(e)): e for e in config["markdown_extensions"]}
    for name in ("admonition", "pymdownx.details", "pymdownx.superfences", "pymdownx.highlight",
                 "pymdownx.tabbed", "attr_list", "md_in_html"):
        assert name in extensions
    assert extensions["pymdownx.tabbed"]["pymdownx.tabbed"]["alternate_style"] is True
    assert config["strict"] is True and "validation" in config
    assert config["extra_javascript"] == ["assets/lstmq.js"]
    for rel in config["extra_css"] + config["extra_javascript"]:
        assert (ROOT / "docs" / rel).is_file()


def test_mkdocs_stays_below_2_and_the_site_test_tools_are_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    mkdocs = next(d for d in project["dependencies"] if re.match(r"mkdocs\b", d))
    assert "<2" in mkdocs
    test_extra = " ".join(project["optional-dependencies"]["test"])
    assert "playwright" in test_extra and "zensical" in test_extra
