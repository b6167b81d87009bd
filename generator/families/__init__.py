"""The registry of question families, in the order they are listed and planned."""

from __future__ import annotations

from .base import Family
from .calls import MissingArgument, WrongKeyword
from .concepts import Concepts
from .constructor import Constructor, Design
from .output_shape import OutputShape

REGISTRY: dict[str, Family] = {
    f.name: f
    for f in (
        Concepts(),
        Constructor(),
        OutputShape(),
        MissingArgument(),
        WrongKeyword(),
        Design(),
    )
}

__all__ = ["REGISTRY", "Family"]
