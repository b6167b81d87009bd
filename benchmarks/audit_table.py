"""The generated parts of docs/quality.md: the list of checks (from ``lstmq.audit.CHECKS``) and the
audit table of a fresh 2,000-question draw. Rerun after changing a family or a check:

    .venv/bin/python benchmarks/audit_table.py                 # draws with seed 11, rewrites the page
    .venv/bin/python benchmarks/audit_table.py --bank bank.json  # audits that bank instead of drawing

The draw takes about a minute on 2 cores; the audit a few seconds.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from lstmq.audit import CHECKS, audit, render_markdown
from lstmq.bank.file import load_bank
from lstmq.outputs.files import atomic_write

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "quality.md"
COUNT, SEED = 2000, 11
GROUP_TITLES = {"cues": "Test-wise cues", "repetition": "Repetition", "coverage": "Coverage",
                "explanations": "Explanation flaws", "misconceptions": "Misconceptions and kinds"}


def checks_markdown() -> str:
    lines = ["| Check | Column | What is measured | Limit | Sources |", "| --- | --- | --- | --- | --- |"]
    for c in CHECKS:
        limit = "reported only"
        if c.threshold:
            limit = c.threshold.text(c.unit) + (" per family and overall" if c.threshold.overall else " per family")
        definition = f"**{c.title}.** {c.definition}".replace("|", "\\|")
        lines.append(f"| `{c.id}` ({GROUP_TITLES[c.group].lower()}) | {c.column} | {definition} | {limit} | "
                     f"{'; '.join(c.sources)} |")
    return "\n".join(lines) + "\n"


def table_markdown(bank_path: Path, label: str) -> str:
    bank = load_bank(bank_path)
    header = bank.header
    intro = (f"{label} (lstmq {header.get('lstmq_version')}, torch {header.get('torch_version')}, "
             f"{len(bank.questions)} questions), audited with `lstmq audit bank.json --markdown`:\n\n")
    return intro + render_markdown(audit(bank.questions, "bank.json"))


def splice(page: str, name: str, body: str) -> str:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    head, found, rest = page.partition(start)
    _, found_end, tail = rest.partition(end)
    if not found or not found_end:
        raise SystemExit(f"audit_table: error: {PAGE.name} has no {start} ... {end} block")
    return f"{head}{start}\n{body}{end}{tail}"


def draw(folder: Path) -> Path:
    bank = folder / "bank.json"
    command = ["generate", "--count", str(COUNT), "--seed", str(SEED), "--bank", str(bank), "--docs", str(folder / "docs")]
    subprocess.run([sys.executable, "-c", "from lstmq.cli import main; main()", *command], check=True,
                   stdout=subprocess.DEVNULL)
    return bank


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bank", type=Path, help="audit this bank instead of drawing a fresh one")
    parser.add_argument("--page", type=Path, default=PAGE, help="the page to rewrite (default docs/quality.md)")
    args = parser.parse_args(argv)
    page = args.page.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        if args.bank:
            table = table_markdown(args.bank, f"The bank `{args.bank.name}`")
        else:
            table = table_markdown(draw(Path(tmp)), f"Drawn with `lstmq generate --count {COUNT} --seed {SEED}`")
    page = splice(splice(page, "audit-checks", checks_markdown()), "audit-table", table)
    atomic_write(args.page, page, replace_any=True)
    print(f"updated {args.page}")


if __name__ == "__main__":
    main()
