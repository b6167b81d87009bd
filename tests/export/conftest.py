"""Shared fixtures of the export and check tests: one 300-question bank per session, a bank
of hostile texts, and the third-party validators (schemas, gift-pegjs), loaded once.

Where a validator is absent (a clone without ../shared/schemas, no node or gift-pegjs) its
tests skip with the reason; under CI its absence fails instead, so CI never passes a check
that did not run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from lstmq.bank.file import load_bank, make_header, write_bank
from lstmq.engine.draw import generate

from export_helpers import unavailable

ROOT = Path(__file__).resolve().parents[2]
# The shared folder beside the project; LSTMQ_SCHEMAS points elsewhere (a git worktree's parent
# is not the checkout's).
SCHEMAS = Path(os.environ.get("LSTMQ_SCHEMAS") or ROOT.parent / "shared" / "schemas")
GIFT_PEGJS = ROOT / ".cache" / "node" / "node_modules" / "gift-pegjs"
BANK_SIZE = 300
BANK_SEED = 20240611


@pytest.fixture(scope="session")
def bank300_path(tmp_path_factory) -> Path:
    """300 verified questions over every registered family (nothing hard-codes a family)."""
    from lstmq.engine.runner import TORCH_VERSION

    path = tmp_path_factory.mktemp("bank") / "bank300.json"
    questions = list(generate(BANK_SIZE, BANK_SEED))
    write_bank(path, make_header(BANK_SEED, {"count": BANK_SIZE}, TORCH_VERSION), questions)
    return path


@pytest.fixture(scope="session")
def bank300(bank300_path):
    return load_bank(bank300_path)


# Texts that break naive writers: markup, entities, CDATA ends, every GIFT special, a GIFT
# weight, a matching arrow, comments, backticks in and around code spans, non-ASCII.
HOSTILE = [
    "<script>alert('x')</script> & <b>bold</b> &amp; &lt;",
    "CDATA ends here: ]]> and again ]]]]>",
    r"GIFT specials ~ = # { } : and a backslash \ and \n and \\",
    "%50% looks like a weight",
    "an arrow -> and => and // not a comment",
    "``a`b`` and `x < y` and a lone ` backtick",
    'quotes "double" and \'single\'',
    "non-ASCII: naïve café ✓ 你好 שלום 🙂 × →",
    "{=~#:}",
    "line one\nline two\n\nafter a blank line",
]


@pytest.fixture(scope="session")
def hostile_bank_path(bank300_path, tmp_path_factory) -> Path:
    """The first questions of the 300-bank with hostile texts in every exported field."""
    data = json.loads(bank300_path.read_text(encoding="utf-8"))
    data["questions"] = data["questions"][:len(HOSTILE)]
    for i, q in enumerate(data["questions"]):
        text = HOSTILE[i]
        q["stem"] = f"Stem {i}: {text}"
        if q["code"] is not None:
            q["code"] = f"# {text}\nprint('{i}')\n"
        for j, c in enumerate(q["choices"]):
            c["text"] = f"{text} #{j}" if j % 2 else f"#{j} {text}"  # leading specials too
            c["why"] = f"why {j}: {text}"
            c["format"] = "text" if (i + j) % 2 else "code"
        q["solution"]["steps"] = [f"step: {text}", "second step"]
        q["solution"]["quick_check"] = f"check {text}"
        q["solution"]["hint"] = f"hint {text}"
    path = tmp_path_factory.mktemp("hostile") / "hostile.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def hostile_bank(hostile_bank_path):
    return load_bank(hostile_bank_path)


@pytest.fixture(scope="session")
def schemas():
    """The IMS schemas, each loaded once (QTI 2.1 takes seconds), offline (allow="local")."""
    if not SCHEMAS.is_dir():
        unavailable(f"IMS schemas not found at {SCHEMAS} (the shared folder beside the project)")
    xmlschema = pytest.importorskip("xmlschema")
    with warnings.catch_warnings():
        # imscp_v1p1.xsd imports an IMS metadata schema that is not kept; only <metadata>
        # content would need it, and lstmq's manifests hold none of that.
        warnings.simplefilter("ignore", xmlschema.XMLSchemaImportWarning)
        return {
            "qti21": xmlschema.XMLSchema(str(SCHEMAS / "qti21/qtiv2p1/imsqti_v2p1.xsd"), allow="local"),
            "imscp": xmlschema.XMLSchema(str(SCHEMAS / "qti21/imscp_v1p1.xsd"), allow="local"),
            "qti12": xmlschema.XMLSchema(
                str(SCHEMAS / "qti12/schemas/domainProfile_4/ims_qtiasiv1p2.xsd"), allow="local"),
            "qti12cc": xmlschema.XMLSchema(
                str(SCHEMAS / "qti12/schemas11/ccv1p1_qtiasiv1p2p1_v1p0.xsd"), allow="local"),
        }


@pytest.fixture(scope="session")
def gift_parse():
    """Parse GIFT text with gift-pegjs (npm) in one node process; returns its JSON."""
    node = shutil.which("node")
    if node is None:
        unavailable("node is not installed (gift-pegjs runs in node)")
    if not GIFT_PEGJS.is_dir():
        unavailable("gift-pegjs not installed: npm install --prefix .cache/node gift-pegjs@1.0.2")
    script = (
        "const p = require(process.argv[1]); let s = '';"
        "process.stdin.on('data', d => s += d);"
        "process.stdin.on('end', () => {"
        "  try { process.stdout.write(JSON.stringify({ok: p.parse(s)})); }"
        "  catch (e) { process.stdout.write(JSON.stringify({error: e.message,"
        "    line: e.location && e.location.start.line})); } });"
    )

    def parse(text: str):
        done = subprocess.run([node, "-e", script, str(GIFT_PEGJS)], input=text.encode("utf-8"),
                              capture_output=True, timeout=120, check=True)
        return json.loads(done.stdout)

    return parse
