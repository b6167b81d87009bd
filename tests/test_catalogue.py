"""The catalogue is the one list of families: it agrees with the families themselves, and a
new family needs only its module, its test and its catalogue entry."""

from __future__ import annotations

import re
from pathlib import Path

from lstmq.catalogue import BY_NAME, CATALOGUE, NAMES
from lstmq.families import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "generator"


def test_the_catalogue_agrees_with_every_family():
    assert NAMES == tuple(REGISTRY)  # the same families, in the same order
    for entry in CATALOGUE:
        family = REGISTRY[entry.name]
        module, _, cls = entry.where.partition(":")
        assert type(family).__module__ == f"lstmq.families.{module}" and type(family).__name__ == cls
        assert (family.name, family.difficulties, family.summary, family.kinds) == (
            entry.name, entry.difficulties, entry.summary, entry.kinds)
    assert len(BY_NAME) == len(CATALOGUE)  # no name twice


def _outside_the_families() -> list[Path]:
    files = [p for p in PACKAGE.rglob("*.py") if "families" not in p.relative_to(PACKAGE).parts]
    files = [p for p in files if p != PACKAGE / "catalogue.py"]
    return files + [p for p in (ROOT / "templates").rglob("*") if p.is_file() and p.suffix in (".j2", ".py")]


def test_a_new_family_needs_only_its_module_its_test_and_its_catalogue_entry():
    # Nothing else in the package names a family or imports a family module: the registry is
    # built from the catalogue, and writers read the catalogue.
    modules = {entry.where.partition(":")[0] for entry in CATALOGUE}
    name_literal = re.compile(r"[\"'`](" + "|".join(map(re.escape, NAMES)) + r")[\"'`]")
    module_ref = re.compile(r"families[./](" + "|".join(modules) + r")\b")
    found = []
    for path in _outside_the_families() + [PACKAGE / "families" / "__init__.py"]:
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in name_literal.finditer(text)]
        found += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in module_ref.finditer(text)]
    init = (PACKAGE / "families" / "__init__.py").read_text(encoding="utf-8")
    found += [f"families/__init__.py imports .{m}" for m in modules if re.search(rf"from \.{m} import", init)]
    assert found == []


def test_the_check_itself_sees_a_family_named_outside_the_families(tmp_path):
    # The scan above must be able to fail: a writer with a family's name in it is caught.
    name_literal = re.compile(r"[\"'`](" + "|".join(map(re.escape, NAMES)) + r")[\"'`]")
    assert name_literal.search('if q.family == "metrics":')
    assert not name_literal.search("the metrics of a run")
