"""Question sets in a MkDocs tree: ``docs/questions/<set>/``, one managed folder per set.

Each set folder is written whole through ``output.Outputs`` (with its manifest), so a new
draw of a set replaces only that set. The page listing the sets,
``docs/questions/index.md``, is rebuilt from the sets' ``set.json`` files; it is rewritten
only while its front matter still carries lstmq's marker line, so a page someone replaced
is left alone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ...errors import LstmqError, RequestError
from ...model import Question
from ...bank.schema import TYPE_NAMES
from ...reading import MAX_SMALL_JSON_BYTES, parse_json, read_text
from ..files import MANIFEST, Outputs, atomic_write, shown_names
from .pages import SET_META, is_sets_index_ours, render_set, render_sets_index

QUESTIONS_DIR = "questions"
_SET_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def check_set_name(name: str) -> str:
    """A set name becomes a folder and a URL: lowercase letters, digits, '-' and '_'."""
    if not _SET_NAME.fullmatch(name or ""):
        raise RequestError(
            f"set name {name!r} is not allowed: use 1 to 64 lowercase letters, digits, '-' or '_', "
            "starting with a letter or digit"
        )
    return name


@dataclass(frozen=True)
class SetWritten:
    name: str
    folder: Path
    pages: int
    note: str | None  # why the list of sets was left alone, if it was


def questions_root(docs_dir: Path) -> Path:
    return Path(docs_dir) / QUESTIONS_DIR


def find_sets(docs_dir: Path) -> list[dict]:
    """The metadata of every set lstmq wrote under ``docs/questions/``, sorted by name."""
    root = questions_root(docs_dir)
    if not root.is_dir():
        return []
    sets = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        meta_path = folder / SET_META
        if not (folder / MANIFEST).is_file() or not meta_path.is_file():
            continue
        text = read_text(meta_path, MAX_SMALL_JSON_BYTES, "a set's metadata")
        meta = parse_json(text, str(meta_path))
        if not isinstance(meta, dict) or meta.get("name") != folder.name:
            raise LstmqError(f"{meta_path}: does not describe the set {folder.name!r}")
        _check_meta(meta, meta_path)
        sets.append(meta)
    return sets


# What the list of sets reads from each set.json (render.render_set writes them).
META_FIELDS = {"count": int, "seed": int, "torch_version": str, "difficulties": dict}


def _check_meta(meta: dict, meta_path: Path) -> None:
    """A set.json edited by hand fails here in one line, not in the template that lists the sets."""
    for key, kind in META_FIELDS.items():
        value = meta.get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise LstmqError(f"{meta_path}: field {key} is missing or not {TYPE_NAMES[kind]}; "
                             "the set was edited by hand: draw it again or restore the file")
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in meta["difficulties"].values()):
        raise LstmqError(f"{meta_path}: field difficulties must map each difficulty to a count")


def refresh_sets_index(docs_dir: Path, outputs: Outputs | None = None, staged: dict | None = None) -> str | None:
    """Rewrite ``docs/questions/index.md`` from the sets present (and ``staged``, the metadata of
    a set being written in ``outputs``); say why not when the page is not ours."""
    index = questions_root(docs_dir) / "index.md"
    sets = {meta["name"]: meta for meta in find_sets(docs_dir)}
    if staged is not None:
        sets[staged["name"]] = staged
    if not sets:
        return None
    if index.exists() or index.is_symlink():
        try:
            text = read_text(index, MAX_SMALL_JSON_BYTES, "the list of sets")
        except LstmqError:  # unreadable, or a pipe or device: not ours either way
            text = ""
        if not is_sets_index_ours(text):
            return f"{index} was edited or not written by lstmq; left as it is"
    page = render_sets_index([sets[name] for name in sorted(sets)])
    if outputs is None:
        atomic_write(index, page, replace_any=True)
    else:
        outputs.file(index, page, replace_any=True)  # ours: is_sets_index_ours said so
    return None


def foreign_entries(docs_dir: Path) -> list[str]:
    """What ``docs/questions/`` holds besides lstmq's sets and their list (dot-names aside:
    they are the staging folders of an interrupted write)."""
    root = questions_root(docs_dir)
    if not root.is_dir():
        return []
    foreign = []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(".") or entry.name == "index.md":
            continue
        if entry.is_dir() and ((entry / MANIFEST).is_file() or not any(entry.iterdir())):
            continue
        foreign.append(entry.name)
    return foreign


def write_set(docs_dir: Path, name: str, header: dict, questions: Iterable[Question],
              outputs: Outputs | None = None, force: bool = False) -> SetWritten:
    """Write one set's pages (replacing only that set) and refresh the list of sets.

    ``docs/questions/`` is lstmq's folder: it holds sets and their list. Anything else found
    there stops the write unless ``force`` (then it stays where it is). With ``outputs`` the
    files join that transaction; otherwise they are written at once.
    """
    if outputs is None:
        with Outputs(force=force) as own:
            return write_set(docs_dir, name, header, questions, own)
    ensure_writable(docs_dir, name, outputs.force)
    files = render_set(name, header, questions)
    folder = questions_root(docs_dir) / name
    outputs.tree(folder, files, kind="set")
    note = refresh_sets_index(docs_dir, outputs, json.loads(files[SET_META]))
    return SetWritten(name, folder, sum(p.endswith(".md") for p in files), note)


def ensure_writable(docs_dir: Path, name: str, force: bool = False, bank_path: Path | None = None) -> None:
    """Fail before any work if the set (or the bank file) may not be written."""
    check_set_name(name)
    root = questions_root(docs_dir)
    if root.exists() and not root.is_dir():
        raise LstmqError(f"{root}: exists and is not a folder")
    foreign = foreign_entries(docs_dir)
    if foreign and not force:
        raise LstmqError(f"{root}: holds files lstmq did not write ({shown_names(foreign)}); move them out of "
                         "the folder, or pass --force to keep them there")
    outputs = Outputs(force=force)
    outputs.ensure_folder_writable(root / name, kind="set")
    if bank_path is not None:
        outputs.ensure_file_writable(bank_path)


def write_bank_and_set(bank_path: Path, docs_dir: Path, name: str, header: dict, questions: list[Question],
                       force: bool = False, outputs: Outputs | None = None) -> SetWritten:
    """The bank file and the set's pages, put in place together: a stopped run changes neither.
    With ``outputs`` they join that transaction."""
    from ...bank.file import bank_chunks

    if outputs is None:
        with Outputs(force=force) as own:
            return write_bank_and_set(bank_path, docs_dir, name, header, questions, outputs=own)
    outputs.file(bank_path, bank_chunks(header, questions))
    return write_set(docs_dir, name, header, questions, outputs)
