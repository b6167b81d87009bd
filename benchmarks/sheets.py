"""Printing for ``lstmq exam --sheet/--roster``: WeasyPrint against Typst, and a class of 300.

    python benchmarks/sheets.py                         # draws a 40-question bank first (torch)
    python benchmarks/sheets.py --bank bank.json --class-size 300 --jobs 1 2

1. The same answer sheet (30 questions, student-number grid, QR code), drawn from the same
   layout: Typst (lstmq's template) and WeasyPrint (absolutely placed HTML written here for
   the comparison). Seconds per sheet (minimum and median of ``--repeat``) and PDF bytes.
2. The same student copy (20 questions): lstmq's HTML through WeasyPrint (what ``lstmq exam``
   prints without a roster) and lstmq's Typst copy with its answer sheet.
3. ``lstmq exam --roster`` (in this process, through the same job as the CLI) for
   ``--class-size`` students, ``--questions`` questions, with sheets and key: wall seconds for
   each ``--jobs``, the CPU seconds of this process and its workers (less disturbed by other
   load than the wall clock), and whether the files are byte-identical between them.

JSON on stdout. The machine is shared: the load average is reported with the figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def weasy_sheet_html(page, spec, title: str, qr_svg: str) -> str:
    """The sheet as absolutely placed HTML (millimetres), for the comparison only."""
    from markupsafe import escape

    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title><style>"
             f"@page {{ size: {page.width}mm {page.height}mm; margin: 0 }} body {{ margin: 0; font-family: serif }}"
             ".a { position: absolute } .b { border: 0.35mm solid black; border-radius: 50%; box-sizing: border-box;"
             " font-size: 5.5pt; color: #595959; text-align: center }</style></head><body>"]
    for f in page.fiducials:
        parts.append(f"<div class='a' style='left:{f.x - f.size / 2}mm;top:{f.y - f.size / 2}mm;width:{f.size}mm;"
                     f"height:{f.size}mm;background:black'></div>")
    parts.append(f"<div class='a' style='left:{page.qr.x}mm;top:{page.qr.y}mm;width:{page.qr.width}mm'>{qr_svg}</div>")
    parts.append(f"<div class='a' style='left:20mm;top:17mm'><h1 style='font-size:14pt;margin:0'>{escape(title)}</h1>"
                 "<p>Answer sheet</p></div>")
    parts.append(f"<div class='a' style='left:{page.legend.x}mm;top:{page.legend.y}mm;width:{page.legend.width}mm;"
                 f"height:{page.legend.height}mm;border:0.3mm solid black'>Fill like this. Correct like this: "
                 "erase completely.</div>")
    for b in page.bubbles + page.id_bubbles:
        parts.append(f"<div class='a b' style='left:{b.x - b.r}mm;top:{b.y - b.r}mm;width:{2 * b.r}mm;"
                     f"height:{2 * b.r}mm;line-height:{2 * b.r}mm'>{b.label}</div>")
    for x, numbers in page.columns:
        for r, n in enumerate(numbers):
            parts.append(f"<div class='a' style='left:{x}mm;top:{page.rows_top + r * 7 + 1.9}mm'><b>{n}</b></div>")
    parts.append("</body></html>")
    return "".join(parts)


def timed(fn, repeat: int) -> tuple[dict, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return {"min_s": round(min(times), 4), "median_s": round(statistics.median(times), 4)}, result


def tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file() and p.name != ".lstmq-manifest.json":
            h.update(str(p.relative_to(folder)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bank", type=Path, default=None)
    parser.add_argument("--class-size", type=int, default=300)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    if min(args.class_size, args.questions, args.repeat, *args.jobs) < 1:
        parser.error("--class-size, --questions, --repeat and --jobs must be at least 1")
    from lstmq.bank.file import load_bank, make_header, write_bank
    from lstmq.outputs.exam.versions import ExamInfo, make_versions
    from lstmq.outputs.exam.html import render_student
    from lstmq.outputs.exam.pdf import html_to_pdf
    from lstmq.outputs.sheet import code as sheet_code
    from lstmq.outputs.sheet.copies import Student, copies_pdf, copy_data
    from lstmq.outputs.sheet.layout import PAPER_MM, SheetSpec, layout
    from lstmq.outputs.sheet.render import SheetText, qr_svg, sheet_pages, sheets_pdf

    work = Path(tempfile.mkdtemp(prefix="lstmq-sheets-bench-"))
    bank_path = args.bank
    if bank_path is None:
        from lstmq.engine.draw import generate

        bank_path = work / "bank.json"
        write_bank(bank_path, make_header(1, {}, "bench"), list(generate(max(40, args.questions), seed=1)))
    questions = load_bank(bank_path).questions[:args.questions]
    info = ExamInfo("Benchmark exam", "CS 412", "", "Answer every question.", "a4")
    figures: dict = {"load_average_before": os.getloadavg()}

    spec = SheetSpec("a4", (4,) * 30, 8)
    page = layout(spec)[0]
    code_text = sheet_code.encode(sheet_code.SheetCode("0123456789ab", 1, 1))
    typst_time, typst_pdf = timed(lambda: sheets_pdf(sheet_pages(spec, SheetText(info.title, "", "Version A"),
                                                                 "0123456789ab", 1), *PAPER_MM["a4"], info.title),
                                  args.repeat)
    html = weasy_sheet_html(page, spec, info.title, qr_svg(code_text))
    weasy_time, weasy_pdf = timed(lambda: html_to_pdf(html), args.repeat)
    figures["sheet"] = {"typst": {**typst_time, "bytes": len(typst_pdf)},
                        "weasyprint": {**weasy_time, "bytes": len(weasy_pdf)}}

    version = make_versions([questions], 3)[0]
    w_time, w_pdf = timed(lambda: html_to_pdf(render_student(info, version)), args.repeat)
    t_time, t_pdf = timed(lambda: copies_pdf(info, [copy_data(info, version, 1, Student("1", "Ada"),
                                                               "0123456789ab", False)]), args.repeat)
    figures["student_copy"] = {"questions": len(questions),
                               "weasyprint_html_copy": {**w_time, "bytes": len(w_pdf)},
                               "typst_copy_with_sheet": {**t_time, "bytes": len(t_pdf)}}

    from lstmq.jobs.exam import ExamRequest, make_exam

    roster = work / "students.csv"
    roster.write_text("id,name\n" + "".join(f"2026{k:05d},Student {k}\n" for k in range(1, args.class_size + 1)),
                      encoding="utf-8")
    runs = {}
    for jobs in args.jobs:
        out = work / f"class-jobs{jobs}"
        req = ExamRequest(versions=1, seed=5, count=args.questions, bank=bank_path, roster=roster, sheet=True,
                          jobs=jobs)
        start, cpu, children = time.perf_counter(), time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
        make_exam(req, info, out)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        worker_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
        runs[jobs] = {"wall_s": round(time.perf_counter() - start, 2),
                      "cpu_s": round(time.process_time() - cpu + worker_cpu, 2), "digest": tree_digest(out)}
    figures["class"] = {"students": args.class_size, "questions": args.questions,
                        "runs": {str(j): {"wall_s": r["wall_s"], "cpu_s": r["cpu_s"]} for j, r in runs.items()},
                        "identical_across_jobs": len({r["digest"] for r in runs.values()}) == 1}
    figures["load_average_after"] = os.getloadavg()
    text = json.dumps(figures, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return figures


if __name__ == "__main__":
    main()
