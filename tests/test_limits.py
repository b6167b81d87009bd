"""The limits lstmq promises, each enforced with a clear error or held by every draw.

- ``--count`` is at most 20000 (generate, exam); ``--versions`` at most 26; exam texts have
  a length limit; a bank file larger than ``bank.MAX_BANK_BYTES`` is refused before reading.
- The sizes a question may draw are small enough that running its code never holds more than
  ``MAX_ELEMENTS`` numbers in tensors and parameters (8 MB as float32). The sweep below
  computes a bound from the params of thousands of draws per family; a torch cross-check
  runs the largest draws of each family under a dispatch mode that records every tensor
  created and freed, and checks that the bound holds and the real peak stays under 8 MB.
"""

from __future__ import annotations

import math
import random
import weakref

import pytest
from click.testing import CliRunner

from lstmq.bank import file as bank_module
from lstmq.engine.assemble import make_question
from lstmq.engine.plan import plan
from lstmq.limits import MAX_COUNT
from lstmq.cli import cli
from lstmq.errors import BankError, GenerationError, RequestError
from lstmq.limits import MAX_VERSIONS
from lstmq.families import REGISTRY

MAX_ELEMENTS = 2_000_000  # numbers held in tensors and parameters by any question's code
MAX_PEAK_BYTES = 8 * 2**20  # measured: the most a run holds at once, autograd's saved tensors included
DRAWS_PER_FAMILY = 1500
CROSS_CHECKED = 2  # largest draws per family run in torch, and as many drawn at random
# Integer params that are not sizes: counts shown in a confusion matrix, an index, a dropout.
# "other": a second number of the call families' situations; OPTION_LAYERS below bounds what it builds.
# "proj" (invalid-value) is a projection width below the larger of the call's two sizes, counted by them.
NOT_SIZES = {"tn", "fp", "fn", "tp", "which", "dropout", "step", "padding_value",
             "window", "split", "names", "seed", "epochs", "patience", "other",  # a window is a slice of seq_len
             "framing", "bad_dropout", "proj"}
SIZES = {"input_size", "hidden_size", "proj_size", "num_layers", "seq_len", "batch", "features", "classes",
         "total_length", "vocab", "sequences", "train_size", "val_size", "second_input", "second_hidden"}
LAYER_WORDS = {"default": 1, "one": 1, "two": 2, "three": 3}


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


# --- limits with errors --------------------------------------------------------------------------

