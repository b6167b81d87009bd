"""The runner's speed settings never change an answer.

``run(fast=True)`` uses one intra-op thread; ``fast=False`` keeps torch's defaults; the third
way turns oneDNN off as well. Every family's questions must come out as the same records all
three ways (which also pins the dropped once-per-process oneDNN notice).
"""

from __future__ import annotations

import json
from functools import partial

import pytest
import torch

from lstmq.engine import runner
from lstmq.engine.assemble import draw_question
from lstmq.families import REGISTRY

SEEDS_PER_LEVEL = 4


def run_without_onednn(code, seed, probes=(), fast=True):
    # Not mkldnn.flags(): it also resets TF32 and warns on every call.
    before = torch.backends.mkldnn.enabled
    torch.backends.mkldnn.enabled = False
    try:
        return runner.run(code, seed, probes, fast=False)
    finally:
        torch.backends.mkldnn.enabled = before


RUNS = {
    "fast": partial(runner.run, fast=True),
    "torch defaults": partial(runner.run, fast=False),
    "oneDNN off": run_without_onednn,
}


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_answer_is_the_same_with_and_without_the_speed_settings(name):
    family = REGISTRY[name]
    for level in family.difficulties:
        for seed in range(SEEDS_PER_LEVEL):
            got = {how: json.dumps(draw_question(family, level, 1000 + seed, run).to_dict(), sort_keys=True)
                   for how, run in RUNS.items()}
            assert got["fast"] == got["torch defaults"] == got["oneDNN off"], (name, level, seed)


def test_projection_layers_give_the_same_evidence_in_any_order():
    # oneDNN has no LSTM with projections; torch says so once per process. Whether a question
    # showed that notice would depend on what ran before it, so the runner drops it.
    code = "import torch\nfrom torch import nn\nlstm = nn.LSTM(6, 5, proj_size=3)\nout, _ = lstm(torch.randn(4, 2, 6))\n"
    first = runner.run(code, 1, ("out",), fast=False)
    again = runner.run(code, 1, ("out",), fast=False)
    assert first == again
    assert not any("oneDNN" in message for _, message in first.warnings)
    assert first.values["out"]["shape"] == [4, 2, 3]


def test_a_python_warning_is_still_evidence():
    code = "from torch import nn\nlstm = nn.LSTM(4, 3, num_layers=1, dropout=0.5)\n"
    out = runner.run(code, 0, ())
    assert any(kind == "UserWarning" and "dropout" in message for kind, message in out.warnings)


def test_run_restores_the_thread_count_and_the_rng():
    threads = torch.get_num_threads()
    torch.manual_seed(3)
    expected = torch.rand(2)
    torch.manual_seed(3)
    out = runner.run("import torch\nx = torch.randn(3)\n", 42, ("x",))
    assert torch.get_num_threads() == threads
    assert torch.equal(torch.rand(2), expected)
    assert out.values["x"]["shape"] == [3]


def test_the_seed_still_fixes_random_tensors():
    code = "import torch\nx = torch.randn(1)\n"
    a, b = runner.run(code, 7, ("x",)), runner.run(code, 7, ("x",))
    c = runner.run(code, 8, ("x",))
    assert a.values["x"]["value"] == b.values["x"]["value"] != c.values["x"]["value"]
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(7)
        assert torch.randn(1).item() == a.values["x"]["value"]


@pytest.mark.parametrize("kwargs", [
    {},
    {"num_layers": 3, "bidirectional": True},
    {"num_layers": 2, "proj_size": 2, "bias": False},
    {"bidirectional": True, "proj_size": 1},
])
def test_parameter_facts_read_fast_equal_torch_named_parameters(kwargs):
    layer = torch.nn.LSTM(5, 4, **kwargs)
    assert [(n, p.shape) for n, p in runner.named_parameters(layer)] == \
        [(n, p.shape) for n, p in layer.named_parameters()]
    layer.extra = torch.nn.Parameter(torch.zeros(2))
    del layer.weight_hh_l0  # described as torch lists it, even after user edits
    assert [n for n, _ in runner.named_parameters(layer)] == [n for n, _ in layer.named_parameters()]
    stacked = torch.nn.Sequential(torch.nn.LSTM(3, 2), torch.nn.Linear(2, 1))
    assert [n for n, _ in runner.named_parameters(stacked)] == [n for n, _ in stacked.named_parameters()]
