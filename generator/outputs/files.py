"""Everything lstmq writes goes through one ``Outputs`` transaction.

- ``file(path, data)`` stages one file: written to a temporary file beside ``path``.
- ``tree(folder, files)`` / ``folder(folder)`` stage a folder lstmq manages: built whole in a
  temporary folder beside it; a manifest (``.lstmq-manifest.json``) lists lstmq's files with
  their digests.
- Leaving the ``with`` block commits: every staged output is renamed into place while SIGINT,
  SIGTERM and SIGHUP wait, so a stopped run leaves each output either as it was or complete.
  Leaving it by an exception (an error, Ctrl+C, a SIGTERM turned into an exception by the CLI)
  removes every temporary file instead.

What lstmq may replace (the Guarantees page states the same rules):

- A folder: only files its manifest lists, and only while they still have the digest lstmq
  wrote. Files lstmq did not write are carried over into the new folder untouched (hard
  links, so not even their inode changes) and never overwritten: a name clash is an error.
  A non-empty folder without a manifest needs ``force``; so does replacing an edited file.
- A single file: only one that starts as lstmq writes it (``is_own_file``), or with ``force``.
  Anything that is not a regular file (a folder, a device, a pipe) is never replaced.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..errors import LstmqError
from ..signals import signals_held

MANIFEST = ".lstmq-manifest.json"
SHOWN = 3  # names listed in an error before "..."

# How lstmq's single files begin, whatever their format: a file that starts like one of these
# was written by lstmq and may be replaced without --force.
OWN_FILE_STARTS = (
    re.compile(r'\{\s*"schema_version": \d+,\s*"lstmq_version": "'),  # a bank (generate, export json)
    re.compile(r'<\?xml [^>]*\?>\s*<!-- written by lstmq '),            # Moodle XML
    re.compile(r"// lstmq "),                                           # GIFT
    re.compile(r'\{\s*"cells": \[\s*\{\s*"cell_type": "markdown",\s*"id": "lstmq-title"'),  # notebook
    re.compile(r"student_id,version,correct,wrong,blank,questions,percent\n"),  # grade: scores
    re.compile(r"question_id,students,correct,share_correct,blank,rank,"),       # grade: questions
    re.compile(r'\{\s*"kind": "lstmq-item-stats",'),                              # grade: --stats-out
    re.compile(r"<!DOCTYPE html>\s*<!-- written by lstmq: item analysis report -->"),  # grade: --report
    re.compile(r"student_id,version,copy,question,read,fills,reason,source,page,answer\n"),  # scan: review
)
ZIP_COMMENT = b"written by lstmq"  # the QTI 2.1, Canvas and Anki packages carry it
# The kinds of folder lstmq writes, recorded in the manifest: one command's folder is never
# replaced by another's without --force.
FOLDER_KINDS = {"site": ("a built site", "build"), "exam": ("exams", "exam"),
                "set": ("a question set", "generate")}


# --- small helpers ---------------------------------------------------------------------------

def _umask() -> int:
    """The process umask, read without changing it (os.umask would, for a moment, in every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(target: Path, default: int) -> int:
    """The permissions a finished output gets: those of what it replaces, else the umask's.

    ``mkstemp``/``mkdtemp`` create 0600/0700; a finished file must not stay that private.
    """
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return default & ~_umask()


def digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return "sha256:" + h.hexdigest()


def shown_names(names: list[str]) -> str:
    """The first few names for an error message, then "..." if there are more."""
    return ", ".join(names[:SHOWN]) + (", ..." if len(names) > SHOWN else "")


def safe_relpath(rel: str) -> Path:
    """A path inside an output folder: relative, no '..', no empty or NUL parts."""
    p = Path(rel)
    if not rel or "\x00" in rel or p.is_absolute() or ".." in p.parts or not p.parts or rel.endswith("/"):
        raise LstmqError(f"refusing to write outside the output folder: {rel!r}")
    return p


def _write(path: Path, data: str | bytes | Iterable[str]) -> None:
    if isinstance(data, bytes):
        path.write_bytes(data)
        return
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        if isinstance(data, str):
            f.write(data)
        else:
            for chunk in data:
                f.write(chunk)


def is_own_file(path: Path) -> bool:
    """Whether ``path`` starts the way one of lstmq's single-file outputs does."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
        if head.startswith(b"PK"):
            with zipfile.ZipFile(path) as zf:
                return zf.comment.startswith(ZIP_COMMENT)
        text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    except (OSError, zipfile.BadZipFile):
        return False
    return any(start.match(text) for start in OWN_FILE_STARTS)


def _manifest_data(folder: Path) -> dict | None:
    from ..reading import MAX_SMALL_JSON_BYTES, read_text

    try:
        data = json.loads(read_text(folder / MANIFEST, MAX_SMALL_JSON_BYTES, "a manifest"))
    except (LstmqError, ValueError, RecursionError):  # unreadable, a pipe, not JSON: not lstmq's
        return None
    return data if isinstance(data, dict) and data.get("written_by") == "lstmq" else None


def manifest_kind(folder: Path) -> str | None:
    """The kind of folder (``FOLDER_KINDS``) the manifest of ``folder`` records, if any."""
    data = _manifest_data(folder)
    kind = data.get("kind") if data else None
    return kind if kind in FOLDER_KINDS else None


def read_manifest(folder: Path) -> dict[str, str | None] | None:
    """lstmq's files in ``folder`` (relative path → digest, None if unknown), or None when the
    folder has no manifest lstmq wrote."""
    data = _manifest_data(folder)
    if data is None:
        return None
    files = data.get("files")
    if isinstance(files, list):  # manifests before digests: names only
        return {f: None for f in files if isinstance(f, str)}
    if isinstance(files, dict):
        return {f: d if isinstance(d, str) else None for f, d in files.items() if isinstance(f, str)}
    return None


def _entries(folder: Path) -> tuple[list[str], list[str]]:
    """Every non-folder entry under ``folder`` (symlinks not followed) and every empty folder,
    as sorted relative paths."""
    files, empty = [], []
    for root, dirs, names in os.walk(folder):
        base = Path(root)
        for d in list(dirs):
            if (base / d).is_symlink():  # a link to a folder is an entry of its own, not walked
                dirs.remove(d)
                names.append(d)
            elif os.path.ismount(base / d):  # another file system: never walked, never moved
                raise LstmqError(f"{base / d}: is a mount point inside a folder lstmq replaces as a "
                                 "whole; unmount it or choose another folder (lstmq never writes "
                                 "across file systems)")
        rel = base.relative_to(folder)
        files += [(rel / n).as_posix() for n in names]
        if not dirs and not names and base != folder:
            empty.append(rel.as_posix())
    return sorted(files), sorted(empty)


def _clashes(ours: Iterable[str], theirs: Iterable[str]) -> list[str]:
    """Their files that lstmq would overwrite, or that sit where lstmq needs a folder (or the
    other way round)."""
    ours = set(ours)
    folders = {p.as_posix() for rel in ours for p in Path(rel).parents if p.parts}
    clashes = []
    for rel in theirs:
        parents = {p.as_posix() for p in Path(rel).parents if p.parts}
        if rel in ours or rel in folders or parents & ours:
            clashes.append(rel)
    return sorted(clashes)


@lru_cache(maxsize=1)
def _renameat2():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).renameat2
    except (OSError, AttributeError, TypeError):
        return None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system cannot; rename instead
        return False
    raise OSError(err, os.strerror(err), str(b))


STAGING_NAME_BYTES = 200  # of the target's name in a staging name: with ".", 8 random and ".tmp", under 255


def _staging_prefix(target: Path) -> str:
    """``.NAME.``, NAME cut so the staging name fits where the target's own name fits."""
    name = os.fsencode(target.name)[:STAGING_NAME_BYTES]
    return "." + os.fsdecode(name).encode("utf-8", "surrogateescape").decode("utf-8", "ignore") + "."


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


# --- the transaction -------------------------------------------------------------------------

class _StagedFile:
    def __init__(self, target: Path, temp: Path) -> None:
        self.target, self.temp = target, temp


class _StagedFolder:
    def __init__(self, target: Path, shown: Path, staging: Path, keep: list[str], keep_empty: list[str],
                 kind: str | None = None) -> None:
        self.target, self.shown, self.staging, self.kind = target, shown, staging, kind
        self.keep, self.keep_empty = keep, keep_empty  # files and empty folders lstmq did not write
        self.owned: dict[str, tuple] = {}  # lstmq's files in the old folder, as they were at commit


def _identity(path: Path) -> tuple:
    st = os.lstat(path)
    return st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size


class Outputs:
    """Stage outputs, then put them all in place at once (see the module's docstring)."""

    def __init__(self, force: bool = False) -> None:
        self.force = force
        self._files: list[_StagedFile] = []
        self._folders: list[_StagedFolder] = []
        self._made: list[Path] = []  # folders made for the outputs: removed again if left empty
        self._views: list[Path] = []  # read-only previews of staged folders (``view``): always removed

    def __enter__(self) -> "Outputs":
        return self

    def __exit__(self, kind, exc, tb) -> None:
        try:
            if kind is None:
                self.commit()
        finally:
            self.discard()  # nothing left to remove after a commit

    # -- staging --------------------------------------------------------------------------

    def ensure_file_writable(self, path: Path) -> Path:
        """Fail now if ``path`` may not be written (see ``file``); return the file it names."""
        shown = Path(path)
        if "\x00" in str(shown):
            raise LstmqError(f"{shown!r}: a file name cannot hold a NUL character")
        if shown.is_symlink():  # its target may be anywhere: never written through, even with --force
            raise LstmqError(f"{shown}: is a symbolic link; lstmq does not write through links: "
                             "name the file itself, or remove the link")
        target = Path(os.path.realpath(shown))
        if target.is_dir():
            raise LstmqError(f"{shown}: is a folder; name the file to write")
        if target.exists() or target.is_symlink():
            if not target.is_file():
                raise LstmqError(f"{shown}: exists and is not a regular file; lstmq will not replace it")
            if not (self.force or is_own_file(target)):
                raise LstmqError(f"{shown}: exists and lstmq did not write it; choose another name "
                                 "or pass --force to replace it")
        return target

    def file(self, path: Path, data: str | bytes | Iterable[str], replace_any: bool = False) -> None:
        """Stage ``data`` (text, bytes or text chunks) as ``path``.

        ``replace_any`` is for files whose ownership the caller has checked itself (the list of
        sets, which carries its own digest).
        """
        shown = Path(path)
        target = Outputs(force=True).ensure_file_writable(shown) if replace_any else self.ensure_file_writable(shown)
        self._check_not_inside_staged(target, shown)
        self._make_parents(target)
        with signals_held():  # listed at once, so discard() removes it whatever happens next
            fd, temp = tempfile.mkstemp(prefix=_staging_prefix(target), suffix=".tmp", dir=target.parent)
            os.close(fd)
            staged = _StagedFile(target, Path(temp))
            self._files.append(staged)
        os.chmod(temp, _mode_for(target, 0o666))
        _write(staged.temp, data)

    def ensure_folder_writable(self, path: Path, kind: str | None = None) -> tuple[Path, list[str], list[str]]:
        """Fail now if lstmq may not write the folder ``path`` (see ``folder``); return it and
        the files and empty folders in it that lstmq did not write. ``kind`` (``FOLDER_KINDS``)
        is what the folder will hold: a folder holding another kind needs ``force``."""
        shown = Path(path)
        if "\x00" in str(shown):
            raise LstmqError(f"{shown!r}: a folder name cannot hold a NUL character")
        target = Path(os.path.realpath(shown))
        if target.exists() and not target.is_dir():
            raise LstmqError(f"{shown}: exists and is not a folder")
        if _is_within(Path.cwd().resolve(), target):
            raise LstmqError(f"{shown}: lstmq replaces its output folder as a whole, so it cannot be "
                             "the current folder or one above it")
        if target.is_dir() and os.path.ismount(target):
            raise LstmqError(f"{shown}: is a mount point, which lstmq cannot replace as a whole; "
                             "name a folder inside it")
        old = read_manifest(target) if target.is_dir() else None
        self._check_kind(target, shown, kind)
        keep, keep_empty = self._foreign(target, shown, old)
        return target, keep, keep_empty

    def _check_kind(self, target: Path, shown: Path, kind: str | None) -> None:
        held = manifest_kind(target) if target.is_dir() else None
        if kind is None or held is None or held == kind or self.force:
            return
        what, command = FOLDER_KINDS[held]
        raise LstmqError(f"{shown}: holds {what} written by lstmq {command}, and this command writes "
                         f"{FOLDER_KINDS[kind][0]}; choose another folder, or pass --force to replace it")

    def folder(self, path: Path, kind: str | None = None) -> Path:
        """Stage a new version of the folder ``path``; return the empty staging folder to fill."""
        shown = Path(path)
        target, keep, keep_empty = self.ensure_folder_writable(shown, kind)
        self._check_not_inside_staged(target, shown)
        self._make_parents(target)
        with signals_held():  # listed at once, so discard() removes it whatever happens next
            staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(target), suffix=".new", dir=target.parent))
            self._folders.append(_StagedFolder(target, shown, staging, keep, keep_empty, kind))
        os.chmod(staging, _mode_for(target, 0o777))
        return staging

    def tree(self, path: Path, files: dict[str, str | bytes], kind: str | None = None) -> None:
        """Stage the folder ``path`` holding exactly ``files`` (relative path → text or bytes)
        besides the files there that lstmq did not write."""
        staging = self.folder(path, kind)
        for rel, data in sorted(files.items()):
            write_into(staging, rel, data)

    def _foreign(self, target: Path, shown: Path, old: dict | None) -> tuple[list[str], list[str]]:
        """The entries of ``target`` lstmq did not write; fail if lstmq may not write there."""
        if not target.is_dir():
            return [], []
        files, empty = _entries(target)
        if old is None:
            if (files or empty) and not self.force:
                raise LstmqError(f"{shown}: holds files lstmq did not write ({shown_names(files or empty)}); "
                                 "choose another folder, move them, or pass --force to write beside "
                                 "them (they are kept)")
            return files, empty  # a MANIFEST among them is someone else's: a clash, never replaced
        # Only a regular file can be lstmq's: a pipe or a device at one of its names is kept
        # as someone else's (so writing that name is a clash), and never opened.
        ours = [f for f in files if f in old and stat.S_ISREG(os.lstat(target / f).st_mode)]
        edited = [f for f in ours if old[f] is not None and digest(target / f) != old[f]]
        if edited and not self.force:
            raise LstmqError(f"{shown}: {shown_names(edited)} changed since lstmq wrote "
                             f"{'it' if len(edited) == 1 else 'them'}; move {'it' if len(edited) == 1 else 'them'} "
                             "away or pass --force to replace lstmq's files anyway")
        return [f for f in files if f not in ours and f != MANIFEST], empty

    def _make_parents(self, target: Path) -> None:
        missing = [p for p in target.parents if not p.exists()]
        target.parent.mkdir(parents=True, exist_ok=True)
        self._made += missing  # deepest first

    def _check_not_inside_staged(self, target: Path, shown: Path) -> None:
        for f in self._folders:
            if _is_within(target, f.target) or _is_within(f.target, target):
                raise LstmqError(f"{shown}: cannot be written inside {f.shown}, or hold it: that folder "
                                 "is replaced as a whole")
        for f in self._files:
            if _is_within(f.target, target) or _is_within(target, f.target):
                raise LstmqError(f"{shown}: is written twice by this command")

    def staged_file(self, path: Path) -> Path | None:
        """The temporary file staged for ``path``, if ``file`` staged one."""
        target = Path(os.path.realpath(path))
        return next((s.temp for s in self._files if s.target == target), None)

    def view(self, root: Path) -> Path:
        """A temporary copy of the folder ``root`` as it will be after the commit: its files
        now, with every file and folder staged under it put in place. For tools that must read
        the outcome before it lands (MkDocs reads the staged docs); removed at commit or discard.
        """
        root = Path(os.path.realpath(root))
        root.parent.mkdir(parents=True, exist_ok=True)
        with signals_held():  # listed at once, so discard() removes it whatever happens next
            into = Path(tempfile.mkdtemp(prefix=_staging_prefix(root), suffix=".new", dir=root.parent))
            self._views.append(into)
        staged = {s.temp for s in self._files} | {f.staging for f in self._folders}

        def skip(folder: str, names: list[str]) -> list[str]:
            # Staged paths, and links to nothing. (copytree's own ignore_dangling_symlinks reads a
            # relative link from the current directory, so it also dropped the project's
            # docs/assets links, and the built site lost its script and style sheet.)
            return [n for n in names if Path(folder, n) in staged
                    or (Path(folder, n).is_symlink() and not Path(folder, n).exists())]

        if root.is_dir():
            # copies, not hard links: whatever writes into the view (a MkDocs plugin) never
            # reaches the real files; a link is copied as what it points to
            shutil.copytree(root, into, ignore=skip, dirs_exist_ok=True)
        for f in self._folders:
            if _is_within(f.target, root):
                dest = into / f.target.relative_to(root)
                if dest.is_dir():
                    shutil.rmtree(dest)
                shutil.copytree(f.staging, dest)
                for rel in f.keep:  # what lstmq did not write stays in the folder
                    if not (dest / rel).exists() and (f.target / rel).exists():
                        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(f.target / rel, dest / rel)
        for s in self._files:
            if _is_within(s.target, root):
                dest = into / s.target.relative_to(root)
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.unlink(missing_ok=True)
                shutil.copyfile(s.temp, dest)
        return into

    # -- commit -----------------------------------------------------------------------------

    def _finish(self, f: _StagedFolder) -> None:
        """Write the manifest of what lstmq put in the staging folder, then carry over the files
        it did not write (refusing to overwrite any of them).

        What lstmq did not write is decided again now, not when the folder was staged: a file
        saved into the folder meanwhile (during a long MkDocs run) is carried over too."""
        if f.target.is_dir():
            f.keep, f.keep_empty = self._foreign(f.target, f.shown, read_manifest(f.target))
            kept = set(f.keep)
            f.owned = {rel: _identity(f.target / rel) for rel in _entries(f.target)[0] if rel not in kept}
        ours, _ = _entries(f.staging)
        clashes = _clashes([*ours, MANIFEST], f.keep + f.keep_empty)
        if clashes:
            raise LstmqError(f"{f.shown}: {shown_names(clashes)} would be overwritten, and lstmq did not write "
                             f"{'it' if len(clashes) == 1 else 'them'}; move {'it' if len(clashes) == 1 else 'them'} "
                             "out of the folder")
        manifest = {"written_by": "lstmq", **({"kind": f.kind} if f.kind else {}),
                    "files": {rel: digest(f.staging / rel) for rel in ours}}
        (f.staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        for rel in f.keep:
            src, dst = f.target / rel, f.staging / rel
            self._copy_dirs(f.target, f.staging, Path(rel).parent)
            try:
                os.link(src, dst, follow_symlinks=False)  # the same file, not a copy
            except OSError:
                if src.is_symlink():
                    os.symlink(os.readlink(src), dst)
                elif src.is_file():
                    shutil.copy2(src, dst)
                else:
                    raise
        for rel in f.keep_empty:
            self._copy_dirs(f.target, f.staging, Path(rel))

    @staticmethod
    def _copy_dirs(source: Path, staging: Path, rel: Path) -> None:
        """Make the folders leading to ``rel`` in the staging folder, with their original modes."""
        for part in reversed([rel, *rel.parents]):
            if not part.parts or (staging / part).is_dir():
                continue
            (staging / part).mkdir()
            try:
                os.chmod(staging / part, stat.S_IMODE((source / part).stat().st_mode))
            except OSError:
                pass

    def commit(self) -> None:
        try:
            for f in self._folders:
                self._finish(f)
            with signals_held():
                for s in self._files:
                    os.replace(s.temp, s.target)
                for f in self._folders:
                    self._swap(f)
                self._files, self._folders, self._made = [], [], []
        finally:
            self.discard()

    @classmethod
    def _swap(cls, f: _StagedFolder) -> None:
        if not f.target.exists():
            os.rename(f.staging, f.target)
            return
        if _exchange(f.staging, f.target):
            if cls._empty_old(f.staging, f):  # the staging name now holds the old folder
                os.rmdir(f.staging)
            return
        old = Path(tempfile.mkdtemp(prefix=_staging_prefix(f.target), suffix=".old", dir=f.target.parent))
        os.rename(f.target, old / "was")
        os.rename(f.staging, f.target)
        if cls._empty_old(old / "was", f):
            os.rmdir(old / "was")
            os.rmdir(old)

    @staticmethod
    def _empty_old(old: Path, f: _StagedFolder) -> bool:
        """Empty the replaced folder, deleting only what lstmq wrote (unchanged since the commit
        began) and what it carried over; a file saved or replaced in the last moment moves into
        the new folder. False (the old folder stays, as .NAME.*) if something could not move."""
        files, _ = _entries(old)
        left = False
        for rel in files:
            src, dst = old / rel, f.target / rel
            try:
                if rel in f.owned and _identity(src) == f.owned[rel]:
                    src.unlink()
                elif rel in f.keep and dst.is_symlink() == src.is_symlink() and \
                        os.path.samestat(os.lstat(src), os.lstat(dst)):
                    src.unlink()  # carried over as a hard link: the new folder holds this very file
                elif rel in f.keep or not (dst.exists() or dst.is_symlink()):
                    Outputs._copy_dirs(old, f.target, Path(rel).parent)
                    os.replace(src, dst)  # theirs, newer than what was carried over, or new
                else:
                    left = True  # theirs, at a name lstmq writes now: never overwritten
            except OSError:
                left = True
        for root, dirs, names in os.walk(old, topdown=False):
            rel = Path(root).relative_to(old)
            if Path(root) != old and not os.listdir(root):
                Outputs._copy_dirs(old, f.target, rel)
                os.rmdir(root)
        return not left and not os.listdir(old)

    def discard(self) -> None:
        """Remove every temporary file and folder (a second signal meanwhile waits)."""
        with signals_held():
            for view in self._views:
                shutil.rmtree(view, ignore_errors=True)
            for s in self._files:
                s.temp.unlink(missing_ok=True)
            for f in self._folders:
                shutil.rmtree(f.staging, ignore_errors=True)
            # deepest first, across every staged output; one that holds anything stays
            for folder in sorted(self._made, key=lambda p: len(p.parts), reverse=True):
                try:
                    folder.rmdir()
                except OSError:
                    pass
            self._files, self._folders, self._made, self._views = [], [], [], []


def write_into(staging: Path, rel: str, data: str | bytes | Iterable[str]) -> None:
    """Write one file of a staged folder (``Outputs.folder``) as ``tree`` does: for a folder
    whose files are made one by one and need not be held together."""
    if Path(rel).name == MANIFEST:
        raise LstmqError(f"refusing to write a file named {MANIFEST}: lstmq keeps its manifest there")
    out = staging / safe_relpath(rel)
    out.parent.mkdir(parents=True, exist_ok=True)
    _write(out, data)


def atomic_write(path: Path, data: str | bytes | Iterable[str], force: bool = False,
                 replace_any: bool = False) -> None:
    """Write one file in one step, under the rules for single files."""
    with Outputs(force=force) as outputs:
        outputs.file(path, data, replace_any=replace_any)
