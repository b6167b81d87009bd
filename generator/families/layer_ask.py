"""What a constructor or design item asks for (``LayerAsk``) and how their options write an
``nn.LSTM(...)`` call: the two sizes in one of three forms, the settings beyond them, and a
wrong call named after its misconception. The two families' situations live in
``constructor.py`` and ``design.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Candidate
from .record import DictParams

# --- params ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LayerAsk(DictParams):
    """What a constructor or design item asks for: the situation and the layer's numbers.
    ``other`` is the situation's extra size (a vocabulary, a linear layer's width, ...), 0 if none."""

    OPTIONAL = ("kind",)  # stored only when not "single": single items keep the params they had before kinds existed

    situation: str
    input_size: int
    hidden_size: int
    num_layers: int = 1
    batch_first: bool = False
    bidirectional: bool = False
    proj_size: int = 0
    seq_len: int = 0
    other: int = 0
    form: str = "positional"
    kind: str = "single"  # "multiple": select every call that builds the layer

    @property
    def extras(self) -> int:
        return (self.num_layers > 1) + self.batch_first + self.bidirectional + (self.proj_size > 0)

    @property
    def out_width(self) -> int:
        """Features per output step: the projection (or hidden) width, times the directions."""
        return (self.proj_size or self.hidden_size) * (2 if self.bidirectional else 1)


FORMS = ("positional", "keywords", "keywords-reversed")


def size_args(form: str, i, h) -> list[str]:
    if form == "positional":
        return [str(i), str(h)]
    if form == "keywords":
        return [f"input_size={i}", f"hidden_size={h}"]
    return [f"hidden_size={h}", f"input_size={i}"]


@dataclass(frozen=True)
class Setting:
    """One of the settings an item may ask for beyond the two sizes: how a call writes it, how a
    stem describes it and why the key sets it (templates over its value ``{v}``)."""

    name: str
    default: object
    arg: str
    described: str
    reason: str


SETTINGS = (
    Setting("num_layers", 1, "num_layers={v}", "stacks {v} layers",
            "`num_layers={v}` stacks the layers (it is not a width)"),
    Setting("batch_first", False, "batch_first=True", "takes input with the batch on the first axis",
            "`batch_first=True` puts the batch on the first axis"),
    Setting("bidirectional", False, "bidirectional=True", "runs in both directions",
            "`bidirectional=True` adds the backward direction (it is not a second layer)"),
    Setting("proj_size", 0, "proj_size={v}", "projects each output step to {v} features",
            "`proj_size={v}` shrinks each output step below the state width"),
)


def asked_settings(p: LayerAsk, **changed) -> list[tuple[Setting, object]]:
    """The settings that differ from torch's defaults, with their values (``changed`` overrides p's)."""
    values = [(s, changed.get(s.name, getattr(p, s.name))) for s in SETTINGS]
    return [(s, v) for s, v in values if v != s.default]


def extra_args(p: LayerAsk, layers=None, bf=None, bi=None, proj=None) -> list[str]:
    changed = {name: v for name, v in (("num_layers", layers), ("batch_first", bf), ("bidirectional", bi),
                                       ("proj_size", proj)) if v is not None}
    return [s.arg.format(v=v) for s, v in asked_settings(p, **changed)]


def lstm_call(args: list[str], head: str = "nn.LSTM") -> str:
    return f"{head}({', '.join(args)})"


def wrong_call(text: str, misconception: str, why: str, program: str, yields: str | None = None) -> Candidate:
    return Candidate(text, why, program=program, misconception=misconception, yields=yields)


Trap = tuple[str, str, str]  # (the call, its misconception, why it is wrong)
