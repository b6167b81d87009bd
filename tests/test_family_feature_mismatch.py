"""feature-mismatch: the key is torch's outcome of the forward call: its exception, or the shape of
``output`` when it runs.

The question's code is run here with plain ``exec``; the expected outcome is also worked out
here from the params alone (which layer reads what), so a misconception that gave the key on an
item would be caught without torch.
"""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claim_checks import build_or_none, common_checks, error_option, execute
from lstmq.families import REGISTRY
from question_contract import sampled_situations

FAMILY = REGISTRY["feature-mismatch"]
seeds = st.integers(min_value=0, max_value=2**32 - 1)
levels = st.sampled_from(FAMILY.difficulties)
SHAPE = re.compile(r"has shape `\(([\d, ]*)\)`")


def expected(p) -> tuple:
    """torch's outcome by the rules: rank first, then the checked layer's input size."""
    shape = p.x_shape
    if len(shape) not in (2, 3):
        return ("error", "ValueError", f"LSTM: Expected input to be 2D or 3D, got {len(shape)}D instead")
    if p.situation == "after-bidirectional":
        fed, want, width = 2 * p.hidden_size, p.second_input, p.second_hidden
    elif p.situation == "after-projection":
        fed, want, width = p.proj_size, p.second_input, p.second_hidden
    else:
        fed, want, width = shape[-1], p.input_size, p.hidden_size
    if fed != want:
        return ("error", "RuntimeError", f"input.size(-1) must be equal to input_size. Expected {want}, got {fed}")
    return ("ok", (*shape[:-1], width))


def claimed(text: str) -> tuple:
    m = re.match(r"It raises `(\w+)`: `(.*)`$", text)
    if m:
        return ("error", m.group(1), m.group(2))
    m = re.match(r"It raises an? `(\w+)`", text)
    if m:
        return ("error", m.group(1), None)
    shape = SHAPE.search(text)
    assert shape, text
    return ("ok", tuple(int(d) for d in shape.group(1).split(",") if d.strip()))


@settings(max_examples=40, deadline=None)
@given(seeds, levels)
def test_key_is_torchs_outcome_and_no_distractor_is(seed, level):
    p = FAMILY.sample(random.Random(seed), level)
    q = build_or_none(FAMILY, p, seed)
    if q is None:
        return
    common_checks(FAMILY, p, seed, q)
    ran = execute(q.code)
    truth = expected(p)
    if ran.error:
        assert truth == ("error", *ran.error)
        assert q.correct.text == error_option(*ran.error)
    else:
        assert truth == ("ok", tuple(ran.namespace["output"].shape))
        assert claimed(q.correct.text) == truth
    for c in q.choices:
        if not c.correct:
            assert claimed(c.text) != truth and c.misconception


@settings(max_examples=300, deadline=None)
@given(seeds, levels)
def test_every_offered_misconception_differs_from_the_truth(seed, level):
    """Without torch: on every drawn item, each named misconception (offered or held back)
    claims something other than the rules' outcome."""
    p = FAMILY.sample(random.Random(seed), level)
    assert FAMILY.difficulty_of(p) == level
    truth = expected(p)
    key, wrong = FAMILY.options(p, _outcome(p, truth))
    assert key.value[:2] == truth[:2]
    assert len(wrong) == 3
    for c in wrong:
        assert c.misconception and claimed(c.text) != truth and c.value != key.value


def _outcome(p, truth):
    from lstmq.model import Outcome

    if truth[0] == "error":
        return Outcome(error=(truth[1], truth[2]))
    return Outcome(values={"output": {"shape": list(truth[1])}})


def test_situations_levels_and_hints_vary():
    stems, found, drawn = sampled_situations(FAMILY, seed=2, draws=450)
    assert found == set(FAMILY.difficulties)
    assert len({p.situation for p in drawn}) >= 8
    hints = set()
    for p in drawn[:120]:
        truth = expected(p)
        key, wrong = FAMILY.options(p, _outcome(p, truth))
        expl = FAMILY.explain(p, _outcome(p, truth), key)
        hints.add(expl.hint)
        assert expl.hint.endswith("?") and key.text not in expl.hint
        assert expl.mistakes and not set(expl.mistakes) & {c.why for c in wrong}
    assert len(hints) >= 6
    # Axis comments only on easy items.
    assert all(not p.comments for p in drawn if FAMILY.difficulty_of(p) != "easy")
