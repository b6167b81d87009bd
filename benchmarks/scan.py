"""``lstmq scan`` over a synthetic corpus: accuracy, silent misreads and pages per second.

    python benchmarks/scan.py --pages 2000            # the issue's size (long on 2 busy cores)
    python benchmarks/scan.py --pages 300 --out benchmarks/scan-latest.json

Each page is one of lstmq's sheets (A4 with a student-number grid, or US letter with a name),
marked row by row with a known kind (``benchmarks/scan_corpus.py``) and damaged within the
issue's ranges (rotation up to 5 degrees, scale 95 to 105 %, offsets, perspective, blur,
noise, JPEG quality 50, 150 to 300 dpi, black-and-white thresholding, some upside down).

Figures (JSON on stdout):

- ``clear_rows``, ``clear_read_right``, ``accuracy``: rows with a clear answer (blank or one
  full mark) and how many were read exactly; a clear row sent to review is not read right.
- ``silent_misreads``: rows read with confidence but wrongly, plus unclear rows (partial,
  tick, cross, erased, double) read as if clear. The target is 0.
- ``unclear_reviewed``: unclear rows that went to review (should equal ``unclear_rows``).
- ``pages_per_second``: the scanner alone (locate, rectify, measure, annotate) in this
  process, pages already in memory, by the wall clock; ``cpu_seconds_per_page``: the same in
  CPU time, which other load on the machine disturbs far less; ``cli_pages_per_second``: a whole ``lstmq scan``
  process over ``--cli-pages`` image files (reading files and writing outputs included).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.scan_corpus import CLEAR_KINDS, degrade, kinds_for, mark_page, random_damage, rasterise  # noqa: E402


def manifests():
    from lstmq.outputs.sheet.manifest import Copy, Manifest

    return [Manifest("be4c40000001", "a4", True, (Copy(1, "A", (4,) * 30),)),
            Manifest("be4c40000002", "letter", False, (Copy(1, "A", (4,) * 40, "s-1", "Ada Lovelace"),))]


def sheet_pdf(manifest):
    from lstmq.outputs.sheet.layout import PAPER_MM
    from lstmq.outputs.sheet.render import SheetText, sheet_pages, sheets_pdf

    copy = manifest.copies[0]
    text = SheetText("Benchmark", "", "Version A", copy.student_name, copy.student_id)
    return sheets_pdf(sheet_pages(manifest.spec(copy), text, manifest.exam, 1), *PAPER_MM[manifest.paper], "B")


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cli-pages", type=int, default=40)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.pages < 1 or args.cli_pages < 0:
        parser.error("--pages must be at least 1 and --cli-pages at least 0")
    from PIL import Image

    from lstmq.grading.scan.inputs import PageImage
    from lstmq.grading.scan.job import Scanner
    from lstmq.grading.scan.locate import PageProblem
    from lstmq.outputs.sheet.layout import layout

    rng = random.Random(args.seed)
    kinds_seen: dict[str, int] = {}
    figures = dict(pages=0, unreadable_pages=0, clear_rows=0, clear_read_right=0, clear_sent_to_review=0,
                   unclear_rows=0, unclear_reviewed=0, silent_misreads=0, student_numbers=0,
                   student_numbers_right=0)
    setups = []
    for m in manifests():
        pdf = sheet_pdf(m)
        setups.append((m, Scanner(m), layout(m.spec(m.copies[0]))[0], {dpi: rasterise(pdf, dpi)[0]
                                                                        for dpi in (150, 200, 250, 300)}))
    scan_seconds = scan_cpu = 0.0
    examples = []
    cli_dir = Path(tempfile.mkdtemp(prefix="lstmq-scan-bench-"))
    for i in range(args.pages):
        manifest, scanner, page, clean = setups[i % len(setups)]
        damage = random_damage(rng, args.seed * 1_000_003 + i)
        digits = "".join(rng.choice("0123456789") for _ in range(8)) if manifest.anonymous else None
        marked = mark_page(clean[damage.dpi], page, damage.dpi, rng, kinds_for(damage), digits)
        scan = degrade(marked.image, damage)
        image = np.array(Image.open(io.BytesIO(scan)).convert("L")) if isinstance(scan, bytes) else scan
        if i < args.cli_pages and i % len(setups) == 0:
            Image.fromarray(image).save(cli_dir / f"{i:05d}.png")
        figures["pages"] += 1
        start, cpu = time.perf_counter(), time.process_time()
        try:
            read = scanner.read(PageImage(f"page{i}", 1, image))
        except PageProblem as exc:
            figures["unreadable_pages"] += 1
            examples.append({"page": i, "unreadable": str(exc), "damage": repr(damage)})
            continue
        finally:
            scan_seconds += time.perf_counter() - start
            scan_cpu += time.process_time() - cpu
        rows = {r.key: r for r in read.marks.rows}
        for truth in marked.rows:
            if truth.key.startswith("id"):
                continue
            kinds_seen[truth.kind] = kinds_seen.get(truth.kind, 0) + 1
            got = rows[truth.key]
            if truth.kind in CLEAR_KINDS:
                figures["clear_rows"] += 1
                if got.clear and got.read == truth.letters:
                    figures["clear_read_right"] += 1
                elif got.clear:
                    figures["silent_misreads"] += 1
                    examples.append({"page": i, "row": truth.key, "truth": truth.kind, "read": got.read})
                else:
                    figures["clear_sent_to_review"] += 1
                    examples.append({"page": i, "row": truth.key, "truth": truth.kind, "review": got.reason})
            else:
                figures["unclear_rows"] += 1
                if got.clear:
                    figures["silent_misreads"] += 1
                    examples.append({"page": i, "row": truth.key, "truth": truth.kind, "read": got.read,
                                     "fills": got.fills, "damage": repr(damage)})
                else:
                    figures["unclear_reviewed"] += 1
        if digits is not None:
            figures["student_numbers"] += 1
            figures["student_numbers_right"] += read.student_id == digits and not read.id_reason
    figures["accuracy"] = round(figures["clear_read_right"] / max(1, figures["clear_rows"]), 5)
    figures["pages_per_second"] = round(figures["pages"] / scan_seconds, 2)
    # CPU seconds are what the scanner costs whatever else the machine runs: one process per
    # core reads about 1 / cpu_seconds_per_page pages a second on a machine of its own.
    figures["cpu_seconds_per_page"] = round(scan_cpu / figures["pages"], 4)
    figures["marks_by_kind"] = kinds_seen
    if args.cli_pages:
        exam = cli_dir / "exam"
        exam.mkdir()
        from lstmq.outputs.sheet.manifest import manifest_json

        (exam / "sheets.json").write_text(manifest_json(manifests()[0]), encoding="utf-8")
        files = sorted(str(p) for p in cli_dir.glob("*.png"))
        lstmq = Path(sys.executable).with_name("lstmq")
        start = time.perf_counter()
        done = subprocess.run([str(lstmq), "scan", *files, "--exam", str(exam), "-o", str(cli_dir / "r.csv")],
                              capture_output=True, text=True)
        wall = time.perf_counter() - start
        figures["cli_pages"] = len(files)
        figures["cli_exit_code"] = done.returncode
        figures["cli_pages_per_second"] = round(len(files) / wall, 2)
    figures["load_average"] = os.getloadavg()
    figures["examples"] = examples[:20]
    text = json.dumps(figures, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return figures


if __name__ == "__main__":
    main()
