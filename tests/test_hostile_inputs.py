"""Issue 21, hardening round two: special files, hostile numbers and nesting, folders of
another command, mount points, shutdown paths and silent wrong results.

Most cases run ``lstmq`` as a real process (a device or a pipe behaves differently from
what CliRunner fakes), bounded in time and memory so a regression fails instead of hanging
or exhausting the machine.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstmq.cli import cli

pytestmark = pytest.mark.slow

PLAIN = "from lstmq.cli import main; main()"
MEMORY = 3 * 2**30  # address space a reading command may use: /dev/zero read whole would pass it


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def lstmq(args: list[str], cwd: Path, timeout: float = 60, stdin=subprocess.DEVNULL,
          memory: bool = True) -> subprocess.CompletedProcess:
    """``lstmq ARGS`` in a real process; a hang or a runaway read fails the test."""
    try:
        return subprocess.run([sys.executable, "-c", PLAIN, *map(str, args)], cwd=cwd, stdin=stdin,
                              capture_output=True, text=True, timeout=timeout,
                              preexec_fn=_limit_memory if memory else None)
    except subprocess.TimeoutExpired:
        pytest.fail(f"lstmq {' '.join(map(str, args))}: still running after {timeout} s")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def one_error(code: int, out: str, err: str, expected: int = 1) -> str:
    assert code == expected, (code, out, err)
    assert "Traceback" not in out + err, err
    errors = [line for line in err.splitlines() if line.startswith("lstmq: error:")]
    assert len(errors) == 1, err
    return errors[0]


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """A bank, an exam from it with its key, and responses that grade cleanly."""
    folder = tmp_path_factory.mktemp("hostile-made")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        result = run("generate", "--count", "4", "--seed", "3", "--family", "output-shape",
                     "--family", "concepts")
        assert result.exit_code == 0, result.output
        result = run("exam", "--bank", "bank.json", "--no-pdf", "--versions", "2", "--out", "exams")
        assert result.exit_code == 0, result.output
    rows = (folder / "exams" / "key.csv").read_text(encoding="utf-8").splitlines()[1:]
    answers = [r.split(",")[3] for r in rows if r.startswith("A,")]
    header = ",".join(["student_id", "version", *(f"q{k}" for k in range(1, len(answers) + 1))])
    (folder / "responses.csv").write_text(f"{header}\ns1,A,{','.join(answers)}\n", encoding="utf-8")
    return folder


@pytest.fixture
def here(tmp_path, monkeypatch, made) -> Path:
    for name in ("bank.json", "responses.csv"):
        shutil.copy2(made / name, tmp_path / name)
    shutil.copytree(made / "exams", tmp_path / "exams")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- 1. special files as input ---------------------------------------------------------------

READERS = {
    "export": ["export", "{input}", "-f", "json", "-o", "z.json"],
    "check": ["check", "{input}"],
    "exam --bank": ["exam", "--bank", "{input}", "--no-pdf", "--out", "out"],
    "build --bank": ["build", "--bank", "{input}"],
    "grade --key": ["grade", "--key", "{input}", "responses.csv"],
    "grade responses": ["grade", "--key", "exams/key.csv", "--out", "reports", "{input}"],
}


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
@pytest.mark.parametrize("command", sorted(READERS))
def test_a_device_or_a_pipe_as_input_is_refused_at_once(here, command, special):
    if special == "fifo":
        os.mkfifo(here / "fifo")
    args = [a.replace("{input}", special) for a in READERS[command]]
    done = lstmq(args, here, timeout=30)
    line = one_error(done.returncode, done.stdout, done.stderr)
    assert "not a regular file" in line, line


def test_stdin_is_read_with_the_same_limit(here, monkeypatch):
    """stdin is the one special file accepted; its size is bounded like any other input."""
    import lstmq.reading as reading

    with open(here / "bank.json", "rb") as bank:
        done = lstmq(["export", "/dev/stdin", "-f", "json", "-o", "z.json"], here, stdin=bank)
    assert done.returncode == 0, done.stderr
    assert json.loads((here / "z.json").read_text(encoding="utf-8"))["questions"]
    with open("/dev/zero", "rb") as zero:
        done = lstmq(["export", "/dev/stdin", "-f", "json", "-o", "z2.json"], here, stdin=zero, timeout=60)
    line = one_error(done.returncode, done.stdout, done.stderr)
    assert f"more than the {reading.MAX_BANK_BYTES} bytes" in line, line
    assert not (here / "z2.json").exists()


def test_a_pipe_at_a_manifest_or_an_output_name_never_hangs(here):
    (here / "site").mkdir()
    os.mkfifo(here / "site" / ".lstmq-manifest.json")
    done = lstmq(["exam", "--bank", "bank.json", "--no-pdf", "--out", "site"], here, timeout=30)
    line = one_error(done.returncode, done.stdout, done.stderr)
    assert "did not write" in line, line
    os.mkfifo(here / "exams" / "key-A.html.pipe")
    os.rename(here / "exams" / "key-A.html", here / "key-A.saved")
    os.rename(here / "exams" / "key-A.html.pipe", here / "exams" / "key-A.html")
    done = lstmq(["exam", "--bank", "bank.json", "--no-pdf", "--versions", "2", "--out", "exams",
                  "--force"], here, timeout=30)
    line = one_error(done.returncode, done.stdout, done.stderr)
    assert "key-A.html" in line, line
    assert (here / "exams" / "key-A.html").is_fifo()


# --- 2. files saved into a folder while lstmq writes it ---------------------------------------

def test_a_file_saved_into_the_site_during_a_build_is_kept(here, monkeypatch):
    import mkdocs.commands.build as mkdocs_build

    assert run("build", "--bank", "bank.json").exit_code == 0
    real = mkdocs_build.build

    def build_while_someone_saves(config, **kw):
        (here / "site" / "notes.txt").write_text("saved during the build\n", encoding="utf-8")
        (here / "site" / "drafts").mkdir()
        (here / "site" / "drafts" / "d.md").write_text("draft\n", encoding="utf-8")
        return real(config, **kw)

    monkeypatch.setattr(mkdocs_build, "build", build_while_someone_saves)
    result = run("build")
    assert result.exit_code == 0, result.output
    assert (here / "site" / "notes.txt").read_text(encoding="utf-8") == "saved during the build\n"
    assert (here / "site" / "drafts" / "d.md").is_file()
    assert (here / "site" / "index.html").is_file()


def test_a_file_saved_in_the_last_moment_before_the_swap_is_kept(tmp_path, monkeypatch):
    """Even a file that appears between the final check and the swap stays."""
    from lstmq.outputs import files as output

    folder = tmp_path / "out"
    with output.Outputs() as outputs:
        outputs.tree(folder, {"a.txt": "one"})
    (folder / "mine.txt").write_text("kept before\n", encoding="utf-8")
    real = output._exchange

    def exchange_after_a_save(a, b):
        (folder / "late.txt").write_text("saved at the last moment\n", encoding="utf-8")
        (folder / "mine.txt").unlink()
        (folder / "mine.txt").write_text("replaced by an editor\n", encoding="utf-8")
        return real(a, b)

    monkeypatch.setattr(output, "_exchange", exchange_after_a_save)
    with output.Outputs() as outputs:
        outputs.tree(folder, {"a.txt": "two"})
    assert (folder / "a.txt").read_text(encoding="utf-8") == "two"
    assert (folder / "late.txt").read_text(encoding="utf-8") == "saved at the last moment\n"
    assert (folder / "mine.txt").read_text(encoding="utf-8") == "replaced by an editor\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "out") == []


# --- 3. a folder belongs to the command that wrote it -----------------------------------------

def _manifest(folder: Path) -> dict:
    return json.loads((folder / ".lstmq-manifest.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("second", ["exam --out site", "build -d exams", "exam --out set", "build -d set"])
def test_another_commands_folder_is_refused_without_force(here, second):
    assert run("build", "--bank", "bank.json").exit_code == 0
    folders = {"site": here / "site", "exams": here / "exams", "set": here / "docs" / "questions" / "practice"}
    assert {name: _manifest(f)["kind"] for name, f in folders.items()} == {
        "site": "site", "exams": "exam", "set": "set"}
    command, flag, name = second.split()
    target = folders[name]
    args = (["exam", "--bank", "bank.json", "--no-pdf", "--out", target] if command == "exam"
            else ["build", "-d", target])
    before = {p: p.read_bytes() for p in sorted(target.rglob("*")) if p.is_file()}
    result = run(*args)
    assert result.exit_code == 1, result.output
    line = [l for l in result.stderr.splitlines() if l.startswith("lstmq: error:")][0]
    assert "--force" in line, line
    assert {"site": "written by lstmq build", "exams": "written by lstmq exam",
            "set": "written by lstmq generate"}[name] in line, line
    assert {p: p.read_bytes() for p in sorted(target.rglob("*")) if p.is_file()} == before
    if second != "build -d set":  # MkDocs itself refuses a site folder inside the docs
        assert run(*args, "--force").exit_code == 0


# --- 4. a mount point inside an output folder -------------------------------------------------

@pytest.fixture
def mounted(here):
    """A tmpfs mounted inside the exams folder, holding one file; unmounted afterwards."""
    point = here / "exams" / "mnt"
    point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "lstmq-test", str(point)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): {done.stderr.strip()}")
    (point / "theirs.txt").write_text("on another file system\n", encoding="utf-8")
    inode = (point / "theirs.txt").stat().st_ino
    yield point, inode
    with open("/proc/self/mounts", encoding="utf-8") as f:  # wherever a failed run moved it
        moved = [line.split()[1] for line in f if line.split()[1].startswith(str(here))]
    for where in reversed(moved):
        subprocess.run(["umount", where.replace("\\040", " ")], check=False)


@pytest.mark.parametrize("force", [False, True])
def test_a_mount_point_inside_an_output_folder_is_never_crossed(here, mounted, force):
    point, inode = mounted
    done = lstmq(["exam", "--bank", "bank.json", "--no-pdf", "--out", "exams", *(["--force"] if force else [])],
                 here, memory=False)
    line = one_error(done.returncode, done.stdout, done.stderr)
    assert "mount point" in line, line
    assert os.path.ismount(point)
    assert (point / "theirs.txt").stat().st_ino == inode
    assert [p.name for p in here.iterdir() if p.name.startswith(".")] == []


def test_a_mount_point_as_the_output_folder_is_refused(here, mounted):
    point, inode = mounted
    done = lstmq(["exam", "--bank", "bank.json", "--no-pdf", "--out", point, "--force"], here, memory=False)
    line = one_error(done.returncode, done.stdout, done.stderr)
    assert "mount point" in line, line
    assert sorted(p.name for p in point.iterdir()) == ["theirs.txt"]
    assert [p.name for p in point.parent.iterdir() if p.name.startswith(".")] == [".lstmq-manifest.json"]


# --- 5. shutdown paths -----------------------------------------------------------------------

def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    import socket

    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _start_serving(here: Path) -> tuple[subprocess.Popen, int]:
    import time

    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-c", PLAIN, "serve", "-a", f"127.0.0.1:{port}"], cwd=here,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 120
    while not _listening(port):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"serve never listened: {proc.communicate()}")
        time.sleep(0.2)
    return proc, port


def _ended(proc: subprocess.Popen, timeout: float = 30) -> tuple[str, str]:
    try:
        return proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(f"still running {timeout} s after the signal: {err[-2000:]}")


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_serve_exits_with_the_code_of_the_signal(here, sig):
    import signal

    proc, port = _start_serving(here)
    proc.send_signal(getattr(signal, sig))
    out, err = _ended(proc)
    line = one_error(proc.returncode, out, err, expected=128 + getattr(signal, sig))
    assert sig in line or "interrupted" in line, line
    assert not _listening(port)


def test_a_second_signal_while_serve_shuts_down_never_leaves_it_running(here):
    import signal
    import time

    for pause in (0.0, 0.02, 0.1):
        proc, port = _start_serving(here)
        proc.send_signal(signal.SIGTERM)
        time.sleep(pause)
        proc.send_signal(signal.SIGINT)
        out, err = _ended(proc)
        assert proc.returncode in (130, 143), (pause, proc.returncode, err)
        assert "Traceback" not in out + err
        assert not _listening(port)


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.parametrize("delay", [0.3, 0.6, 0.9, 1.2])
def test_ctrl_c_early_in_a_parallel_generate_prints_one_line_and_no_traceback(here, delay):
    import signal
    import time

    proc = subprocess.Popen([sys.executable, "-c", PLAIN, "generate", "--count", "3000", "--jobs", "2"],
                            cwd=here, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl+C: to the whole process group
    out, err = _ended(proc, 60)
    time.sleep(0.5)  # a fork server's traceback would come after the parent's line
    one_error(proc.returncode, out, err, expected=130)


# A Ctrl+C at a precise moment of starting the helper processes: the code wraps one of
# multiprocessing's starters so that this process signals itself as the first real call returns.
SIGNAL_AT = """
import os, signal, sys
from multiprocessing import forkserver, resource_tracker
module = {"resource-tracker": resource_tracker, "fork-server": forkserver}[sys.argv[1]]
started = module.ensure_running
def ensure_running():
    started()
    module.ensure_running = started  # once: at the helper's first start
    os.kill(os.getpid(), signal.SIGINT)
