"""docs/guarantees.md names the tests that hold each promise: every one must exist, every
section must name some, and every test of the hardening suites must be named there (so a
promise cannot lose its test, nor a hardening test its promise, without this failing)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "guarantees.md"
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")
# Test files written for the guarantees: each of their tests must be named on the page.
HARDENING = ["tests/test_fuzz_cli.py", "tests/test_interrupt.py", "tests/test_outputs.py", "tests/test_paths.py",
             "tests/test_limits.py", "tests/test_reproducibility.py", "tests/export/test_odd_text_everywhere.py"]


def defined_tests(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def references(text: str) -> list[tuple[str, str]]:
    return REFERENCE.findall(text)


def test_every_named_test_exists():
    named = references(PAGE.read_text(encoding="utf-8"))
    assert len(named) > 50
    missing = [f"{file}::{name}" for file, name in named
               if not (ROOT / file).is_file() or name not in defined_tests(ROOT / file)]
    assert missing == []


def test_every_section_names_its_tests():
    sections = re.split(r"(?m)^## ", PAGE.read_text(encoding="utf-8"))[1:]
    assert [s.split("\n", 1)[0] for s in sections] == ["Answers", "Files", "Input", "Limits", "Reproducibility",
                                                           "The site"]
    for section in sections:
        assert references(section), section.split("\n", 1)[0]


@pytest.mark.parametrize("file", HARDENING)
def test_every_hardening_test_is_named_on_the_page(file):
    named = {name for f, name in references(PAGE.read_text(encoding="utf-8")) if f == file}
    assert defined_tests(ROOT / file) - named == set()


def test_the_check_is_not_vacuous():
    assert references("see `tests/test_cli.py::test_version_and_families`.") == [
        ("tests/test_cli.py", "test_version_and_families")]
    assert "test_version_and_families" in defined_tests(ROOT / "tests" / "test_cli.py")
    assert "test_no_such_thing" not in defined_tests(ROOT / "tests" / "test_cli.py")
