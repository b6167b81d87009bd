"""Time and peak memory of ``lstmq exam --bank BIG --versions 26 --no-pdf`` on a bank of
20,000 questions (issue 21 measured about 3 minutes and 4.5 GB).

The bank is made from a small drawn bank by copying its questions under new ids (the exam
reads a bank and never runs torch, so copies cost it what drawn questions would). Run::

    .venv/bin/python benchmarks/big_exam.py [--count 20000] [--versions 26]

It prints the wall time, the exam process's peak resident memory (``ru_maxrss``), the size of
what it wrote and one digest over every file (the same digest before and after a change means
byte-identical output). Timings on a shared machine vary with its load.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PLAIN = "from lstmq.cli import main; main()"


def make_bank(folder: Path, count: int) -> Path:
    done = subprocess.run([sys.executable, "-c", PLAIN, "generate", "--count", "40", "--seed", "1", "--jobs", "1"],
                          cwd=folder, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    data = json.loads((folder / "bank.json").read_text(encoding="utf-8"))
    seeds = data["questions"]
    questions = []
    for i in range(count):
        q = json.loads(json.dumps(seeds[i % len(seeds)]))
        q["id"] = f"{q['family']}-{i:08x}"
        questions.append(q)
    data["questions"] = questions
    big = folder / "big.json"
    big.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return big


def tree_digest(folder: Path) -> str:
    """One SHA-256 over every file's name and bytes: equal digests, byte-identical folders."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--versions", type=int, default=26)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as base:
        folder = Path(base)
        big = make_bank(folder, options.count)
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-c", PLAIN, "exam", "--bank", str(big), "--versions",
                                 str(options.versions), "--no-pdf", "--out", "exams"], cwd=folder,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak, not the draw's
        seconds = time.monotonic() - started
        code = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode("utf-8", "replace")
        proc.stderr.close()
        peak = usage.ru_maxrss / 1024
        exams = folder / "exams"
        size = sum(p.stat().st_size for p in exams.rglob("*") if p.is_file()) if code == 0 else 0
        digest = tree_digest(exams) if code == 0 else "-"
    print(f"{options.count} questions x {options.versions} versions: exit {code}, {seconds:.1f} s, "
          f"peak {peak:.0f} MB (the exam process), output {size / 2**20:.0f} MB, files sha256 {digest[:16]}")
    if code:
        print(err[-500:])
    return code


if __name__ == "__main__":
    raise SystemExit(main())
