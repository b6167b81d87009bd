"""`lstmq export --format notebook`: valid by nbformat, hidden solutions, literal text, and run
in a real Python kernel, where every code cell does what the bank says torch did."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from markdown_it import MarkdownIt

from lstmq.bank.file import load_bank, make_header, write_bank
from lstmq.engine.draw import generate
from lstmq.outputs.export import export_bank, notebook
from lstmq.outputs.files import is_own_file

from export_helpers import plain, shown, tags

QUESTION_SEED = 1  # its 15 questions include a warning (the one-layer dropout)


def read(data: bytes):
    return nbformat.reads(data.decode("utf-8"), as_version=4)


def cells_by_question(nb) -> dict[int, dict[str, dict]]:
    out: dict[int, dict[str, dict]] = {}
    for cell in nb.cells:
        m = re.fullmatch(r"q(\d+)-(question|code|check|solution)", cell.id)
        if m:
            out.setdefault(int(m.group(1)), {})[m.group(2)] = cell
    return out


@pytest.fixture(scope="module")
def notebook300(bank300):
    return read(export_bank(bank300, "notebook"))


def test_valid_by_nbformat(notebook300):
    nbformat.validate(notebook300)
    assert notebook300.nbformat == 4 and notebook300.nbformat_minor >= 5  # cell ids
    assert notebook300.metadata.kernelspec.name == "python3"


def test_cells_per_question(notebook300, bank300):
    by_question = cells_by_question(notebook300)
    assert sorted(by_question) == list(range(1, 301))
    for number, q in enumerate(bank300.questions, 1):
        cells = by_question[number]
        main = q.evidence.get("main") or {}
        assert cells["question"].cell_type == "markdown"
        assert cells["solution"].cell_type == "markdown"
        assert cells["solution"].metadata == {"jupyter": {"source_hidden": True}, "collapsed": True}
        if q.code is None:
            assert set(cells) == {"question", "solution"}
            continue
        code = cells["code"]
        assert code.cell_type == "code" and code.source == q.code.rstrip("\n")  # the code torch ran
        assert code.outputs == [] and code.execution_count is None
        raises = bool(main.get("error"))
        assert code.metadata.get("tags", []) == (["raises-exception"] if raises else [])
        # A check cell prints what the run recorded; a snippet whose options carry the checks
        # (its own run records nothing printable) has none.
        assert ("check" in cells) == (not raises and bool(notebook.probe_lines(main.get("values") or {})))
    order = [c.id for c in notebook300.cells]
    assert order[:2] == ["lstmq-title", "lstmq-setup"]


def render(markdown: str) -> str:
    return MarkdownIt("commonmark").render(markdown)


def test_markdown_shows_stem_options_and_solution(notebook300, bank300):
    by_question = cells_by_question(notebook300)
    for number, q in enumerate(bank300.questions[:60], 1):
        question = render(by_question[number]["question"].source)
        text, _ = shown(question)
        assert plain(q.stem) in text
        for c in q.choices:
            assert f"{c.label}. {' '.join(re.sub(r'`+', '', c.text).split())}" in text
        solution, _ = shown(render(by_question[number]["solution"].source))
        assert f"Answer: {q.correct.label}." in solution
        for c in q.choices:
            if not c.correct:
                assert plain(c.why) in solution


def test_hostile_text_stays_literal(hostile_bank):
    nb = read(export_bank(hostile_bank, "notebook"))
    by_question = cells_by_question(nb)
    for number, q in enumerate(hostile_bank.questions, 1):
        html = render(by_question[number]["question"].source)
        assert tags(html) <= {"h2", "p", "em", "ul", "li", "strong", "code"}, tags(html)
        text, _ = shown(html)
        assert " ".join(q.stem.replace("`", "").split()) in text.replace("`", "") or "``" in q.stem
        solution = render(by_question[number]["solution"].source)
        assert tags(solution) <= {"h3", "p", "ol", "ul", "li", "strong", "code"}, tags(solution)
        # "$" would start LaTeX in Jupyter: every one is escaped outside code spans.
        for cell in (by_question[number]["question"], by_question[number]["solution"]):
            outside_code = re.sub(r"(`+).*?\1", "", cell.source)
            assert not re.search(r"(?<!\\)\$", outside_code)


def test_lstmq_replaces_its_own_notebook_only(bank300_path, tmp_path):
    from click.testing import CliRunner

    from lstmq.cli import cli

    out = tmp_path / "lstmq.ipynb"
    for _ in range(2):
        result = CliRunner().invoke(cli, ["export", str(bank300_path), "-f", "notebook", "-o", str(out)])
        assert result.exit_code == 0, result.output
    assert is_own_file(out)
    theirs = tmp_path / "mine.ipynb"
    theirs.write_text(json.dumps(nbformat.v4.new_notebook(), indent=1), encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", str(bank300_path), "-f", "notebook", "-o", str(theirs)])
    assert result.exit_code == 1 and "lstmq did not write it" in result.stderr


# --- running it --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def snippet_bank(bank300, tmp_path_factory):
    """One question with code of every family whose questions carry code."""
    from lstmq.engine.runner import TORCH_VERSION

    families = list(dict.fromkeys(q.family for q in bank300.questions if q.code))
    # A family may draw items without code (constructor, design): three draws each, and of each
    # family the first with code, or a later one whose run warned if none chosen so far did.
    chosen: dict = {}
    for q in generate(3 * len(families), QUESTION_SEED, families=families):
        if not q.code:
            continue
        warns = bool(q.evidence["main"]["warnings"])
        if q.family not in chosen or (warns and not any(c.evidence["main"]["warnings"] for c in chosen.values())):
            chosen[q.family] = q
    questions = list(chosen.values())
    assert {q.family for q in questions} == set(families)
    path = tmp_path_factory.mktemp("snippets") / "bank.json"
    write_bank(path, make_header(QUESTION_SEED, {}, TORCH_VERSION), questions)
    return load_bank(path)


def kernel_manager(folder: Path):
    """A kernel on this interpreter (the venv's), from a kernelspec in a temporary folder: no
    global Jupyter install is read or written."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    spec = folder / "kernels" / "lstmq-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "lstmq test", "language": "python",
    }), encoding="utf-8")
    return KernelManager(kernel_name="lstmq-test",
                         kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(folder / "kernels")]))


