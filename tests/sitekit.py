"""Helpers for the site tests: a copy of the project's docs with a generated set, built once
per test session, an HTTP server on 127.0.0.1, and the browser."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import socketserver
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SET_COUNT = 120  # the size the README's first run builds; also the size the page budget is for
SET_SEED = 1


def copy_project(dest: Path) -> Path:
    """The project's mkdocs.yml and hand-written docs (no generated sets) in ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    starter = Path("templates", "site", "scaffold", "mkdocs.yml")  # what mkdocs.yml INHERITs
    (dest / starter).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / starter, dest / starter)
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("questions"))
    return dest


@dataclass(frozen=True)
class BuiltSite:
    project: Path
    site: Path
    bank: Path
    questions: dict  # id → question record
    build_seconds: float


_BUILT: dict[str, BuiltSite] = {}


def built_site(tmp_path_factory) -> BuiltSite:
    """The project's docs plus a 120-question set, built by lstmq once per session."""
    if "site" not in _BUILT:
        from lstmq.jobs.generate import generate_set
        from lstmq.jobs.site import build_site, open_project

        project = copy_project(tmp_path_factory.mktemp("project"))
        bank = project / "bank.json"
        # Single-choice items: the keyboard, focus and reload tests answer by letter. Select-all
        # and numeric cards have their own browser tests (test_site_kinds).
        generate_set(SET_COUNT, SET_SEED, [], [], bank, project / "docs", kinds=["single"])
        result = build_site(open_project(project / "mkdocs.yml"), echo=lambda _m: None)
        records = json.loads(bank.read_text(encoding="utf-8"))["questions"]
        _BUILT["site"] = BuiltSite(project, result.site_dir, bank, {q["id"]: q for q in records},
                                   result.seconds)
    return _BUILT["site"]


MIXED_FAMILIES = ["constructor", "invalid-value", "output-shape", "parameters", "gates", "lstm-gru-rnn"]


def built_mixed_site(tmp_path_factory) -> BuiltSite:
    """A drawn set of every kind (the families that offer select-all and numeric items, each
    planning its kinds in turn), built by lstmq once per session: what a course would publish."""
    if "mixed" not in _BUILT:
        from lstmq.jobs.generate import generate_set
        from lstmq.jobs.site import build_site, open_project

        project = copy_project(tmp_path_factory.mktemp("mixed-project"))
        bank = project / "bank.json"
        generate_set(18, 7, MIXED_FAMILIES, [], bank, project / "docs")
        result = build_site(open_project(project / "mkdocs.yml"), echo=lambda _m: None)
        records = json.loads(bank.read_text(encoding="utf-8"))["questions"]
        _BUILT["mixed"] = BuiltSite(project, result.site_dir, bank, {q["id"]: q for q in records},
                                    result.seconds)
    return _BUILT["mixed"]


def built_kinds_site(tmp_path_factory) -> BuiltSite:
    """The project's docs plus a set of hand-built questions of every kind (``kinds_examples``),
    built once per session: the site's select-all and numeric items without any family that
    draws them, and without torch."""
    if "kinds" not in _BUILT:
        from lstmq.bank.file import make_header, write_bank
        from lstmq.jobs.generate import render_bank
        from lstmq.jobs.site import build_site, open_project

        from kinds_examples import every_kind

        project = copy_project(tmp_path_factory.mktemp("kinds-project"))
        bank = project / "bank.json"
        questions = every_kind()
        write_bank(bank, make_header(0, {"count": len(questions)}, "2.13.0"), questions)
        render_bank(bank, project / "docs")
        result = build_site(open_project(project / "mkdocs.yml"), echo=lambda _m: None)
        _BUILT["kinds"] = BuiltSite(project, result.site_dir, bank, {q.id: q.to_dict() for q in questions},
                                    result.seconds)
    return _BUILT["kinds"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def http_server(directory: Path, port: int = 0):
    """Serve ``directory`` on 127.0.0.1 (a free port unless given) from a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    server = socketserver.ThreadingTCPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def need(condition: bool, what: str) -> None:
    """Skip with a visible reason on a developer's machine; fail in CI, where it must be there."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {what}")
    pytest.skip(what)


@contextlib.contextmanager
def browser():
    need(os.path.exists(CHROMIUM), f"{CHROMIUM} is absent (Debian package chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "the playwright package is not installed (test extra)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout: float = 30.0, step: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


# --- a small HTML tree, enough to check the structure of built pages -------------------------

from html.parser import HTMLParser  # noqa: E402

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        parts = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text())
        return "".join(parts)

    def find_all(self, tag: str | None = None, cls: str | None = None):
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                    yield child
                yield from child.find_all(tag, cls)

    def find(self, tag: str | None = None, cls: str | None = None):
        return next(self.find_all(tag, cls), None)

    def kids(self, tag: str | None = None):
        return [c for c in self.children if isinstance(c, Node) and (tag is None or c.tag == tag)]


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: (v if v is not None else "") for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, {k: (v or "") for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root
