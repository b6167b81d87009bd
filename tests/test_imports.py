"""Layers import only downward (in the manner of Click's tests/test_imports.py).

Each check imports one module in a fresh interpreter and lists what ``sys.modules`` then
holds, so an import added anywhere below it (at module level) is seen:

- the engine never imports the outputs, jobs, grading, the command line or click;
- the outputs never import the engine, the families, torch or click;
- reading and validating a bank imports no family module, no engine and no torch;
- the audit reads question records only: no engine, families, outputs, torch or click;
- so does the terminal quiz (its prompts' library loads only when a menu is shown);
- the bottom modules (model, errors, limits, catalogue, reading, signals, itemstats: the stats
  file's reader, shared by the grading layer and the audit; similarity: the option likeness
  the families balance and the audit measures) import nothing of lstmq above them;
- only the command line imports click.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import lstmq
from lstmq.bank.file import make_header, write_bank
from lstmq.model import Choice, Question, Solution

LIST_MODULES = """
import json, sys
import importlib
importlib.import_module(sys.argv[1])
if len(sys.argv) > 2:  # a bank to read as well
    from lstmq.bank.file import load_bank
    load_bank(sys.argv[2])
print(json.dumps(sorted(sys.modules)))
"""

ALL_MODULES = sorted(m.name for m in pkgutil.walk_packages(lstmq.__path__, "lstmq.")
                     if not m.name.startswith("lstmq.templates"))


def loaded_by(module: str, *args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", LIST_MODULES, module, *args],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout))


def under(names: set[str], *prefixes: str) -> list[str]:
    return sorted(n for n in names if any(n == p or n.startswith(p + ".") for p in prefixes))


def in_layer(prefix: str) -> list[str]:
    return [m for m in ALL_MODULES if m == prefix or m.startswith(prefix + ".")]


def test_the_layers_cover_every_module():
    layers = ("lstmq.model", "lstmq.errors", "lstmq.limits", "lstmq.catalogue", "lstmq.reading", "lstmq.signals",
              "lstmq.itemstats", "lstmq.similarity", "lstmq.families", "lstmq.bank", "lstmq.engine", "lstmq.outputs", "lstmq.grading", "lstmq.audit",
              "lstmq.quiz",
              "lstmq.jobs", "lstmq.cli")
    assert [m for m in ALL_MODULES if m != "lstmq" and not any(m in in_layer(p) for p in layers)] == []


@pytest.mark.parametrize("module", in_layer("lstmq.engine"))
def test_the_engine_imports_no_writer_and_no_click(module):
    assert under(loaded_by(module), "lstmq.outputs", "lstmq.jobs", "lstmq.grading", "lstmq.cli", "click") == []


@pytest.mark.parametrize("module", in_layer("lstmq.outputs") + in_layer("lstmq.grading"))
def test_writers_import_no_engine_no_families_no_torch_no_click(module):
    assert under(loaded_by(module), "lstmq.engine", "lstmq.families", "lstmq.jobs", "lstmq.cli",
                 "torch", "click") == []


@pytest.mark.parametrize("module", ["lstmq.model", "lstmq.errors", "lstmq.limits", "lstmq.catalogue",
                                    "lstmq.reading", "lstmq.signals", "lstmq.itemstats",
                                    "lstmq.similarity"])
def test_the_bottom_imports_nothing_above_it(module):
    assert under(loaded_by(module), "lstmq.families", "lstmq.bank", "lstmq.engine", "lstmq.outputs",
                 "lstmq.grading", "lstmq.jobs", "lstmq.cli", "torch", "click", "jinja2") == []


@pytest.mark.parametrize("module", in_layer("lstmq.families"))
def test_families_import_no_engine_no_writer_no_click(module):
    assert under(loaded_by(module), "lstmq.engine", "lstmq.outputs", "lstmq.jobs", "lstmq.cli",
                 "lstmq.bank", "torch", "click") == []


@pytest.mark.parametrize("module", in_layer("lstmq.audit"))
def test_the_audit_reads_records_only(module):
    # The audit measures question records: it never builds, renders or runs them.
    assert under(loaded_by(module), "lstmq.engine", "lstmq.families", "lstmq.outputs", "lstmq.jobs",
                 "lstmq.cli", "torch", "click", "jinja2") == []


@pytest.mark.parametrize("module", in_layer("lstmq.quiz"))
def test_the_quiz_reads_records_only(module):
    # The quiz asks what a bank holds: it never builds, renders or runs a question.
    assert under(loaded_by(module), "lstmq.engine", "lstmq.families", "lstmq.outputs", "lstmq.jobs",
                 "lstmq.cli", "torch", "click", "jinja2", "questionary", "prompt_toolkit") == []


@pytest.mark.parametrize("module", in_layer("lstmq.jobs"))
def test_only_the_command_line_imports_click(module):
    assert under(loaded_by(module), "lstmq.cli", "click") == []


def test_reading_a_bank_imports_no_family_no_engine_no_torch(tmp_path):
    choices = tuple(Choice(label, f"`{label}`", label == "B", "why") for label in "ABCD")
    question = Question(id="metrics-0000002a", family="metrics", difficulty="easy", seed=42,
                        params={}, stem="Which?", code=None, choices=choices,
                        solution=Solution(("step",), "`B` → Option B", "check", "hint", ("w",) * 3),
                        evidence={})
    bank = tmp_path / "bank.json"
    write_bank(bank, make_header(1, {}, "test"), [question])
    for module in ("lstmq.bank.file", "lstmq.bank.schema"):
        assert under(loaded_by(module, str(bank)), "lstmq.families", "lstmq.engine", "torch") == []


def test_the_check_sees_an_import_that_breaks_a_rule():
    # The probe must be able to fail: the engine's runner does import torch.
    assert under(loaded_by("lstmq.engine.runner"), "torch")
