"""Typed params stored as a plain dict: a frozen dataclass whose fields, in order, are the keys
a bank stores (key order is part of the bank's bytes)."""

from __future__ import annotations

from dataclasses import fields


class DictParams:
    """Mixin for a frozen dataclass of params: ``to_dict`` gives every field in declaration
    order, ``from_dict`` reads them back (a missing key is an error, not a default)."""

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict):
        return cls(**{f.name: data[f.name] for f in fields(cls)})
