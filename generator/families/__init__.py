"""The registry of question families, in the order they are listed and planned."""

from __future__ import annotations

from .base import Family
from .calls import MissingArgument, WrongKeyword
from .cell import Cell
from .concepts import Concepts
from .constructor import Constructor, Design
from .feature_mismatch import FeatureMismatch
from .gates import Gates
from .initial_state import InitialState
from .invalid_value import InvalidValue
from .metrics import Metrics
from .output_shape import OutputShape
from .output_states import OutputAndStates
from .packing import Packing
from .parameters import Parameters
from .pipeline import Pipeline
from .warnings_dtypes import WarningsAndDtypes

REGISTRY: dict[str, Family] = {
    f.name: f
    for f in (
        Concepts(),
        Constructor(),
        OutputShape(),
        MissingArgument(),
        WrongKeyword(),
        Design(),
        InvalidValue(),
        FeatureMismatch(),
        InitialState(),
        WarningsAndDtypes(),
        Parameters(),
        Pipeline(),
        Metrics(),
        Packing(),
        Gates(),
        OutputAndStates(),
        Cell(),
    )
}

__all__ = ["REGISTRY", "Family"]
