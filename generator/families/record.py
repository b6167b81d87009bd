"""Typed params stored as a plain dict: a frozen dataclass whose fields, in order, are the keys
a bank stores (key order is part of the bank's bytes)."""

from __future__ import annotations

from dataclasses import MISSING, fields, replace


class DictParams:
    """Mixin for a frozen dataclass of params: ``to_dict`` gives every field in declaration
    order, ``from_dict`` reads them back (a missing key is an error, not a default).

    A field named in ``OPTIONAL`` (a class attribute, not a field) is stored only when it differs
    from its default, and read back as the default when absent: a field added after banks were
    written leaves the older items' bytes as they were."""

    OPTIONAL: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name not in self.OPTIONAL or getattr(self, f.name) != f.default}

    @classmethod
    def from_dict(cls, data: dict):
        return cls(**{f.name: data[f.name] for f in fields(cls)
                      if f.name in data or f.name not in cls.OPTIONAL or f.default is MISSING})


class NumericForm:
    """Mixin for a family (before ``Family`` in its bases) whose params carry ``form``, the question
    kind, and whose sub-kinds in ``numeric_kinds`` have a number for an answer: a numeric item is
    the first such draw, marked ``form="numeric"``."""

    numeric_kinds: tuple[str, ...] = ()

    def sample_kind(self, rng, difficulty, kind):
        if kind != "numeric":
            return super().sample_kind(rng, difficulty, kind)
        while True:
            p = self.sample(rng, difficulty)
            if p.kind in self.numeric_kinds:
                return replace(p, form="numeric")

    def kind_of(self, p):
        return p.form
