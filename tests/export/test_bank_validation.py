"""Bad banks: every command that reads a bank stops with one line naming the file and the
field, exit code 1, no traceback. The rules agree with bank.schema.json wherever the schema
can say them (jsonschema rejects the same banks); a few go beyond it."""

from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from lstmq.cli import cli

SCHEMA = json.loads(resources.files("lstmq.bank").joinpath("bank.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def base(bank300_path) -> dict:
    data = json.loads(bank300_path.read_text(encoding="utf-8"))
    data["questions"] = data["questions"][:3]
    return data


COMMANDS = {
    "export": lambda bank, tmp: ["export", str(bank), "-f", "moodle", "-o", str(tmp / "out.xml")],
    "check": lambda bank, tmp: ["check", str(bank)],
}


def assert_one_line_error(path: Path, tmp_path: Path, fragment: str):
    for name, args in COMMANDS.items():
        result = CliRunner().invoke(cli, args(path, tmp_path))
        assert result.exit_code == 1, (name, result.output)
        assert result.stdout == "", name
        assert result.stderr.startswith(f"lstmq: error: {path}: "), (name, result.stderr)
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert fragment in result.stderr, (name, result.stderr)
    assert not (tmp_path / "out.xml").exists()


def required_paths():
    """Every required field the schema names, as (path in a bank, message path)."""
    defs = SCHEMA["$defs"]
    yield from (((key,), key) for key in SCHEMA["required"])
    yield from ((("questions", 1, key), f"questions[1].{key}") for key in defs["question"]["required"])
    yield from ((("questions", 1, "choices", 2, key), f"questions[1].choices[2].{key}")
                for key in defs["choice"]["required"])
    yield from ((("questions", 0, "solution", key), f"questions[0].solution.{key}")
                for key in defs["solution"]["required"])


def at(data, path):
    for key in path[:-1]:
        data = data[key]
    return data, path[-1]


@pytest.mark.parametrize("path,shown", list(required_paths()), ids=lambda v: str(v))
def test_a_missing_required_field_is_named(base, tmp_path, path, shown):
    data = copy.deepcopy(base)
    parent, key = at(data, path)
    del parent[key]
    assert not jsonschema.Draft202012Validator(SCHEMA).is_valid(data)
    bank = tmp_path / "bank.json"
    bank.write_text(json.dumps(data), encoding="utf-8")
    assert_one_line_error(bank, tmp_path, f"missing field {shown}")


def set_field(path, value):
    def mutate(data):
        parent, key = at(data, path)
        parent[key] = value
    return mutate


# (case, mutation, words the error must contain, whether bank.schema.json rejects it too)
BROKEN = [
    ("mistyped seed", set_field(("seed",), "7"), "field seed must be an integer", True),
    ("flag as a count", set_field(("schema_version",), True), "field schema_version must be an integer", True),
    ("mistyped flag", set_field(("questions", 0, "choices", 1, "correct"), "yes"),
     "field questions[0].choices[1].correct must be true or false", True),
    ("choices not a list", set_field(("questions", 2, "choices"), {}), "field questions[2].choices must be a list", True),
    ("question not an object", set_field(("questions", 1), []), "field questions[1] must be an object", True),
    ("unknown family", set_field(("questions", 1, "family"), "gru-shapes"),
     "field questions[1].family: unknown family 'gru-shapes'", False),  # the schema cannot know the registry
    ("unknown difficulty", set_field(("questions", 0, "difficulty"), "expert"),
     "field questions[0].difficulty: unknown difficulty 'expert'", True),
    ("newer schema", set_field(("schema_version",), 99), "schema_version 99 is newer than this lstmq reads", False),
    ("bad id", set_field(("questions", 0, "id"), "../../etc/passwd"), "field questions[0].id must look like", True),
    ("negative seed", set_field(("questions", 0, "seed"), -1), "field questions[0].seed must not be negative", True),
    ("empty stem", set_field(("questions", 0, "stem"), ""), "field questions[0].stem must not be empty", True),
    ("empty option", set_field(("questions", 0, "choices", 3, "text"), ""),
     "field questions[0].choices[3].text must not be empty", True),
    ("unknown option format", set_field(("questions", 0, "choices", 0, "format"), "latex"),
     "field questions[0].choices[0].format must be one of code, text", True),
    ("wrong label", set_field(("questions", 1, "choices", 0, "label"), "Z"),
     "field questions[1].choices[0].label must be A", True),
    ("three options", lambda d: d["questions"][0]["choices"].pop(), "field questions[0].choices must hold 4 options", True),
    ("no steps", set_field(("questions", 0, "solution", "steps"), []),
     "field questions[0].solution.steps must hold at least one step", True),
    ("step not text", set_field(("questions", 0, "solution", "steps", 0), 3),
     "field questions[0].solution.steps[0] must be a string", True),
    ("evidence not an object", set_field(("questions", 0, "evidence"), []),
     "field questions[0].evidence must be an object", True),
    # Beyond the schema: what no export could carry.
    ("two correct options", lambda d: [c.update(correct=True) for c in d["questions"][1]["choices"][:2]],
     "field questions[1].choices must mark exactly one option correct", False),
    ("duplicate id", lambda d: d["questions"][2].update(id=d["questions"][0]["id"]),
     "field questions[2].id: duplicate id", False),
    ("control character", set_field(("questions", 1, "choices", 2, "why"), "bell \x07"),
     "field questions[1].choices[2].why holds the character U+0007", False),
    ("lone surrogate", set_field(("questions", 2, "params", "note"), "\ud800"),
     "field questions[2].params.note holds a lone surrogate U+D800", False),
]


@pytest.mark.parametrize("case,mutate,words,schema_rejects", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_bank_is_one_line(base, tmp_path, case, mutate, words, schema_rejects):
    data = copy.deepcopy(base)
    mutate(data)
    if schema_rejects:
        assert not jsonschema.Draft202012Validator(SCHEMA).is_valid(data)
    bank = tmp_path / "bank.json"
    # ensure_ascii keeps a lone surrogate writable (as the escape JSON allows).
    bank.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    assert_one_line_error(bank, tmp_path, words)


@pytest.mark.parametrize("text,words", [
    ("{", "not valid JSON at line 1, column 2"),
    ("[]", "the file must be an object"),
    ("", "not valid JSON at line 1, column 1"),
])
def test_malformed_json_is_one_line(tmp_path, text, words):
    bank = tmp_path / "bank.json"
    bank.write_text(text, encoding="utf-8")
    assert_one_line_error(bank, tmp_path, words)


def test_not_utf8_or_missing_or_a_folder(tmp_path):
    bank = tmp_path / "bank.json"
    bank.write_bytes(b'{"a": "\xff"}')
    assert_one_line_error(bank, tmp_path, "cannot read")
    assert_one_line_error(tmp_path / "absent.json", tmp_path, "no such file")
    folder = tmp_path / "folder.json"
    folder.mkdir()
    assert_one_line_error(folder, tmp_path, "is a folder")


def test_a_fresh_bank_passes_the_schema(bank300_path):
    jsonschema.Draft202012Validator(SCHEMA).validate(json.loads(bank300_path.read_text(encoding="utf-8")))
