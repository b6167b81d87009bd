"""Commands that do not run torch never import it (each check runs in a fresh interpreter).

Speed itself is measured by ``benchmarks/run.py``; these tests pin the cause of a slow start:
``import torch`` alone takes about a second.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lstmq.bank.file import make_header, write_bank
from lstmq.engine.draw import generate

LSTMQ = Path(sys.executable).with_name("lstmq")


def python(code: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd)


def torch_imports(stderr: str) -> list[str]:
    """Modules named in ``-X importtime`` output that belong to torch."""
    names = [line.rsplit("|", 1)[-1].strip() for line in stderr.splitlines() if line.startswith("import time:")]
    return [n for n in names if n == "torch" or n.startswith("torch.")]


CLI_WITHOUT_TORCH = """
import sys
from click.testing import CliRunner
from lstmq.cli import cli
for args in (["--help"], ["families"], ["--version"], ["generate", "--help"]):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, (args, result.output)
loaded = sorted(m for m in sys.modules if m == "torch" or m.startswith("torch."))
assert not loaded, loaded[:5]
print("ok")
"""


CLI_WITHOUT_FAMILIES = """
import sys
from click.testing import CliRunner
from lstmq.cli import cli
result = CliRunner().invoke(cli, ["--help"])
assert result.exit_code == 0, result.output
assert "lstmq.families" not in sys.modules
result = CliRunner().invoke(cli, ["generate", "--help"])
assert "output-shape" in result.output  # the choices, listed from the catalogue
result = CliRunner().invoke(cli, ["families"])
assert result.exit_code == 0 and "metrics" in result.output, result.output
result = CliRunner().invoke(cli, ["generate", "--family", "no-such-family"])
assert result.exit_code == 2 and "no-such-family" in result.output, result.output
assert "lstmq.families" not in sys.modules
print("ok")
"""


def test_the_command_line_is_built_without_importing_the_families():
    done = python(CLI_WITHOUT_FAMILIES)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_help_and_families_do_not_import_torch():
    done = python(CLI_WITHOUT_TORCH)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


@pytest.mark.parametrize("args", [["--help"], ["families"]])
def test_the_installed_command_does_not_import_torch(args):
    if not LSTMQ.exists():
        pytest.skip("no lstmq console script beside this interpreter")
    env = dict(os.environ, PYTHONPROFILEIMPORTTIME="1")
    done = subprocess.run([str(LSTMQ), *args], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "import time:" in done.stderr  # the probe itself works
    assert torch_imports(done.stderr) == []


READ_BANK = """
import sys
from pathlib import Path
from click.testing import CliRunner
from lstmq.cli import cli
from lstmq.jobs.generate import render_bank
bank, out = sys.argv[1], Path(sys.argv[2])
for fmt in ("moodle", "gift", "qti21", "canvas", "json"):
    result = CliRunner().invoke(cli, ["export", "-f", fmt, bank, "-o", str(out / f"export.{fmt}")])
    assert result.exit_code == 0, (fmt, result.output)
pages = render_bank(Path(bank), out / "docs")
loaded = sorted(m for m in sys.modules if m == "torch" or m.startswith("torch."))
assert not loaded, loaded[:5]
print(pages.count)
"""


def test_exporting_a_bank_and_rendering_its_pages_do_not_import_torch(tmp_path):
    questions = list(generate(12, seed=2))
    write_bank(tmp_path / "bank.json", make_header(2, {}, "test"), questions)
    done = python(READ_BANK, str(tmp_path / "bank.json"), str(tmp_path))
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "12"
    assert (tmp_path / "export.moodle").stat().st_size > 0


PARENT_OF_WORKERS = """
import sys
from pathlib import Path
from lstmq.jobs.generate import generate_set
result = generate_set(30, 4, [], [], Path("bank.json"), Path("docs"), jobs=2)
assert result.count == 30
loaded = sorted(m for m in sys.modules if m == "torch" or m.startswith("torch."))
assert not loaded, loaded[:5]
print("ok")
"""


def test_with_workers_only_the_workers_import_torch(tmp_path):
    done = python(PARENT_OF_WORKERS, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "bank.json").is_file()


AUDIT_BANK = """
import sys
from click.testing import CliRunner
from lstmq.cli import cli
for args in (["audit", sys.argv[1]], ["audit", sys.argv[1], "--json"], ["audit", "--help"]):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, (args, result.output)
loaded = sorted(m for m in sys.modules if m.startswith(("torch", "lstmq.families", "lstmq.engine")))
assert not loaded, loaded[:5]
print("ok")
"""


def test_auditing_a_bank_does_not_import_torch(tmp_path):
    questions = list(generate(13, seed=3))
    write_bank(tmp_path / "bank.json", make_header(3, {}, "test"), questions)
    done = python(AUDIT_BANK, str(tmp_path / "bank.json"))
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
