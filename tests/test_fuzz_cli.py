"""Fuzzing every command and every option of ``lstmq`` with random and hostile values.

The commands and their options are read from ``cli.commands``, so a command or an option added
later is fuzzed too, and ``test_every_parameter_has_a_strategy`` fails until its type has a
strategy here. Each case runs in a fresh folder holding the inputs a user could point at: a
valid bank, empty, truncated and non-JSON files, a folder where a file is expected, a path
under a regular file, CSV files for ``grade``, a MkDocs configuration.

The rule every case must keep: exit code 0, 1 or 2; a failure says so in exactly one
``lstmq: error:`` line; no traceback anywhere; no temporary file left behind; nothing written
outside the case's folder. ``CliRunner`` runs most cases in-process; a few run as real
subprocesses, where arguments are real bytes (undecodable ones too) and stdout is a real pipe.

Cost: options that would make a command draw questions or print PDFs (``--count``,
``--versions``) get small valid values, so a case never runs more than a few questions
through torch. ``lstmq serve``'s HTTP loop is replaced by a stub that returns at once (the
configuration, the set and MkDocs' first build still run); ``test_site_cli`` runs the real server.

Deeper local runs: ``LSTMQ_FUZZ_SCALE=10`` multiplies every budget; ``LSTMQ_FUZZ_SHOW=1`` (with
``-s``) prints each case's exit code and error line. CI runs 507 cases in-process and 12 in
real processes, derandomised (the ``ci`` hypothesis profile).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lstmq.cli import cli

pytestmark = pytest.mark.slow

HOSTILE = "<script>alert(1)</script> ]]> {=~#} | *x*"
# Examples per command; commands not listed get DEFAULT_BUDGET. Together at least 500.
BUDGET = {"families": 12, "generate": 70, "exam": 70, "grade": 100, "export": 125, "check": 60,
          "build": 35, "serve": 35}
DEFAULT_BUDGET = 40
SUBPROCESS_CASES = 12
SCALE = float(os.environ.get("LSTMQ_FUZZ_SCALE", "1"))  # e.g. 10 for a deeper local run
# Integer options whose value is an amount of work: valid values stay small.
SMALL_INTS = {"count": (1, 3), "versions": (1, 3)}
ALWAYS = {"generate": {"count"}, "exam": {"count"}}  # so the default (20 questions) never runs

PATHS = [
    "bank.json", "hostile.json", "empty.json", "truncated.json", "notjson.json", "list.json",
    "noquestions.json", "latin1.json", "key.csv", "responses.csv", "bad.csv", "empty.csv",
    "folder", "folder/", "folder/inner.txt", "afile/under", "afile/under/deeper.json",
    "readonly", "readonly/out.json", "missing.json", "missing/deeper/out.xml", "new-out",
    "new.xml", "ünïcödé ñame.json", "../up.json", "../../up-two", ".", "", " ", "-",
    "x" * 300, "site.yml", "junk.yml", "proj/mkdocs.yml", "mkdocs.yml", "\udcff.json",
    "a\x00b", "/dev/null", "\u202eevil.json",
]
TEXTS = [
    "", " ", HOSTILE, "x" * 100_000, "\x00", "a\x00b", "\udcff", "\ud800", "\u202eevil",
    "e\u0301", "\ufeff", "\ufffe", "../../x", "/etc/passwd", "-", "--", "0", "-1", "1e9", "NaN",
    "🙂" * 50, "\n", "a\nb", "\x1b[31mred", "practice", "week-1", "A" * 64, "a" * 65,
]
INPUTS = ["bank.json", "hostile.json", "key.csv", "responses.csv", "proj/mkdocs.yml", "site.yml"]
OUTPUTS = ["new-out", "new.xml", "out/deeper/q.zip", "bank.json", "docs", "ünïcödé ñame", "../up.json",
           "folder"]
HUGE = [-(2**63), -1, 0, 2**31, 2**63, 2**64, 10**30, 20_001, 27]


def _random_text():
    """Any code points at all, control characters and lone surrogates included."""
    return st.text(st.characters(blacklist_categories=()), max_size=20).filter(lambda s: ".." not in s)


# Characters that break naive code: undecodable bytes from a command line (lone surrogates),
# control characters, noncharacters, bidi overrides, combining marks, a BOM.
ODD_CHARS = ["\udcff", "\ud800", "\x01", "\x1b", "\x7f", "\u0085", "\ufffe", "\u202e", "\u0301", "\ufeff", "\u2028"]


def _spiked_text():
    """Ordinary text with one odd character somewhere in it."""
    return st.tuples(_plain_text(), st.sampled_from(ODD_CHARS), _plain_text()).map("".join)


def _plain_text():
    return st.one_of(st.just(HOSTILE), st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30))


def _reads(param: click.Parameter) -> bool:
    return bool(getattr(param.type, "exists", False)) or isinstance(param, click.Argument)


def valid_value(param: click.Parameter):
    """A value the option should accept (the command may still refuse it in context)."""
    kind = param.type
    if isinstance(kind, click.Choice):
        return st.sampled_from(list(kind.choices))
    if isinstance(kind, (click.IntRange, click.types.IntParamType)):
        low, high = SMALL_INTS.get(param.name, (0, 2**63 - 1))
        return st.integers(low, high).map(str)
    if isinstance(kind, click.Path):
        return st.sampled_from(INPUTS if _reads(param) else OUTPUTS)
    if isinstance(kind, click.types.BoolParamType):
        return st.sampled_from(["true", "false"])
    if isinstance(kind, click.types.StringParamType) or kind.name == "text":
        return _plain_text()
    raise LookupError(f"no strategy for {param.name} ({type(kind).__name__})")


def odd_value(param: click.Parameter):
    """A value chosen to break things: out of range, the wrong kind of file, hostile text."""
    kind = param.type
    if isinstance(kind, click.Choice):
        return st.one_of(st.sampled_from([c.upper() for c in kind.choices]), st.sampled_from(TEXTS), _random_text())
    if isinstance(kind, (click.IntRange, click.types.IntParamType)):
        return st.one_of(st.sampled_from(HUGE).map(str), st.integers(-5, 5).map(str),
                         st.sampled_from(["abc", "1.5", "", "0x10", "١٢", " 2"]))
    if isinstance(kind, click.Path):
        return st.one_of(st.sampled_from(PATHS), _random_text(), _spiked_text().map(lambda t: t.replace("/", "") + ".out"))
    if isinstance(kind, click.types.BoolParamType):
        return st.sampled_from(["maybe", "", "\udcff"])
    if isinstance(kind, click.types.StringParamType) or kind.name == "text":
        return st.one_of(st.sampled_from(TEXTS), _random_text(), _spiked_text())
    raise LookupError(f"no strategy for {param.name} ({type(kind).__name__})")


def _option_args(param: click.Option, odd: bool):
    if param.is_flag and param.secondary_opts:  # --pdf/--no-pdf
        return st.sampled_from([[o] for o in param.opts + param.secondary_opts])
    if param.is_flag:
        return st.just([param.opts[0]])
    names = st.sampled_from(param.opts)
    value = odd_value(param) if odd else valid_value(param)
    if param.multiple:
        return st.lists(st.tuples(names, value), min_size=1, max_size=3).map(
            lambda pairs: [x for name, v in pairs for x in (name, v)])
    return st.tuples(names, value).map(list)


@st.composite
def command_args(draw, name: str):
    """A command line for ``lstmq NAME``: some options in a random order, the arguments, and
    sometimes a stray extra argument, an unknown option or --help. Most values are valid and
    one or two are odd, so most cases get past option parsing to where the command works."""
    command = cli.commands[name]
    options = [p for p in command.params if isinstance(p, click.Option) and p.name != "help"]
    chosen = [p for p in draw(st.permutations(options))
              if p.name in ALWAYS.get(name, ()) or draw(st.integers(0, 9)) < (9 if p.required else 5)]
    arguments = [p for p in command.params if isinstance(p, click.Argument) and draw(st.integers(0, 9))]
    present = chosen + arguments
    odd = set(draw(st.lists(st.sampled_from([p.name for p in present]), max_size=2))) if present else set()
    args: list[str] = []
    for param in chosen:
        args += draw(_option_args(param, param.name in odd))
    for param in arguments:
        args.append(draw(odd_value(param) if param.name in odd else valid_value(param)))
    extra = draw(st.sampled_from([None] * 20 + ["--help", "--no-such-option", "surplus"]))
    if extra:
        args.insert(draw(st.integers(0, len(args))), extra)
    return [name, *args], [p.name for p in present]


# --- the folder each case runs in ------------------------------------------------------------

@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """The files a case may point at (copied into each case's folder)."""
    from lstmq.bank.file import load_bank, make_header, write_bank
    from lstmq.engine.draw import generate
    from lstmq.outputs.exam.versions import key_csv, make_versions
    from lstmq.engine.runner import TORCH_VERSION

    folder = tmp_path_factory.mktemp("fuzz-inputs")
    questions = list(generate(3, 5, ["output-shape", "concepts", "invalid-value"]))
    write_bank(folder / "bank.json", make_header(5, {"count": 3}, TORCH_VERSION), questions)
    text = (folder / "bank.json").read_text(encoding="utf-8")
    data = json.loads(text)
    for q in data["questions"]:
        q["stem"] = f"{HOSTILE} {q['stem']}"
        q["choices"][0]["why"] = HOSTILE
    (folder / "hostile.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (folder / "noquestions.json").write_text(json.dumps({**data, "questions": []}), encoding="utf-8")
    (folder / "empty.json").write_bytes(b"")
    (folder / "truncated.json").write_text(text[: len(text) // 2], encoding="utf-8")
    (folder / "notjson.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00 not json")
    (folder / "list.json").write_text("[1, 2, 3]", encoding="utf-8")
    (folder / "latin1.json").write_bytes('{"caf\xe9": 1}'.encode("latin-1"))
    versions = make_versions([load_bank(folder / "bank.json").questions] * 2, 1)
    (folder / "key.csv").write_text(key_csv(versions), encoding="utf-8")
    right = [q.correct.label for q in versions[0].questions]
    (folder / "responses.csv").write_text("student_id,version,q1,q2,q3\ns1,A," + ",".join(right) + "\ns2,B,,A,\n",
                                          encoding="utf-8")
    (folder / "bad.csv").write_bytes(b'"unclosed,\x00\xff\n')
    (folder / "empty.csv").write_bytes(b"")
    (folder / "folder").mkdir()
    (folder / "folder" / "inner.txt").write_text("a file inside a folder\n", encoding="utf-8")
    (folder / "afile").write_text("a regular file where a folder is expected\n", encoding="utf-8")
    (folder / "readonly").mkdir()
    (folder / "site.yml").write_text("site_name: fuzz\ndocs_dir: docs\n", encoding="utf-8")
    (folder / "junk.yml").write_text("site_name: [unclosed\n\t- :\n", encoding="utf-8")
    (folder / "proj" / "docs").mkdir(parents=True)
    (folder / "proj" / "mkdocs.yml").write_text("site_name: proj\n", encoding="utf-8")
    (folder / "proj" / "docs" / "index.md").write_text("# Proj\n", encoding="utf-8")
    shutil.copy2(folder / "bank.json", folder / "proj" / "bank.json")  # no starter draw there
    return folder


class Case:
    """A fresh folder three levels down (so '../' paths stay inside the case) with the inputs."""

    def __init__(self, inputs: Path, base: Path) -> None:
        self.root = Path(tempfile.mkdtemp(dir=base))
        self.work = self.root / "a" / "b" / "work"
        shutil.copytree(inputs, self.work, symlinks=True)
        (self.work / "readonly").chmod(0o555)

    def strays(self) -> list[str]:
        """Temporary files an interrupted or failed write would leave: .NAME.*.tmp/.new/.old."""
        return sorted(str(p.relative_to(self.root)) for p in self.root.rglob(".*")
                      if p.name.endswith((".tmp", ".new", ".old")))

    def remove(self) -> None:
        def unlock(func, path, _exc):
            os.chmod(os.path.dirname(path), stat.S_IRWXU)
            func(path)

        shutil.rmtree(self.root, onerror=unlock)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz-cases")


@pytest.fixture(scope="module", autouse=True)
def no_server(request):
    """Replace only MkDocs' HTTP loop: `lstmq serve` still loads the configuration, writes the
    set and runs MkDocs' first build, then returns instead of listening."""
    import mkdocs.commands.serve as mkdocs_serve

    class QuietServer:
        def __init__(self, builder, host, port, root, mount_path="/", **_kw):
            self.builder, self.error_handler = builder, None

        def watch(self, *_a, **_kw):
            pass

        def serve(self, *_a, **_kw):
            return

        def shutdown(self, *_a, **_kw):
            pass

    saved = mkdocs_serve.LiveReloadServer
    mkdocs_serve.LiveReloadServer = QuietServer
    yield
    mkdocs_serve.LiveReloadServer = saved


def check_outcome(code: int, out: str, err: str, case: Case, base: Path, args) -> None:
    shown = f"args={args!r}\nexit={code}\nstdout={out[-2000:]}\nstderr={err[-2000:]}"
    assert code in (0, 1, 2), shown
    assert "Traceback" not in out + err, shown
    if code != 0:
        errors = [line for line in err.splitlines() if line.startswith("lstmq: error:")]
        assert len(errors) == 1, shown
    assert not case.strays(), f"left behind: {case.strays()}\n{shown}"
    assert [p.name for p in base.iterdir()] == [case.root.name], f"wrote outside the case\n{shown}"


USED: dict[str, Counter] = defaultdict(Counter)
RAN: Counter = Counter()
EXITS: dict[str, Counter] = defaultdict(Counter)  # printed with -s: how often each command got through
COMMANDS = sorted(cli.commands)


def test_budget_gives_at_least_500_cases():
    assert sum(BUDGET.get(name, DEFAULT_BUDGET) for name in COMMANDS) >= 500


@pytest.mark.parametrize("name", COMMANDS)
def test_every_parameter_has_a_strategy(name):
    for param in cli.commands[name].params:
        if isinstance(param, click.Option) and param.is_flag or param.name == "help":
            continue
        valid_value(param), odd_value(param)  # LookupError for a type the fuzz does not know


@pytest.mark.parametrize("name", COMMANDS)
def test_command_never_crashes(name, inputs, base):
    budget = int(BUDGET.get(name, DEFAULT_BUDGET) * SCALE)

    @settings(max_examples=budget, database=None, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(drawn=command_args(name))
    def one_case(drawn):
        args, used = drawn
        case = Case(inputs, base)
        try:
            with contextlib.chdir(case.work):
                result = CliRunner().invoke(cli, args)
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                import traceback

                raise AssertionError(f"args={args!r}\n" + "".join(traceback.format_exception(*result.exc_info)))
            check_outcome(result.exit_code, result.stdout, result.stderr, case, base, args)
            EXITS[name][result.exit_code] += 1
            if os.environ.get("LSTMQ_FUZZ_SHOW"):
                print(result.exit_code, result.stderr.strip().splitlines()[-1:] if result.exit_code else "")
        finally:
            case.remove()
        RAN[name] += 1
        USED[name].update(used)

    one_case()
    print(f"\n{name}: {RAN[name]} cases, exit codes {dict(sorted(EXITS[name].items()))}")
    options = {p.name for p in cli.commands[name].params if p.name != "help"}
    assert options <= set(USED[name]), f"never fuzzed: {sorted(options - set(USED[name]))}"
    if options:  # a command without options has few distinct command lines to try
        assert RAN[name] >= 0.9 * budget, RAN[name]


def _argv_bytes(arg: str) -> bytes:
    """What a shell would pass: the bytes of the text; a lone surrogate becomes invalid UTF-8."""
    try:
        return os.fsencode(arg)
    except UnicodeEncodeError:
        return arg.encode("utf-8", "surrogatepass")


def test_real_processes_never_crash(inputs, base):
    """The same rule in real processes: argv as bytes (undecodable ones too), real pipes."""
    cheap = ["export", "grade", "families", "check"]

    @settings(max_examples=int(SUBPROCESS_CASES * SCALE), database=None, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(drawn=st.sampled_from(cheap).flatmap(command_args))
    def one_process(drawn):
        args, _ = drawn
        argv = [_argv_bytes(a) for a in args if "\x00" not in a]  # a real argv cannot hold NUL
        case = Case(inputs, base)
        try:
            done = subprocess.run([sys.executable, "-c", "from lstmq.cli import main; main()", *argv],
                                  cwd=case.work, capture_output=True, timeout=300,
                                  env={**os.environ, "LC_ALL": "C.UTF-8"})
            out = done.stdout.decode("utf-8", "replace")
            err = done.stderr.decode("utf-8", "replace")
            check_outcome(done.returncode, out, err, case, base, args)
        finally:
            case.remove()
        RAN["subprocess"] += 1

    one_process()
    assert RAN["subprocess"] >= 0.9 * SUBPROCESS_CASES * SCALE