def expected_lines(values: dict) -> list[str]:
    """What the check cell should print, written from the bank's evidence."""
    lines = []
    for name, value in values.items():
        if isinstance(value, dict) and "shape" in value:
            lines.append(f"{name}: {tuple(value['shape'])} torch.{value['dtype']}")
        elif not isinstance(value, (dict, list)):
            lines.append(f"{name}: {value}")
    return lines


def stream(cell, name: str) -> str:
    return "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == name)


@pytest.mark.slow
def test_every_code_cell_does_what_the_bank_recorded(snippet_bank, tmp_path):
    from nbclient import NotebookClient

    nb = read(export_bank(snippet_bank, "notebook"))
    # allow_errors=False: an error in a cell without the raises-exception tag fails the run.
    NotebookClient(nb, km=kernel_manager(tmp_path), timeout=300, allow_errors=False).execute()
    by_question = cells_by_question(nb)
    errors = warned = 0
    for number, q in enumerate(snippet_bank.questions, 1):
        cells, main = by_question[number], q.evidence["main"]
        code = cells["code"]
        raised = [o for o in code.outputs if o.output_type == "error"]
        if main["error"]:
            errors += 1
            assert [(o.ename, o.evalue) for o in raised] == [tuple(main["error"])], q.id
        else:
            assert raised == [], q.id
            printed = stream(cells["check"], "stdout").splitlines() if "check" in cells else []
            assert printed == expected_lines(main["values"]), q.id
        for category, message in main["warnings"]:
            warned += 1
            assert f"{category}: {message}" in stream(code, "stderr"), q.id
    assert errors and errors < len(snippet_bank.questions)  # both kinds of cell were run
    assert warned  # and a warning was shown where torch gave one
