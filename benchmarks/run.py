"""lstmq's benchmark suite: one command, JSON on stdout (progress on stderr).

    python benchmarks/run.py                          # every section, a few minutes on 2 cores
    python benchmarks/run.py --only generation --count 500
    python benchmarks/run.py --out benchmarks/latest.json

Sections (each figure is a whole process unless it says otherwise):

- generation: ``--count`` questions spread over every family, in this process, against the
  torch floor measured in the same run (``benchmarks/floor.py``: the code strings the accepted
  questions ran, executed bare). One process, then ``--jobs`` worker processes (output
  compared). Also whole ``lstmq generate`` processes with ``--jobs 1`` and ``--jobs N`` (their
  files compared byte for byte), and the floor under other torch settings (oneDNN, threads).
- startup: ``lstmq --help``, ``lstmq families`` and ``lstmq export`` (it only reads a bank),
  with whether torch was imported (``PYTHONPROFILEIMPORTTIME``).
- site: ``lstmq build --bank`` (render the bank's pages, build with MkDocs in the same process)
  against plain ``mkdocs build`` of the same Markdown; the size of ``site/`` at three bank sizes.
- memory: peak RSS of ``lstmq generate --count 10000 --jobs 1`` (the one process that holds
  everything), read with ``getrusage(RUSAGE_CHILDREN)`` in a process that runs only that.

Timings are the minimum over ``--repeat`` runs (the least disturbed by other load on the
machine); the medians are reported too, and the load average before and after. The generation
ratios are the median over rounds of each round's time against that round's floor: a round
runs one process, the floor and the workers back to back, while the machine's speed can drift
by 10 to 20% from one minute to the next. The ratio of the minimums is reported beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED = 2024


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def lstmq_exe() -> str:
    beside = Path(sys.executable).with_name("lstmq")
    return str(beside) if beside.exists() else (shutil.which("lstmq") or "lstmq")


def env() -> dict:
    e = dict(os.environ)
    e["NO_MKDOCS_2_WARNING"] = "1"
    e.pop("PYTHONPROFILEIMPORTTIME", None)
    return e


def timed_process(cmd: list[str], cwd: Path | None = None, extra_env: dict | None = None) -> tuple[float, subprocess.CompletedProcess]:
    e = env()
    e.update(extra_env or {})
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=e, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()[-800:]}")
    return took, done


def summary(times: list[float]) -> dict:
    return {"min_s": round(min(times), 4), "median_s": round(statistics.median(times), 4),
            "runs_s": [round(t, 4) for t in times]}


def machine() -> dict:
    import torch

    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {
        "cpu_model": model,
        "logical_cpus": os.cpu_count(),
        "cpus_usable": usable,
        "system": f"{platform.system()} {platform.machine()}",
        "python": platform.python_version(),
        "torch": torch.__version__,
        "torch_intraop_threads_default": torch.get_num_threads(),
    }


def load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


# --- generation ------------------------------------------------------------------------------

# Every timing below runs in a fresh process: with oneDNN on, torch caches a primitive per shape,
# so a process that already ran the same questions would replay them from its cache.

def child(args: list[str]) -> dict:
    _, done = timed_process([sys.executable, str(Path(__file__).resolve()), "--child", *args])
    return json.loads(done.stdout.strip().splitlines()[-1])


def child_main(args: list[str]) -> int:
    """One timed measurement, run as ``run.py --child KIND ...``; prints one JSON line."""
    kind, rest = args[0], args[1:]
    from lstmq.engine.draw import generate

    if kind == "generate":  # COUNT JOBS OUT_DIR
        count, jobs, out = int(rest[0]), int(rest[1]), Path(rest[2])
        if jobs == 1:
            list(generate(60, SEED + 1))  # warm-up: torch's first calls, other questions
        else:
            from lstmq.engine.parallel import worker_torch_version

            from lstmq.families import REGISTRY

            worker_torch_version(REGISTRY)  # the fork server imports torch, as it would in lstmq generate
        wall, cpu = time.perf_counter(), time.process_time()
        questions = list(generate(count, SEED, jobs=jobs))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        records = json.dumps([q.to_dict() for q in questions], sort_keys=True)
        (out / f"questions-jobs{jobs}.json").write_text(records)
        if jobs == 1 and not (out / "codes.json").exists():
            from benchmarks.floor import workload

            (out / "codes.json").write_text(json.dumps(workload(questions)))
        print(json.dumps({"wall_s": wall, "cpu_s": cpu}))
        return 0
    if kind == "floor":  # CODES_FILE MKLDNN(on|off) THREADS(n|default) LIMIT [COMPILE_GROUP]
        from benchmarks.floor import run_floor

        codes = json.loads(Path(rest[0]).read_text())[: int(rest[3])]
        list(generate(60, SEED + 1))  # the same warm-up as the one-worker run
        wall, cpu = run_floor(codes, rest[1] == "on", None if rest[2] == "default" else int(rest[2]),
                              compile_group=int(rest[4]) if rest[4:] else 0)
        print(json.dumps({"wall_s": wall, "cpu_s": cpu, "runs": len(codes)}))
        return 0
    if kind == "python":  # COUNT
        from benchmarks.floor import python_only

        wall, cpu = python_only(int(rest[0]), SEED, warm_up=(60, SEED + 1))
        print(json.dumps({"wall_s": wall, "cpu_s": cpu}))
        return 0
    raise SystemExit(f"unknown child {kind}")


# lstmq compiles a round's snippets together: up to one per question of a family's run.
COMPILE_GROUP = 32


def bench_generation(count: int, jobs: int, repeat: int, settings: bool = True) -> dict:
    single, single_cpu, parallel, floor, floor_cpu, compiling = [], [], [], [], [], []
    identical = True
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        codes = out / "codes.json"
        for round_ in range(repeat):
            log(f"generation: round {round_ + 1}/{repeat}: one process")
            got = child(["generate", str(count), "1", tmp])
            single.append(got["wall_s"])
            single_cpu.append(got["cpu_s"])
            log(f"generation: round {round_ + 1}/{repeat}: the floor, then the floor compiling its strings")
            got = child(["floor", str(codes), "on", "1", str(10**9)])
            floor.append(got["wall_s"])
            floor_cpu.append(got["cpu_s"])
            compiling.append(child(["floor", str(codes), "on", "1", str(10**9), str(COMPILE_GROUP)])["wall_s"])
            log(f"generation: round {round_ + 1}/{repeat}: {jobs} workers")
            parallel.append(child(["generate", str(count), str(jobs), tmp])["wall_s"])
            identical = identical and (out / "questions-jobs1.json").read_bytes() == \
                (out / f"questions-jobs{jobs}.json").read_bytes()
        records = json.loads((out / "questions-jobs1.json").read_text())
        runs = len(json.loads(codes.read_text()))
        by_setting = floor_settings(codes) if settings else None
        log("generation: lstmq without torch")
        python = [child(["python", str(count)])["wall_s"] for _ in range(repeat)]

    floor_min = min(floor)
    # The machine's speed drifts by 10 to 20% within minutes, so each round's runs are compared
    # with that round's floor (run seconds apart), and the median round is the figure. The
    # ratio of the minimums, which can pair a lucky floor with an unlucky round, is kept beside it.
    single_rounds = [round(s / f, 3) for s, f in zip(single, floor)]
    parallel_rounds = [round(p / f, 3) for p, f in zip(parallel, floor)]
    compiling_rounds = [round(c / f - 1, 3) for c, f in zip(compiling, floor)]
    return {
        "questions": count,
        "families": sorted({q["family"] for q in records}),
        "torch_runs_in_floor": runs,
        "floor": {**summary(floor), "cpu_s_min": round(min(floor_cpu), 4)},
        "one_worker": {**summary(single), "cpu_s_min": round(min(single_cpu), 4),
                       "questions_per_s": round(count / min(single), 1)},
        "parallel": {**summary(parallel), "jobs": jobs, "questions_per_s": round(count / min(parallel), 1),
                     "identical_to_one_worker": identical},
        "one_worker_over_floor": round(statistics.median(single_rounds), 3),
        "parallel_over_floor": round(statistics.median(parallel_rounds), 3),
        "one_worker_over_floor_by_round": single_rounds,
        "parallel_over_floor_by_round": parallel_rounds,
        "one_worker_over_floor_of_minimums": round(min(single) / floor_min, 3),
        "parallel_over_floor_of_minimums": round(min(parallel) / floor_min, 3),
        # CPU seconds are less disturbed by other load than wall-clock seconds.
        "one_worker_over_floor_cpu": round(min(single_cpu) / min(floor_cpu), 3),
        "floor_by_torch_setting": by_setting,
        # What lstmq adds to the floor, as shares of it: compiling the code strings (the floor
        # runs them compiled beforehand; lstmq must compile the code it shows), measured in each
        # round as the floor compiling its strings in groups like lstmq's rounds; and lstmq's
        # Python (sampling, options, checks, explanations, records), timed with torch's outcomes
        # replayed. The rest is per-snippet bookkeeping and how it all shares the CPU's caches.
        "where_the_time_goes": {
            "floor_compiling_in_groups_s": summary(compiling),
            "compile_group": COMPILE_GROUP,
            "compiling_share_by_round": compiling_rounds,
            "compiling_share": round(statistics.median(compiling_rounds), 3),
            "lstmq_python_without_torch_s": summary(python),
            "python_share": round(min(python) / floor_min, 3),
        },
    }


def floor_settings(codes: Path, limit: int = 600) -> dict:
    """The bare workload (a prefix, to bound the time) under other torch settings."""
    log(f"generation: the floor's first {limit} runs under four torch settings")
    out: dict = {}
    for name, mkldnn, threads in (("onednn_on_1_thread (lstmq's runner)", "on", "1"),
                                  ("onednn_off_1_thread", "off", "1"),
                                  ("onednn_on_default_threads (torch's defaults)", "on", "default"),
                                  ("onednn_off_default_threads", "off", "default")):
        got = child(["floor", str(codes), mkldnn, threads, str(limit)])
        out["runs"] = got["runs"]
        out[name] = {"wall_s": round(got["wall_s"], 4), "cpu_s": round(got["cpu_s"], 4)}
    return out


def bench_cli_generate(count: int, jobs: int) -> dict:
    """Whole ``lstmq generate`` processes, one worker and ``jobs`` workers, files compared."""
    out: dict = {"questions": count}
    trees = {}
    with tempfile.TemporaryDirectory() as tmp:
        for j in (1, jobs):
            where = Path(tmp) / f"jobs{j}"
            where.mkdir()
            log(f"cli: lstmq generate --count {count} --jobs {j}")
            took, _ = timed_process([lstmq_exe(), "generate", "--count", str(count), "--seed", str(SEED),
                                     "--jobs", str(j)], cwd=where)
            out[f"jobs_{j}_s"] = round(took, 3)
            trees[j] = {str(p.relative_to(where)): p.read_bytes() for p in sorted(where.rglob("*")) if p.is_file()}
    out["byte_identical"] = trees[1] == trees[jobs]
    out["files_compared"] = len(trees[1])
    return out


# --- start-up --------------------------------------------------------------------------------

def imports_torch(cmd: list[str], cwd: Path | None = None) -> bool:
    _, done = timed_process(cmd, cwd, {"PYTHONPROFILEIMPORTTIME": "1"})
    return any(line.rsplit("|", 1)[-1].strip().split(".")[0] == "torch"
               for line in done.stderr.splitlines() if line.startswith("import time:"))


def bench_startup(repeat: int, bank_sizes: tuple[int, ...] = (120, 1000)) -> dict:
    """Whole processes. The bank-reading commands (``lstmq export``) read the README's
    120-question set and, for scale, 1,000 questions (the target applies to the first)."""
    exe = lstmq_exe()
    # pip compiles an installed package's modules to bytecode, so a user's lstmq starts from
    # it. A checkout installed in editable mode on a machine that sets PYTHONDONTWRITEBYTECODE
    # (this one does) would compile lstmq's sources again at every start, about 50 ms more.
    # Time what users run: lstmq's bytecode is written first (a no-op for an installed wheel).
    import lstmq

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(lstmq.__file__).parent)],
                   capture_output=True)
    out: dict = {"python_-c_pass": summary([timed_process([sys.executable, "-c", "pass"])[0]
                                              for _ in range(repeat)])}
    out["python_-c_import_torch"] = summary([timed_process([sys.executable, "-c", "import torch"])[0]
                                               for _ in range(2)])
    commands = {"lstmq --help": [exe, "--help"], "lstmq families": [exe, "families"]}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n in bank_sizes:
            log(f"startup: a {n}-question bank to read")
            bank = tmp / f"bank{n}.json"
            timed_process([exe, "generate", "--count", str(n), "--seed", str(SEED), "--bank", str(bank),
                           "--docs", str(tmp / f"gen-docs{n}")])
            for fmt, suffix in (("gift", "gift"), ("moodle", "xml")):
                commands[f"lstmq export -f {fmt} ({n}-question bank)"] = [
                    exe, "export", "-f", fmt, str(bank), "-o", str(tmp / f"out{n}.{suffix}")]
        for name, cmd in commands.items():
            log(f"startup: {name}")
            times = [timed_process(cmd)[0] for _ in range(repeat)]
            out[name] = {**summary(times), "imports_torch": imports_torch(cmd)}
    return out


# --- site ------------------------------------------------------------------------------------

def site_project(where: Path, count: int) -> Path:
    """A copy of the repo's MkDocs project (config and hand-written docs) with a fresh bank."""
    where.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", where / "mkdocs.yml")
    starter = Path("templates", "site", "scaffold", "mkdocs.yml")  # what mkdocs.yml INHERITs
    (where / starter).parent.mkdir(parents=True)
    shutil.copy(ROOT / starter, where / starter)
    shutil.copytree(ROOT / "docs", where / "docs", ignore=shutil.ignore_patterns("questions"))
    timed_process([lstmq_exe(), "generate", "--count", str(count), "--seed", str(SEED),
                   "--bank", str(where / "bank.json"), "--docs", str(where / "docs")])
    return where


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def bench_site(sizes: list[int], repeat: int) -> dict:
    out: dict = {"method": "lstmq side: lstmq build --bank bank.json (renders the bank's pages, then builds "
                           "with MkDocs in the same process); plain: python -m mkdocs build of the Markdown "
                           "that left behind, with no lstmq code in the loop"}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            log(f"site: {n} questions")
            proj = site_project(Path(tmp) / f"q{n}", n)
            lstmq_side, plain = [], []
            for _ in range(repeat):
                shutil.rmtree(proj / "site", ignore_errors=True)
                lstmq_side.append(timed_process([lstmq_exe(), "build", "--bank", "bank.json"], cwd=proj)[0])
                lstmq_bytes = tree_bytes(proj / "site")
                shutil.rmtree(proj / "site")
                plain.append(timed_process([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=proj)[0])
            pages = len(list((proj / "docs" / "questions").rglob("*.md")))
            site = proj / "site"
            out[str(n)] = {
                "question_pages": pages,
                "lstmq_side": summary(lstmq_side),
                "plain_mkdocs": summary(plain),
                "ratio": round(min(lstmq_side) / min(plain), 3),
                "site_bytes": tree_bytes(site),
                "site_bytes_same_both_ways": tree_bytes(site) == lstmq_bytes,
                "site_files": sum(1 for p in site.rglob("*") if p.is_file()),
            }
    if len(sizes) >= 3:
        # Every step's bytes per question are listed; linearity is judged on the three largest
        # sizes. Below about 25 questions a family (QUESTIONS_PER_PAGE) no page splits, so a step
        # there adds questions to pages that exist and costs less per question than any step after.
        steps = {f"{a}->{b}": (out[str(b)]["site_bytes"] - out[str(a)]["site_bytes"]) / (b - a)
                 for a, b in zip(sizes, sizes[1:])}
        first, second = list(steps.values())[-2:]
        out["bytes_per_question"] = {**{k: round(v) for k, v in steps.items()},
                                     "relative_difference": round(abs(second - first) / first, 3),
                                     "judged_on": sizes[-3:]}
    return out


# --- memory ----------------------------------------------------------------------------------

MEASURE_CHILD = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"returncode": done.returncode, "wall_s": round(time.perf_counter() - start, 2),
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "stderr": done.stderr[-500:]}))
"""


def bench_memory(count: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        log(f"memory: lstmq generate --count {count} --jobs 1")
        _, done = timed_process([sys.executable, "-c", MEASURE_CHILD, lstmq_exe(), "generate", "--count", str(count),
                                 "--seed", str(SEED), "--jobs", "1", "--bank", str(Path(tmp) / "bank.json"),
                                 "--docs", str(Path(tmp) / "docs")])
        got = json.loads(done.stdout)
        if got["returncode"] != 0:
            raise RuntimeError(f"lstmq generate failed: {got['stderr']}")
        bank_mb = (Path(tmp) / "bank.json").stat().st_size / 2**20
    return {"questions": count, "jobs": 1, "peak_rss_mb": round(got["maxrss_kb"] / 1024, 1),
            "wall_s": got["wall_s"], "bank_json_mb": round(bank_mb, 1)}


# --- targets ---------------------------------------------------------------------------------

def verdicts(r: dict) -> dict:
    out = {}

    def check(name, value, limit, ok):
        out[name] = {"value": value, "limit": limit, "met": bool(ok)}

    g = r.get("generation")
    if g:
        check("generation_one_worker_over_floor", g["one_worker_over_floor"], 1.3, g["one_worker_over_floor"] <= 1.3)
        check("generation_parallel_over_floor", g["parallel_over_floor"], 0.75, g["parallel_over_floor"] <= 0.75)
        check("parallel_output_identical", g["parallel"]["identical_to_one_worker"], True,
              g["parallel"]["identical_to_one_worker"])
        cli = g.get("cli")
        if cli:
            check("cli_jobs_byte_identical", cli["byte_identical"], True, cli["byte_identical"])
    s = r.get("startup")
    if s:
        for name, m in s.items():
            if "imports_torch" in m and "1000" not in name:
                check(f"startup: {name}", m["median_s"], 0.3, m["median_s"] < 0.3)
            if "imports_torch" in m:
                check(f"no torch import: {name}", m["imports_torch"], False, not m["imports_torch"])
    site = r.get("site")
    if site:
        sizes = [int(k) for k in site if k.isdigit()]
        judged = 1000 if 1000 in sizes else max(sizes)  # the target is set on a 1,000-question bank
        check(f"site_over_plain_mkdocs ({judged} questions)", site[str(judged)]["ratio"], 1.2,
              site[str(judged)]["ratio"] <= 1.2)
        if "bytes_per_question" in site:
            d = site["bytes_per_question"]["relative_difference"]
            check("site_grows_linearly (bytes per question, relative difference)", d, 0.15, d <= 0.15)
    m = r.get("memory")
    if m:
        check(f"peak_rss_mb ({m['questions']} questions)", m["peak_rss_mb"], 700, m["peak_rss_mb"] < 700)
    return out


def positive(text: str) -> int:
    value = int(text) if text.strip().lstrip("-").isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return value


def sizes(text: str) -> list[int]:
    """``--site-sizes``: bank sizes, comma-separated, each at least 1 and larger than the one before."""
    parts = [positive(part) for part in text.split(",")]
    if any(b <= a for a, b in zip(parts, parts[1:])):
        raise argparse.ArgumentTypeError(f"sizes must rise from left to right, not {text!r}")
    return parts


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        return child_main(sys.argv[2:])
    from lstmq.engine.draw import default_jobs

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", action="append", choices=["generation", "startup", "site", "memory"],
                    help="run only these sections (repeatable); default: all")
    ap.add_argument("--count", type=positive, default=2000, help="questions for the generation section")
    ap.add_argument("--jobs", type=positive, default=default_jobs(), help="workers for the parallel runs")
    ap.add_argument("--repeat", type=positive, default=3, help="runs per timing (the minimum is reported; for generation, rounds)")
    ap.add_argument("--site-sizes", type=sizes, default="250,500,1000,2000",
                    help="bank sizes for the site section (ascending; linearity is judged on the last three)")
    ap.add_argument("--memory-count", type=positive, default=10_000, help="questions for the memory section")
    ap.add_argument("--no-cli", action="store_true", help="skip the whole-process lstmq generate runs")
    ap.add_argument("--no-floor-settings", action="store_true",
                    help="skip the floor under other torch settings (oneDNN off, default threads)")
    ap.add_argument("--quick", action="store_true",
                    help="small sizes for a smoke run (500 questions, 2 repeats, sites of 100-400, memory at 2,000)")
    ap.add_argument("--out", type=Path, help="also write the JSON to this file")
    args = ap.parse_args()
    if args.quick:
        args.count, args.repeat, args.site_sizes, args.memory_count = 500, 2, [100, 200, 400], 2000
    sections = args.only or ["generation", "startup", "site", "memory"]

    began = time.perf_counter()
    result: dict = {"machine": machine(), "load_average_before": load()}
    if "generation" in sections:
        result["generation"] = bench_generation(args.count, args.jobs, args.repeat, not args.no_floor_settings)
        if not args.no_cli:
            result["generation"]["cli"] = bench_cli_generate(args.count, args.jobs)
    if "startup" in sections:
        result["startup"] = bench_startup(max(args.repeat, 5))
    if "site" in sections:
        result["site"] = bench_site(args.site_sizes, args.repeat)
    if "memory" in sections:
        result["memory"] = bench_memory(args.memory_count)
    result["load_average_after"] = load()
    result["benchmark_wall_s"] = round(time.perf_counter() - began, 1)
    result["targets"] = verdicts(result)
    result["note"] = ("Wall-clock figures need an otherwise idle machine: compare the load averages with "
                      "cpus_usable, and one_worker_over_floor with one_worker_over_floor_cpu and the ratios "
                      "by round.")
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
