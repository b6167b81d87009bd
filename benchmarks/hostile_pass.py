"""A hostile pass over lstmq: over a hundred scenarios a hostile user (or a careless one)
could try, each run as a real ``lstmq`` process in a fresh folder, bounded in time and memory.

Every scenario must end with exit code 0, 1 or 2, at most one ``lstmq: error:`` line, and:

- no traceback (stdout or stderr);
- no hang (each run has a time limit; a run that hits it counts as a hang);
- no file lost: files placed beside and inside lstmq's folders stay, byte for byte;
- no write outside the case's work folder (a sibling folder with a secret, and the target of
  every symbolic link, must be unchanged).

Run it all (about 3 minutes on 2 busy cores)::

    .venv/bin/python benchmarks/hostile_pass.py            # prints counts, exits 1 on any finding
    .venv/bin/python benchmarks/hostile_pass.py --list     # the scenario names

``tests/test_hostile_inputs.py`` runs a sample of the scenarios on every CI run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

PLAIN = "from lstmq.cli import main; main()"
TIME_LIMIT = 90.0
MEMORY = 3 * 2**30


@dataclass
class Scenario:
    name: str
    args: list[str]
    setup: Callable[[Path], None] = lambda work: None
    stdin: str | None = None  # a file in the work folder to feed as stdin
    signal_after: tuple[int, float] | None = None  # (signal, seconds) sent to the process group


@dataclass
class Finding:
    scenario: str
    kind: str  # traceback, hang, lost, outside, exit
    detail: str


@dataclass
class Result:
    ran: int = 0
    findings: list[Finding] = field(default_factory=list)
    exits: dict[int, int] = field(default_factory=dict)

    def count(self, kind: str) -> int:
        return sum(f.kind == kind for f in self.findings)


# --- the template every case starts from -------------------------------------------------------

def lstmq(args: list[str], cwd: Path, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PLAIN, *args], cwd=cwd, capture_output=True, text=True, **kw)


def make_template(folder: Path) -> Path:
    """A bank, an exam with its key, responses, and the hostile variants of each."""
    work = folder / "template"
    work.mkdir(parents=True)
    for args in (["generate", "--count", "4", "--seed", "3", "--family", "output-shape", "--family", "concepts",
                  "--jobs", "1"],
                 ["exam", "--bank", "bank.json", "--no-pdf", "--versions", "2", "--out", "exams"]):
        done = lstmq(args, work, timeout=300)
        if done.returncode != 0:
            raise SystemExit(f"could not prepare the template: {done.stderr}")
    text = (work / "bank.json").read_text(encoding="utf-8")
    data = json.loads(text)
    key_rows = (work / "exams" / "key.csv").read_text(encoding="utf-8").splitlines()[1:]
    answers = [r.split(",")[3] for r in key_rows if r.startswith("A,")]
    qs = ",".join(f"q{k}" for k in range(1, len(answers) + 1))
    (work / "responses.csv").write_text(f"student_id,version,{qs}\ns1,A,{','.join(answers)}\n", encoding="utf-8")
    (work / "formula.csv").write_text(f"student_id,version,{qs}\n=HYPERLINK(\"http://x\"),A,{','.join(answers)}\n"
                                      f"+cmd|' /C calc'!A0,A,{','.join(answers)}\n", encoding="utf-8")

    def variant(name: str, change: Callable[[dict], None]) -> None:
        copy = json.loads(text)
        change(copy)
        (work / name).write_text(json.dumps(copy), encoding="utf-8")

    shape = next(i for i, q in enumerate(data["questions"]) if q["family"] == "output-shape")
    variant("bools.json", lambda d: d["questions"][shape]["params"].update(num_layers=True, dropout=False))
    variant("floats.json", lambda d: d["questions"][shape]["params"].update(
        hidden_size=float(d["questions"][shape]["params"]["hidden_size"])))
    variant("evidence.json", lambda d: d["questions"][0].update(evidence={"main": "ran", "options": []}))
    variant("bigint.json", lambda d: d.update(seed=10**30))
    (work / "huge.json").write_text(text.replace('"seed": 3,', '"seed": ' + "9" * 5000 + ",", 1), encoding="utf-8")
    for depth in (500, 100_000):
        (work / f"deep{depth}.json").write_text(
            text.replace('"options": {', '"options": {"x": ' + "[" * depth + "]" * depth + ", ", 1), encoding="utf-8")
    for name, value in (("nan.json", "NaN"), ("inf.json", "Infinity"), ("overflow.json", "1e999")):
        (work / name).write_text(text.replace('"options": {', f'"options": {{"x": {value}, ', 1), encoding="utf-8")
    (work / "bom.json").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (work / "empty.json").write_bytes(b"")
    (work / "folder").mkdir()
    mixed = (work / "exams" / "key.csv").read_text(encoding="utf-8").splitlines()
    (work / "mixed-key.csv").write_text("\n".join([mixed[0], *mixed[1:]][:-1] + [mixed[-1].replace(",A,", ",B,", 1)])
                                        + "\n", encoding="utf-8")
    # files that are not lstmq's, beside and inside its outputs: none may be lost
    (work / "mine").mkdir()
    (work / "mine" / "notes.txt").write_text("my notes\n", encoding="utf-8")
    (work / "exams" / "mine.txt").write_text("kept inside the exam folder\n", encoding="utf-8")
    return work


def precious(work: Path) -> dict[str, bytes]:
    return {str(p.relative_to(work)): p.read_bytes() for p in (work / "mine" / "notes.txt", work / "exams" / "mine.txt")
            if p.is_file()}


def snapshot(folder: Path) -> dict[str, bytes | None]:
    out = {}
    for p in sorted(folder.rglob("*")):
        out[str(p.relative_to(folder))] = None if p.is_dir() or not p.is_file() else p.read_bytes()
    return out


# --- the scenarios ----------------------------------------------------------------------------

def fifo(name: str) -> Callable[[Path], None]:
    return lambda work: os.mkfifo(work / name)


def link(name: str, target: str) -> Callable[[Path], None]:
    def make(work: Path) -> None:
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).symlink_to(target if target.startswith("/") else work.parent / target)
    return make


BAD_BANKS = ["/dev/zero", "/dev/null", "/dev/urandom", "fifo", "huge.json", "deep500.json", "deep100000.json",
             "nan.json", "inf.json", "overflow.json", "bigint.json", "empty.json", "folder", "missing.json",
             "zero-link.json"]
SETUPS = {"fifo": fifo("fifo"), "zero-link.json": link("zero-link.json", "/dev/zero")}


def scenarios() -> list[Scenario]:
    out: list[Scenario] = []
    readers = {
        "export-json": ["export", "{b}", "-f", "json", "-o", "out.json"],
        "export-moodle": ["export", "{b}", "-f", "moodle", "-o", "out.xml"],
        "export-qti": ["export", "{b}", "-f", "qti21", "-o", "out.zip"],
        "exam-bank": ["exam", "--bank", "{b}", "--no-pdf", "--out", "out"],
        "check": ["check", "{b}"],
    }
    for reader, args in readers.items():
        for bank in BAD_BANKS:
            out.append(Scenario(f"{reader} {bank}", [a.replace("{b}", bank) for a in args], SETUPS.get(bank, lambda w: None)))
    for bank in ("bools.json", "floats.json", "evidence.json"):
        out.append(Scenario(f"check {bank}", ["check", bank]))
    out.append(Scenario("export bom.json", ["export", "bom.json", "-f", "json", "-o", "out.json"]))
    out.append(Scenario("export stdin", ["export", "/dev/stdin", "-f", "gift", "-o", "out.gift"], stdin="bank.json"))
    out.append(Scenario("export stdin /dev/zero", ["export", "/dev/stdin", "-f", "gift", "-o", "out.gift"],
                        stdin="/dev/zero"))
    for key in ("/dev/zero", "fifo", "mixed-key.csv", "folder", "bank.json", "missing.csv", "zero-link.json"):
        out.append(Scenario(f"grade --key {key}", ["grade", "--key", key, "--out", "reports", "responses.csv"],
                            SETUPS.get(key, lambda w: None)))
    for responses in ("/dev/zero", "fifo", "formula.csv", "bank.json", "empty.json"):
        out.append(Scenario(f"grade responses {responses}", ["grade", "--key", "exams/key.csv", "--out", "reports",
                                                             responses], SETUPS.get(responses, lambda w: None)))
    out.append(Scenario("grade /dev/stdin without --out", ["grade", "--key", "exams/key.csv", "/dev/stdin"],
                        stdin="responses.csv"))
    out.append(Scenario("grade --force through a symlink", ["grade", "--key", "exams/key.csv", "--force",
                                                            "responses.csv"],
                        link("responses-scores.csv", "outside/secret.txt")))
    for target in ("fifo", "/dev/null", "/dev/full", "folder", "x" * 251 + ".xml", "sub/../up.xml",
                   "outside-link.xml", "deep/er/out.xml"):
        setup = SETUPS.get(target) or (link("outside-link.xml", "outside/secret.txt") if target == "outside-link.xml"
                                       else (lambda w: None))
        for force in ([], ["--force"]):
            out.append(Scenario(f"export -o {target[:40]} {' '.join(force)}".strip(),
                                ["export", "bank.json", "-f", "moodle", "-o", target, *force], setup))
    out.append(Scenario("exam into a folder with a pipe as manifest", ["exam", "--bank", "bank.json", "--no-pdf",
                                                                       "--out", "pipes"],
                        lambda w: ((w / "pipes").mkdir(), os.mkfifo(w / "pipes" / ".lstmq-manifest.json"))))
    out.append(Scenario("exam over a pipe at its own file name --force",
                        ["exam", "--bank", "bank.json", "--no-pdf", "--versions", "2", "--out", "exams", "--force"],
                        lambda w: ((w / "exams" / "key-A.html").unlink(), os.mkfifo(w / "exams" / "key-A.html"))))
    out.append(Scenario("exam --out a deeply nested manifest", ["exam", "--bank", "bank.json", "--no-pdf", "--out",
                                                                 "exams"],
                        lambda w: (w / "exams" / ".lstmq-manifest.json").write_text("[" * 100_000 + "]" * 100_000)))
    out.append(Scenario("exam --out over a set folder", ["exam", "--bank", "bank.json", "--no-pdf", "--out",
                                                          "docs/questions/practice"],
                        lambda w: lstmq(["generate", "--count", "2", "--family", "concepts", "--jobs", "1"], w,
                                        timeout=300)))
    out.append(Scenario("exam --out ./ ", ["exam", "--bank", "bank.json", "--no-pdf", "--out", "."]))
    out.append(Scenario("exam --out a long name", ["exam", "--bank", "bank.json", "--no-pdf", "--out", "e" * 255]))
    for address in ("127.0.0.1:99999", "127.0.0.1:-1", "127.0.0.1:0", ":8000", "localhost", "[::1]:70000"):
        out.append(Scenario(f"serve -a {address}", ["serve", "-a", address]))
    for value in ("-1", "0", "20001", "99999999999999999999999", "1.5", "true"):
        out.append(Scenario(f"generate --count {value}", ["generate", "--count", value]))
    for value in ("-1", str(2**63), "1e3"):
        out.append(Scenario(f"generate --seed {value}", ["generate", "--count", "2", "--seed", value]))
    out.append(Scenario("generate --set ../x", ["generate", "--count", "2", "--set", "../x"]))
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        for delay in (0.5, 2.0):
            out.append(Scenario(f"generate --jobs 2 {signal.Signals(sig).name} after {delay} s",
                                ["generate", "--count", "600", "--jobs", "2"], signal_after=(sig, delay)))
    return out


# --- running them -----------------------------------------------------------------------------

def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    os.setsid()


def run_one(s: Scenario, template: Path, base: Path, result: Result) -> None:
    case = Path(tempfile.mkdtemp(dir=base))
    work = case / "work"
    shutil.copytree(template, work, symlinks=True)
    (case / "outside").mkdir()
    (case / "outside" / "secret.txt").write_text("outside the work folder\n", encoding="utf-8")
    s.setup(work)
    before_outside = snapshot(case / "outside")
    before_precious = precious(work)
    stdin = subprocess.DEVNULL
    if s.stdin:
        stdin = open(s.stdin if s.stdin.startswith("/") else work / s.stdin, "rb")
    proc = subprocess.Popen([sys.executable, "-c", PLAIN, *s.args], cwd=work, stdin=stdin, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=_limits)
    try:
        if s.signal_after:
            time.sleep(s.signal_after[1])
            if proc.poll() is None:
                os.killpg(proc.pid, s.signal_after[0])
        out, err = proc.communicate(timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        result.findings.append(Finding(s.name, "hang", f"still running after {TIME_LIMIT} s"))
    finally:
        if s.stdin:
            stdin.close()
    result.ran += 1
    code = proc.returncode
    result.exits[code] = result.exits.get(code, 0) + 1
    if "Traceback" in out + err:
        result.findings.append(Finding(s.name, "traceback", (out + err)[-600:]))
    allowed = {0, 1, 2} | ({128 + s.signal_after[0]} if s.signal_after else set())
    errors = [line for line in err.splitlines() if line.startswith("lstmq: error:")]
    if code not in allowed or (code != 0 and len(errors) != 1):
        result.findings.append(Finding(s.name, "exit", f"exit {code}: {err[-400:]}"))
    if precious(work) != before_precious:
        result.findings.append(Finding(s.name, "lost", "a file that is not lstmq's changed or went"))
    if snapshot(case / "outside") != before_outside or sorted(p.name for p in case.iterdir()) != ["outside", "work"]:
        result.findings.append(Finding(s.name, "outside", "wrote outside the work folder"))
    strays = [str(p.relative_to(work)) for p in work.rglob(".*") if p.name.endswith((".tmp", ".new", ".old"))]
    if strays:
        result.findings.append(Finding(s.name, "lost", f"left staging files: {strays[:3]}"))
    shutil.rmtree(case, ignore_errors=True)


def run_pass(chosen: list[Scenario], base: Path, echo=print) -> Result:
    template = make_template(base)
    result = Result()
    for s in chosen:
        run_one(s, template, base, result)
        mark = [f.kind for f in result.findings if f.scenario == s.name]
        echo(f"{'FAIL ' + ','.join(mark) if mark else 'ok  '}  {s.name}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="print the scenario names and stop")
    parser.add_argument("--only", help="run the scenarios whose name holds this text")
    options = parser.parse_args()
    chosen = [s for s in scenarios() if not options.only or options.only in s.name]
    if options.list:
        print("\n".join(s.name for s in chosen))
        return 0
    with tempfile.TemporaryDirectory() as base:
        started = time.monotonic()
        result = run_pass(chosen, Path(base))
    print(f"\n{result.ran} scenarios in {time.monotonic() - started:.0f} s; exit codes {dict(sorted(result.exits.items()))}")
    for kind in ("traceback", "hang", "lost", "outside", "exit"):
        print(f"{kind:>9}: {result.count(kind)}")
    for f in result.findings:
        print(f"- {f.scenario}: {f.kind}: {' '.join(f.detail.split())[:300]}")
    return 1 if result.findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
