"""Frozen params records for families that read their params by attribute.

A record's ``to_dict`` is the JSON object a bank stores: its fields in declaration order, lists for
tuples, and the fields named in ``OPTIONAL`` left out while they are None (so a record gives exactly
the dict its family drew before it was typed). ``from_dict`` reads that object back.
"""

from __future__ import annotations

from dataclasses import fields
from functools import cache
from typing import Any, ClassVar


def _plain(value: Any) -> Any:
    return [_plain(v) for v in value] if isinstance(value, tuple) else value


def _frozen(value: Any) -> Any:
    return tuple(_frozen(v) for v in value) if isinstance(value, list) else value


@cache  # dataclasses.fields builds its tuple on every call; params are stored item after item
def _names(cls: type) -> tuple[tuple[str, bool], ...]:
    """(name, optional) of each field of ``cls``, in declaration order."""
    return tuple((f.name, f.name in cls.OPTIONAL) for f in fields(cls))


class Record:
    """Mixin for a ``@dataclass(frozen=True)`` params record."""

    OPTIONAL: ClassVar[tuple[str, ...]] = ()

    def to_dict(self) -> dict:
        out = {}
        for name, optional in _names(type(self)):
            value = getattr(self, name)
            if not (optional and value is None):
                out[name] = _plain(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_dict(cls, data: dict):
        return cls(**{k: _frozen(v) for k, v in data.items()})
