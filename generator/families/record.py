"""Typed params stored as a plain dict: a frozen dataclass whose fields, in order, are the keys
a bank stores (key order is part of the bank's bytes)."""

from __future__ import annotations

from dataclasses import MISSING, fields, replace
from functools import cache


@cache  # dataclasses.fields builds its tuple on every call; params are stored item after item
def _stored_fields(cls: type) -> tuple[tuple[str, object, bool], ...]:
    """(name, default, optional) of each field of ``cls``, in declaration order."""
    return tuple((f.name, f.default, f.name in cls.OPTIONAL) for f in fields(cls))


class DictParams:
    """Mixin for a frozen dataclass of params: ``to_dict`` gives every field in declaration
    order, ``from_dict`` reads them back (a missing key is an error, not a default).

    A field named in ``OPTIONAL`` (a class attribute, not a field) is stored only when it differs
    from its default, and read back as the default when absent: a field added after banks were
    written leaves the older items' bytes as they were."""

    OPTIONAL: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        out = {}
        for name, default, optional in _stored_fields(type(self)):
            value = getattr(self, name)
            if not optional or value != default:
                out[name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict):
        return cls(**{name: data[name] for name, default, optional in _stored_fields(cls)
                      if name in data or not optional or default is MISSING})


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
