"""The figures of a benchmark run as Markdown, for docs/performance.md.

    python benchmarks/run.py --out latest.json && python benchmarks/table.py latest.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def table(r: dict) -> str:
    m = r["machine"]
    lines = [
        f"Machine: {m['cpu_model']}, {m['cpus_usable']} usable CPUs ({m['logical_cpus']} logical), "
        f"{m['system']}, Python {m['python']}, torch {m['torch']}. Load average before and after: "
        f"{r.get('load_average_before')} and {r.get('load_average_after')}.",
        "",
        "| What | Measured | Target | Met |",
        "| --- | ---: | ---: | :---: |",
    ]
    for name, t in r["targets"].items():
        lines.append(f"| {name} | {t['value']} | {t['limit']} | {'yes' if t['met'] else '**no**'} |")
    g = r.get("generation")
    if g:
        lines += [
            "",
            f"Generation of {g['questions']} questions over {len(g['families'])} families "
            f"({g['torch_runs_in_floor']} torch runs in the floor), minimum of the runs:",
            "",
            "| | Wall s | CPU s | Questions/s |",
            "| --- | ---: | ---: | ---: |",
            f"| torch floor (bare loop) | {g['floor']['min_s']} | {g['floor']['cpu_s_min']} | |",
            f"| lstmq, one process | {g['one_worker']['min_s']} | {g['one_worker']['cpu_s_min']} | "
            f"{g['one_worker']['questions_per_s']} |",
            f"| lstmq, {g['parallel']['jobs']} workers | {g['parallel']['min_s']} | | "
            f"{g['parallel']['questions_per_s']} |",
        ]
        if "one_worker_over_floor_by_round" in g:
            lines += [
                "",
                "Against the floor, round by round (each round runs one process, the floor and the "
                "workers back to back):",
                "",
                "| | Each round | Median (the figure) | Ratio of the minimums |",
                "| --- | --- | ---: | ---: |",
                f"| one process | {', '.join(map(str, g['one_worker_over_floor_by_round']))} | "
                f"{g['one_worker_over_floor']} | {g['one_worker_over_floor_of_minimums']} |",
                f"| {g['parallel']['jobs']} workers | {', '.join(map(str, g['parallel_over_floor_by_round']))} | "
                f"{g['parallel_over_floor']} | {g['parallel_over_floor_of_minimums']} |",
            ]
        w = g.get("where_the_time_goes")
        if w and "compiling_share" in w:
            total, compiling, python = g["one_worker_over_floor"], w["compiling_share"], w["python_share"]
            rest = total - 1 - compiling - python
            lines += ["", "Where the one-process time goes, as shares of the floor:", "",
                      "| Part | of the floor |", "| --- | ---: |",
                      "| torch floor | 100% |",
                      f"| compiling the code strings, {w['compile_group']} at a time (median of the rounds: "
                      f"{', '.join(f'{c:.0%}' for c in w['compiling_share_by_round'])}) | {compiling:.0%} |",
                      f"| lstmq's Python, torch replayed (fastest run) | {python:.0%} |",
                      f"| the rest (per-snippet seeding, warning capture, descriptions; sharing the caches) | "
                      f"{rest:.0%} |",
                      f"| lstmq, one process (median of the rounds) | {total:.0%} |"]
        if g.get("cli"):
            c = g["cli"]
            lines += ["", f"Whole `lstmq generate --count {c['questions']}` processes (torch import, bank and "
                          f"pages included): `--jobs 1` {c['jobs_1_s']} s, `--jobs {g['parallel']['jobs']}` "
                          f"{c[next(k for k in c if k.startswith('jobs_') and k != 'jobs_1_s')]} s, "
                          f"byte-identical: {c['byte_identical']}."]
        s = g.get("floor_by_torch_setting")
        if s:
            lines += ["", f"The floor's first {s['runs']} runs under other torch settings:", "",
                      "| Setting | Wall s | CPU s |", "| --- | ---: | ---: |"]
            lines += [f"| {k} | {v['wall_s']} | {v['cpu_s']} |" for k, v in s.items() if k != "runs"]
    st = r.get("startup")
    if st:
        lines += ["", "Start-up, whole processes (median of the runs):", "", "| Command | Median s | Imports torch |",
                  "| --- | ---: | :---: |"]
        lines += [f"| {k} | {v['median_s']} | {v.get('imports_torch', '')} |" for k, v in st.items()]
    site = r.get("site")
    if site:
        lines += ["", "Site (minimum of the runs):", "", "| Questions | Pages | lstmq side s | plain MkDocs s | Ratio | site/ bytes |",
                  "| ---: | ---: | ---: | ---: | ---: | ---: |"]
        lines += [f"| {k} | {v['question_pages']} | {v['lstmq_side']['min_s']} | {v['plain_mkdocs']['min_s']} | "
                  f"{v['ratio']} | {v['site_bytes']} |" for k, v in site.items() if k.isdigit()]
    mem = r.get("memory")
    if mem:
        lines += ["", f"Memory: `lstmq generate --count {mem['questions']} --jobs 1` peaked at {mem['peak_rss_mb']} MB "
                      f"RSS in {mem['wall_s']} s; its bank.json is {mem['bank_json_mb']} MB."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(table(json.loads(Path(sys.argv[1]).read_text())), end="")