module.ensure_running = ensure_running
from lstmq.cli import main
sys.argv[1:] = ["generate", "--count", "40", "--jobs", "2"]
main()
"""


@pytest.mark.parametrize("helper", ["resource-tracker", "fork-server"])
def test_ctrl_c_as_a_helper_process_starts_is_not_lost(here, helper):
    # CPython unblocks SIGINT once the resource tracker is up; while lstmq also ignored the
    # signal there, a Ctrl+C in that moment vanished and the whole set was generated.
    bank = (here / "bank.json").read_bytes()
    done = subprocess.run([sys.executable, "-c", SIGNAL_AT, helper], cwd=here, capture_output=True,
                          text=True, timeout=120)
    assert "interrupted" in one_error(done.returncode, done.stdout, done.stderr, expected=130)
    assert "wrote" not in done.stdout and (here / "bank.json").read_bytes() == bank


def test_workers_die_with_their_parent(here):
    import signal
    import time

    proc = subprocess.Popen([sys.executable, "-c", PLAIN, "generate", "--count", "3000", "--jobs", "2"],
                            cwd=here, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(_descendants(proc.pid)) < 3:  # the fork server and two workers
        assert proc.poll() is None and time.monotonic() < deadline, "the workers never started"
        time.sleep(0.2)
    time.sleep(1)
    family = _descendants(proc.pid)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while [pid for pid in family if _alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [pid for pid in family if _alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == [], "workers outlived their parent by 10 s"


# --- 6. hostile banks, set.json and manifests give one line, never a traceback ---------------

def _bank(here: Path) -> dict:
    return json.loads((here / "bank.json").read_text(encoding="utf-8"))


def _write(path: Path, data) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def hostile_bank_texts(data: dict) -> dict[str, str]:
    text = json.dumps(data)
    digits = "9" * 5000
    return {
        "int of 5000 digits": text.replace('"seed": 3,', f'"seed": {digits},', 1),
        "int beyond 64 bits": text.replace('"seed": 3,', f'"seed": {10**30},', 1),
        "nesting 100000 deep": text.replace('"options": {', f'"options": {{"deep": {_deep(100_000)}, ', 1),
        "nesting 500 deep": text.replace('"options": {', f'"options": {{"deep": {_deep(500)}, ', 1),
    }


@pytest.mark.parametrize("case", ["int of 5000 digits", "int beyond 64 bits", "nesting 100000 deep",
                                  "nesting 500 deep"])
@pytest.mark.parametrize("command", ["export", "exam", "check"])
def test_huge_numbers_and_deep_nesting_in_a_bank_are_one_line(here, case, command):
    text = hostile_bank_texts(_bank(here))[case]
    assert case.startswith("int") or text.count("[") > 500
    _write(here / "hostile.json", text)
    args = {"export": ["export", "hostile.json", "-f", "json", "-o", "out.json"],
            "exam": ["exam", "--bank", "hostile.json", "--no-pdf", "--out", "out"],
            "check": ["check", "hostile.json"]}[command]
    result = run(*args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    line = one_error(result.exit_code, result.stdout, result.stderr)
    assert "hostile.json" in line, line
    assert not (here / "out.json").exists() and not (here / "out").exists()


@pytest.mark.parametrize("evidence", [
    {"main": "ran"}, {"main": {"error": 5, "warnings": [], "values": {}}},
    {"main": {"error": None, "warnings": 3, "values": {}}}, {"options": []}, {"options": {"A": "no"}},
    {"main": {"error": ["ValueError"], "warnings": [], "values": {}}},
])
def test_check_reports_evidence_of_the_wrong_shape(here, evidence):
    data = _bank(here)
    data["questions"][0]["evidence"] = evidence
    _write(here / "edited.json", data)
    result = run("check", "edited.json")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    one_error(result.exit_code, result.stdout, result.stderr)


def _int_param(q: dict) -> str:
    return next(k for k, v in q["params"].items() if isinstance(v, int) and not isinstance(v, bool) and v > 1)


@pytest.mark.parametrize("change", ["float", "bool"])
def test_check_refuses_params_of_another_type_without_running_them(here, change):
    data = _bank(here)
    q = next(q for q in data["questions"] if q["family"] == "output-shape")
    if change == "float":
        name = _int_param(q)
        q["params"][name] = float(q["params"][name])
    else:
        name = "num_layers" if q["params"]["num_layers"] == 1 else "bias"
        q["params"][name] = True if name == "num_layers" else 1
    _write(here / "edited.json", data)
    result = run("check", "edited.json")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    one_error(result.exit_code, result.stdout, result.stderr)
    assert f"{q['id']}: params" in result.stdout, result.stdout
    assert "1 do not" in result.stdout, result.stdout


SET_EDITS = {
    "no count": lambda m: m.pop("count"),
    "difficulties a list": lambda m: m.update(difficulties=["easy"]),
    "seed a string": lambda m: m.update(seed="x"),
    "torch_version missing": lambda m: m.pop("torch_version"),
    "a list": None,
    "deep": "deep",
    "huge int": "huge",
}


@pytest.mark.parametrize("edit", sorted(SET_EDITS))
@pytest.mark.parametrize("command", ["generate --set other", "build"])
def test_a_hand_edited_set_json_is_one_line(here, edit, command):
    assert run("build", "--bank", "bank.json").exit_code == 0
    meta_path = here / "docs" / "questions" / "practice" / "set.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    change = SET_EDITS[edit]
    if change is None:
        text = json.dumps([meta])
    elif change == "deep":
        text = _deep(100_000)
    elif change == "huge":
        text = json.dumps(meta).replace(f'"count": {meta["count"]}', '"count": ' + "9" * 5000)
    else:
        change(meta)
        text = json.dumps(meta)
    meta_path.write_text(text, encoding="utf-8")
    args = ["generate", "--count", "2", "--set", "other", "--family", "concepts"] if command != "build" else ["build"]
    result = run(*args, "--force") if command == "build" else run(*args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    line = one_error(result.exit_code, result.stdout, result.stderr)
    assert "set.json" in line, line


def test_a_deeply_nested_manifest_is_not_lstmqs(here):
    (here / "exams" / ".lstmq-manifest.json").write_text(_deep(100_000), encoding="utf-8")
    result = run("exam", "--bank", "bank.json", "--no-pdf", "--out", "exams")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    line = one_error(result.exit_code, result.stdout, result.stderr)
    assert "did not write" in line, line


@pytest.mark.parametrize("address", ["127.0.0.1:99999", "127.0.0.1:-1", "127.0.0.1:65536", "nohost", ":80x"])
def test_a_bad_serve_address_is_a_usage_error(here, address):
    result = run("serve", "-a", address)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    line = one_error(result.exit_code, result.stdout, result.stderr, expected=2)
    assert "--dev-addr" in line, line


# --- 7. silent wrong results -----------------------------------------------------------------

@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e999"])
@pytest.mark.parametrize("command", ["export", "exam"])
def test_nan_and_infinity_are_refused_on_read(here, value, command):
    text = json.dumps(_bank(here)).replace('"options": {', f'"options": {{"x": {value}, ', 1)
    _write(here / "nan.json", text)
    args = (["export", "nan.json", "-f", "json", "-o", "out.json"] if command == "export"
            else ["exam", "--bank", "nan.json", "--no-pdf", "--out", "out"])
    result = run(*args)
    line = one_error(result.exit_code, result.stdout, result.stderr)
    assert "nan.json" in line and ("NaN" in line or "Infinity" in line or "finite" in line), line
    assert not (here / "out.json").exists() and not (here / "out").exists()


def test_nan_is_never_written(here):
    from lstmq.bank.file import load_bank, write_bank
    from lstmq.errors import LstmqError

    bank = load_bank(here / "bank.json")
    header = {**bank.header, "options": {"x": float("nan")}}
    with pytest.raises(LstmqError, match="NaN"):
        write_bank(here / "nan-out.json", header, bank.questions)
    assert not (here / "nan-out.json").exists()
    assert [p.name for p in here.iterdir() if p.name.startswith(".")] == []


FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=2"]


def test_csv_cells_that_start_a_formula_are_neutralised(here):
    key = here / "exams" / "key.csv"
    rows = key.read_text(encoding="utf-8").splitlines()
    answers = [r.split(",")[3] for r in rows[1:] if r.startswith("A,")]
    header = ",".join(["student_id", "version", *(f"q{k}" for k in range(1, len(answers) + 1))])
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header.split(","))
    for sid in FORMULAS:
        writer.writerow([sid, "A", *answers])
    (here / "evil.csv").write_text(buf.getvalue(), encoding="utf-8")
    result = run("grade", "--key", key, "evil.csv")
    assert result.exit_code == 0, result.output
    cells = [r[0] for r in csv.reader(io.StringIO((here / "evil-scores.csv").read_text(encoding="utf-8")))][1:]
    assert cells == ["'" + sid.strip() for sid in FORMULAS]  # grade strips the spaces around an id
    for name in ("evil-scores.csv", "evil-questions.csv", "exams/key.csv"):
        for row in csv.reader(io.StringIO((here / name).read_text(encoding="utf-8"))):
            assert not [c for c in row if c[:1] in ("=", "+", "@", "\t", "\r")], (name, row)


def _fingerprint_of(key: Path) -> str:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(key.read_text(encoding="utf-8"))))
    codes = {r["exam"] for r in rows}
    assert len(codes) == 1 and len(codes.pop()) == 12
    return rows[0]["exam"]


def test_a_key_carries_its_exams_fingerprint_and_grade_refuses_another_exam(here):
    assert run("exam", "--bank", "bank.json", "--no-pdf", "--versions", "2", "--seed", "9",
               "--out", "other").exit_code == 0
    mine, other = _fingerprint_of(here / "exams" / "key.csv"), _fingerprint_of(here / "other" / "key.csv")
    assert mine != other
    answers = [r.split(",")[3] for r in (here / "exams" / "key.csv").read_text(encoding="utf-8").splitlines()[1:]
               if r.startswith("A,")]
    qs = ",".join(f"q{k}" for k in range(1, len(answers) + 1))
    (here / "coded.csv").write_text(f"student_id,version,exam,{qs}\ns1,A,{mine},{','.join(answers)}\n",
                                    encoding="utf-8")
    result = run("grade", "--key", "exams/key.csv", "coded.csv")
    assert result.exit_code == 0, result.output
    result = run("grade", "--key", "other/key.csv", "--out", "o", "coded.csv")
    line = one_error(result.exit_code, result.stdout, result.stderr)
    assert mine in line and other in line, line
    assert not (here / "o").exists()


def test_a_key_mixed_from_two_exams_is_refused(here):
    assert run("exam", "--bank", "bank.json", "--no-pdf", "--versions", "2", "--seed", "9",
               "--out", "other").exit_code == 0
    mine = (here / "exams" / "key.csv").read_text(encoding="utf-8").splitlines()
    theirs = (here / "other" / "key.csv").read_text(encoding="utf-8").splitlines()
    mixed = [mine[0], *[r for r in mine[1:] if r.startswith("A,")], *[r for r in theirs[1:] if r.startswith("B,")]]
    (here / "mixed.csv").write_text("\n".join(mixed) + "\n", encoding="utf-8")
    result = run("grade", "--key", "mixed.csv", "responses.csv")
    line = one_error(result.exit_code, result.stdout, result.stderr)
    assert "fingerprint" in line, line


# --- 8. smaller -------------------------------------------------------------------------------

def test_a_bank_starting_with_a_utf8_bom_is_read(here):
    (here / "bom.json").write_bytes(b"\xef\xbb\xbf" + (here / "bank.json").read_bytes())
    result = run("export", "bom.json", "-f", "json", "-o", "out.json")
    assert result.exit_code == 0, result.output
    assert (here / "out.json").read_bytes() == run_export_plain(here)


def run_export_plain(here: Path) -> bytes:
    assert run("export", "bank.json", "-f", "json", "-o", "plain.json").exit_code == 0
    return (here / "plain.json").read_bytes()


@pytest.mark.parametrize("length", [241, 250, 255])
def test_output_names_up_to_255_bytes_are_written(here, length):
    name = "q" * (length - len(".xml")) + ".xml"
    result = run("export", "bank.json", "-f", "moodle", "-o", name)
    assert result.exit_code == 0, result.output
    assert (here / name).is_file()
    folder = "e" * length
    result = run("exam", "--bank", "bank.json", "--no-pdf", "--versions", "1", "--out", folder)
    assert result.exit_code == 0, result.output
    assert (here / folder / "key.csv").is_file()


def test_force_never_writes_through_a_symlink_at_a_report_path(here, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    victim = outside / "victim.csv"
    victim.write_text("precious\n", encoding="utf-8")
    (here / "responses-scores.csv").symlink_to(victim)
    result = run("grade", "--key", "exams/key.csv", "responses.csv", "--force")
    one_error(result.exit_code, result.stdout, result.stderr)
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert (here / "responses-scores.csv").is_symlink()


def test_grade_from_stdin_needs_out(here):
    with open(here / "responses.csv", "rb") as f:
        done = lstmq(["grade", "--key", "exams/key.csv", "/dev/stdin"], here, stdin=f)
    line = one_error(done.returncode, done.stdout, done.stderr, expected=2)
    assert "--out" in line, line
    with open(here / "responses.csv", "rb") as f:
        done = lstmq(["grade", "--key", "exams/key.csv", "--out", "reports", "/dev/stdin"], here, stdin=f)
    assert done.returncode == 0, done.stderr
    assert (here / "reports" / "stdin-scores.csv").is_file()


def test_a_summary_that_cannot_be_printed_does_not_turn_a_written_output_into_a_failure(here):
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-c", PLAIN, "export", "bank.json", "-f", "gift", "-o", "q.gift"],
                              cwd=here, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert (here / "q.gift").is_file()
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("lstmq: warning:") and "q.gift" in lines[0], lines


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_torch_failing_to_load_is_one_line(here, jobs):
    def small():
        resource.setrlimit(resource.RLIMIT_AS, (600 * 2**20, 600 * 2**20))

    done = subprocess.run([sys.executable, "-c", PLAIN, "generate", "--count", "2", "--jobs", jobs], cwd=here,
                          capture_output=True, text=True, timeout=120, preexec_fn=small)
    line = one_error(done.returncode, done.stdout, done.stderr)
    assert "torch" in line and "ulimit -v" in line, line


# --- the hostile pass (benchmarks/hostile_pass.py), a sample ----------------------------------

def test_a_sample_of_the_hostile_pass_finds_nothing(tmp_path):
    """Every 12th scenario of the full pass (which ``benchmarks/hostile_pass.py`` runs whole)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from benchmarks.hostile_pass import run_pass, scenarios

    every = scenarios()
    assert len(every) >= 100
    sample = every[::12]
    result = run_pass(sample, tmp_path, echo=lambda _line: None)
    assert result.ran == len(sample)
    assert result.findings == []