@pytest.mark.parametrize("command", [["generate"], ["exam", "--no-pdf"]])
def test_count_above_the_limit_is_refused_in_one_line(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(*command, "--count", MAX_COUNT + 1)
    assert result.exit_code == 2
    assert f"1<=x<={MAX_COUNT}" in result.stderr and "--count" in result.stderr
    assert not any(tmp_path.iterdir())
    with pytest.raises(RequestError, match=f"at most {MAX_COUNT}"):
        plan(MAX_COUNT + 1, [], [])


def test_versions_and_exam_texts_have_limits(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("exam", "--versions", MAX_VERSIONS + 1)
    assert result.exit_code == 2 and f"1<=x<={MAX_VERSIONS}" in result.stderr
    result = run("exam", "--title", "x" * 201)
    assert result.exit_code == 2 and "the limit is 200" in result.stderr
    result = run("exam", "--instructions", "x" * 2001)
    assert result.exit_code == 2 and "the limit is 2000" in result.stderr
    assert not any(tmp_path.iterdir())


def test_a_bank_file_above_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.json"
    big.write_text("{" + " " * 5000 + "}", encoding="utf-8")
    monkeypatch.setattr(bank_module, "MAX_BANK_BYTES", 4096)
    with pytest.raises(BankError, match="larger than the 4096 bytes"):
        bank_module.load_bank(big)


# --- sizes a question may draw -------------------------------------------------------------------

def _positive(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def footprint(p: dict) -> int:
    """An upper bound of the numbers a draw's code holds in tensors at once: the layer's
    parameters, input, output and states, the activations autograd keeps for every step of
    every layer, a classifier head, a confusion matrix and its scalars."""
    shape = [_positive(d) for d in p.get("x_shape") or []]
    i = max(_positive(p.get("input_size")), _positive(p.get("features")), shape[-1] if shape else 0,
            _positive(p.get("second_input")))  # a second, chained layer (feature-mismatch)
    h = max(_positive(p.get("hidden_size")), _positive(p.get("second_hidden"))) or i  # a call naming one size never builds a layer; bound it anyway
    r = _positive(p.get("proj_size")) or h
    layers = p.get("num_layers", p.get("layers", 1))
    layers = max(1, LAYER_WORDS.get(layers, layers) if isinstance(layers, str) else _positive(layers))
    d = 2 if p.get("bidirectional") else 1
    # sequences held at once: a batch, a dataset cut into batches, or a training and a validation set
    batch = max(_positive(p.get("batch")), _positive(p.get("sequences")),
                _positive(p.get("train_size")) + _positive(p.get("val_size")), 1)
    steps = max(_positive(p.get("seq_len")) * batch, math.prod(shape[:-1]) if shape else 0, 1)
    weights = layers * d * (4 * h * max(i, d * r) + 4 * h * r + 8 * h + h * r)
    activations = layers * d * steps * 12 * h
    io = steps * i + steps * d * r + 2 * layers * d * batch * h
    states = sum(math.prod(p[k]) for k in ("h0_shape", "c0_shape") if p.get(k))
    classes = _positive(p.get("classes"))
    head = classes * (d * h + 1) + 3 * batch * classes
    table = _positive(p.get("vocab")) * i  # an embedding's rows of input_size
    matrix = len(p["cm"]) ** 2 if p.get("cm") else (4 if "tp" in p else 0)
    scalars = 64  # results and small temporaries: a metric, a rounded value
    # A forward pass holds about 28 KB per layer and direction whatever their sizes (measured with
    # PeakMemory on one-unit layers); code with tiny stacked or tiny layers is mostly this.
    # A state carried from call to call keeps every call's graph alive (stateful's windows).
    calls = max(1, _positive(p.get("seq_len")) // _positive(p.get("window"))) if _positive(p.get("window")) else 1
    workspace = 8192 * layers * d * calls
    # Training keeps gradients and an optimizer's two moments beside the weights.
    optimizer = 3 * weights if _positive(p.get("epochs")) else 0
    return weights + activations + io + states + head + table + matrix + scalars + workspace + optimizer


# Layers a family's option programs build beyond its params' own layer (its wrong answers).
OPTION_LAYERS = {
    # nn.LSTM(F, K, T) reads T as num_layers; input_size=T*F flattens the sequence.
    "design": lambda p: [{**p, "num_layers": p["seq_len"]} if p["seq_len"] <= 16 or not p["bidirectional"] else p,
                         {**p, "input_size": p["seq_len"] * p["input_size"]},
                         {**p, "input_size": p["other"], "vocab": p["other"]}, {**p, "hidden_size": 2 * p["hidden_size"]}],
    # the widest traps: one state per layer folded into one, four gates' worth, two directions as layers
    "constructor": lambda p: [{**p, "hidden_size": p["hidden_size"] * p["num_layers"], "num_layers": 1},
                              {**p, "hidden_size": 4 * p["hidden_size"]} if p["hidden_size"] <= 32 else p,
                              {**p, "num_layers": max(2 * p["num_layers"], 16 if p["hidden_size"] <= 16 else 1)}],
    # nn.LSTM(i, h, n) stacks n layers; a partial's second width is n + 64
    "missing-argument": lambda p: [{**p, "num_layers": p["other"]}, {**p, "hidden_size": p["other"] + 64}],
    "wrong-keyword": lambda p: [{**p, "num_layers": p["other"] + 1, "seq_len": 5, "batch": 3}],
    # concepts' params name an item, not sizes; its programs build small fixed layers, all within
    # this envelope (inputs of at most 10 features, 16 hidden, 3 layers, 30 steps of 8).
    "concepts": lambda p: [{"input_size": 10, "hidden_size": 16, "num_layers": 3, "bidirectional": True,
                            "seq_len": 30, "batch": 8}],
}


def family_footprint(name: str, p: dict) -> int:
    return max(footprint(q) for q in [p, *OPTION_LAYERS.get(name, lambda _p: [])(p)])


def unknown_size_keys(p: dict) -> set[str]:
    """Integer params the footprint does not account for: a new size must be added above."""
    return {k for k, v in p.items() if isinstance(v, int) and not isinstance(v, bool)
            and k not in SIZES | NOT_SIZES}


def sweep(name: str) -> list[tuple[int, int, dict]]:
    """(footprint, seed, params) of many draws of a family, every difficulty, largest first."""
    family = REGISTRY[name]
    draws = []
    for seed in range(DRAWS_PER_FAMILY):
        rng = random.Random(seed)
        p = family.encode(family.sample(rng, family.difficulties[seed % len(family.difficulties)]))
        assert not unknown_size_keys(p), (name, unknown_size_keys(p))
        draws.append((family_footprint(name, p), seed, p))
    return sorted(draws, key=lambda d: -d[0])


@pytest.mark.parametrize("name", list(REGISTRY))
def test_no_draw_needs_more_than_two_million_numbers(name):
    largest, _, params = sweep(name)[0]
    assert largest <= MAX_ELEMENTS, (largest, params)


class PeakMemory:
    """A torch dispatch mode that adds up the storage of every tensor created, minus the ones
    freed since, and keeps the highest total (views share a storage: counted once)."""

    def __new__(cls):
        from torch.utils._python_dispatch import TorchDispatchMode

        class Mode(TorchDispatchMode):
            def __init__(self):
                super().__init__()
                self.live: dict[int, list[int]] = {}  # storage address -> [bytes, tensors using it]
                self.total = self.peak = 0

            def _free(self, address: int) -> None:
                entry = self.live[address]
                entry[1] -= 1
                if entry[1] == 0:
                    self.total -= entry[0]
                    del self.live[address]

            def __torch_dispatch__(self, func, types, args=(), kwargs=None):
                import torch
                from torch.utils._pytree import tree_flatten

                out = func(*args, **(kwargs or {}))
                inputs = {id(a) for a in tree_flatten((args, kwargs))[0] if isinstance(a, torch.Tensor)}
                for t in tree_flatten(out)[0]:
                    if not isinstance(t, torch.Tensor) or id(t) in inputs:
                        continue  # an in-place op hands back its input
                    storage = t.untyped_storage()
                    address = storage.data_ptr()
                    if address == 0:
                        continue
                    if address in self.live:
                        self.live[address][1] += 1
                    else:
                        self.live[address] = [storage.nbytes(), 1]
                        self.total += storage.nbytes()
                        self.peak = max(self.peak, self.total)
                    weakref.finalize(t, self._free, address)
                return out

        return Mode()


@pytest.mark.slow
@pytest.mark.parametrize("name", list(REGISTRY))
def test_the_largest_draws_stay_within_their_bound_in_torch(name):
    from lstmq.engine.runner import run as torch_run

    family = REGISTRY[name]
    peaks: list[int] = []

    def measured(code, seed, probes=()):
        mode = PeakMemory()
        with mode:
            outcome = torch_run(code, seed, probes)
        peaks.append(mode.peak)
        return outcome

    draws = sweep(name)
    for bound, seed, params in draws[:CROSS_CHECKED] + random.Random(name).sample(draws, CROSS_CHECKED):
        peaks.clear()
        try:
            make_question(family, family.decode(params), seed, measured)
        except GenerationError:
            pass  # too few distractors for this draw: what ran still counts
        worst = max(peaks, default=0)
        assert worst <= 8 * bound, (worst, bound, params)  # 8 bytes a number covers float64 draws
        assert worst <= MAX_PEAK_BYTES, (worst, params)
