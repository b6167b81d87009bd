"""The project installs as a wheel (not editable) and runs from outside the repo, templates included."""

from __future__ import annotations

import json
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_installs_and_generates_outside_the_repo(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(dist.glob("lstmq-*.whl"))

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    purelib = Path(subprocess.check_output(
        [py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True).strip())
    # Reuse this interpreter's installed dependencies (torch is large) without its editable lstmq:
    # paths listed in a .pth file are added as-is, their own .pth hooks are not run.
    parents = [p for p in site.getsitepackages() + [sysconfig.get_paths()["purelib"]] if Path(p).is_dir()]
    (purelib / "_lstmq_test_deps.pth").write_text("\n".join(dict.fromkeys(parents)) + "\n")
    subprocess.run([py, "-m", "pip", "install", "--no-deps", "-q", "--disable-pip-version-check", str(wheel)],
                   check=True, capture_output=True)

    where = subprocess.check_output([py, "-c", "import lstmq; print(lstmq.__file__)"], text=True, cwd=tmp_path)
    assert Path(where.strip()).is_relative_to(purelib)

    work = tmp_path / "elsewhere"
    work.mkdir()
    result = subprocess.run([env_dir / "bin" / "lstmq", "generate", "--count", "8", "--seed", "4"],
                            cwd=work, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    bank = json.loads((work / "bank.json").read_text())
    assert len(bank["questions"]) == 8
    assert (work / "docs" / "questions" / "index.md").is_file()
