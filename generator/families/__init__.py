"""The registry of question families, built from ``lstmq.catalogue`` in its order.

Each entry names the module and class of its family; a new family needs its module and one
catalogue entry, nothing here.
"""

from __future__ import annotations

from importlib import import_module

from ..catalogue import CATALOGUE
from .base import Family


def _load(where: str) -> Family:
    module, _, name = where.partition(":")
    return getattr(import_module(f"{__name__}.{module}"), name)()


REGISTRY: dict[str, Family] = {entry.name: _load(entry.where) for entry in CATALOGUE}

__all__ = ["REGISTRY", "Family"]
