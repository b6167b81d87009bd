"""missing-argument and wrong-keyword: the key is checked against a run of the item's code made
here, where the failing statement is found from the traceback (not from the names left behind,
as the family does), and every wrong option is a named misconception that misses the truth."""

from __future__ import annotations

import random
import re
import sys
import traceback
import warnings
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from lstmq.families import REGISTRY
from lstmq.families.calls import KEYWORD_SITUATIONS, MISSING_SITUATIONS
from lstmq.families.calls.scenes import CallAsk
from question_contract import assert_question_contract, drawn_or_none as built, sampled_situations, select_all_or_none

FAMILIES = {"missing-argument": MISSING_SITUATIONS, "wrong-keyword": KEYWORD_SITUATIONS}
seeds = st.integers(min_value=0, max_value=2**32 - 1)
KIND = re.compile(r"\b([A-Z]\w*(?:Error|Exception|Warning))\b")


def run_here(code: str):
    """(exception type, message, the top-level line that raised) or (None, namespace, None)."""
    namespace: dict = {}
    try:
        exec(compile(code, "<item>", "exec"), namespace)
    except SyntaxError as exc:
        return "SyntaxError", exc.msg, None
    except Exception as exc:
        frames = [f for f in traceback.extract_tb(sys.exc_info()[2]) if f.filename == "<item>"]
        line = code.splitlines()[frames[0].lineno - 1].strip()  # the outermost frame: the statement run
        return type(exc).__name__, str(exc), line
    return None, namespace, None


def assert_key_matches_the_run(q) -> str:
    exc, detail, line = run_here(q.code)
    key = q.correct.text.replace("`", "")
    if exc is None:
        lstm = detail["lstm"]
        assert key.startswith(f"It runs: lstm reads {lstm.input_size} features per step into a state of "
                              f"{lstm.hidden_size}")
        assert (f"{lstm.num_layers} layers" in key) == (lstm.num_layers != 1)
        return "none"
    assert f"{exc}: {detail}" in key, (key, exc, detail)
    if line is not None:
        assert f"{line} raises" in key, (key, line)
    return exc


def assert_traps_are_named_and_wrong(q) -> None:
    for c in q.choices:
        if not c.correct:
            assert c.misconception and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", c.misconception)
            assert c.yields != q.correct.text


@settings(max_examples=30, deadline=None)
@given(seeds, st.sampled_from(sorted(FAMILIES)))
def test_the_key_is_what_the_code_does_and_every_trap_misses_it(seed, name):
    family = REGISTRY[name]
    _, q = built(family, seed)
    if q is None:
        return
    assert_question_contract(q, family, q.params, seed)
    assert_key_matches_the_run(q)
    assert_traps_are_named_and_wrong(q)
    # the explanation is the family's own, not the options' whys, and the key's why is a rule
    assert not set(q.solution.mistakes) & {c.why for c in q.choices}
    assert "torch raises" not in q.correct.why


def test_keys_vary_in_kind_and_distractors_share_the_keys_kind():
    for name in FAMILIES:
        family = REGISTRY[name]
        kinds, shared = Counter(), 0
        for seed in range(90):
            _, q = built(family, seed)
            if q is None:
                continue
            kind = assert_key_matches_the_run(q)
            kinds[kind] += 1
            of_kind = [c for c in q.choices if (KIND.search(c.text.replace("`", "")) or [None, "none"])[1] == kind]
            shared += len(of_kind) > 1
        assert {"none", "TypeError", "SyntaxError"} <= set(kinds), (name, kinds)
        assert kinds["TypeError"] < 0.7 * sum(kinds.values()), (name, kinds)
        assert shared > 0.6 * sum(kinds.values()), (name, shared)


def test_situations_levels_and_the_look_alike_keywords():
    for name, situations in FAMILIES.items():
        stems, levels, drawn = sampled_situations(REGISTRY[name], seed=4)
        assert len(levels) == 3 and {p.situation for p in drawn} == set(situations)
        templates = {re.sub(r"\d+", "#", REGISTRY[name].snippet(p)) for p in drawn}
        assert len(templates) >= 8
    codes = " ".join(REGISTRY["wrong-keyword"].snippet(p)
                     for p in sampled_situations(REGISTRY["wrong-keyword"], seed=5)[2])
    for look_alike in ("hidden_sizes=", "num_layer=", "batchfirst=", "bidirection="):
        assert look_alike in codes


def test_params_round_trip_through_the_bank_form():
    rng = random.Random(2)
    for name in FAMILIES:
        family = REGISTRY[name]
        for level in family.difficulties:
            p = family.sample(rng, level)
            assert family.decode(family.encode(p)) == p and family.difficulty_of(p) == level


def fails_here(setup: str, line: str) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dropout on one layer only warns: that line runs
        try:
            exec(compile(f"{setup}lstm = {line}\n", "<item>", "exec"), {})
        except Exception:
            return True
    return False


@settings(max_examples=20, deadline=None)
@given(seeds, st.sampled_from(sorted(FAMILIES)), st.sampled_from(["medium", "hard"]))
def test_select_all_marks_exactly_the_lines_that_fail(seed, name, level):
    family = REGISTRY[name]
    p = family.sample_kind(random.Random(seed), level, "multiple")
    assert family.kind_of(p) == "multiple" and family.difficulty_of(p) == level
    assert family.decode(family.encode(p)) == p
    q = select_all_or_none(family, p, seed)
    if q is None:
        return
    for c in q.choices:
        assert fails_here(q.code, c.text) == c.correct, c.text
        assert (c.misconception is None) == c.correct


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(2, 8), min_size=2, max_size=2, unique=True), st.integers(2, 6))
def test_each_situation_drops_only_traps_it_writes(sizes, other):
    """A situation's ``dropped`` table names, per variant, misconceptions its draft really writes
    (a misspelt id would silently keep a trap that gives the key), and the scene leaves them out."""
    i, h = sizes
    for name, situations in FAMILIES.items():
        for situation in situations.values():
            assert set(situation.dropped) <= set(situation.variants), (name, situation.name)
            for variant in situation.variants:
                p = CallAsk(situation.name, variant, i, h, other)
                dropped = situation.dropped.get(variant, ())
                drafted = [mid for _, mid, _ in situation.draft(p).traps]
                assert set(dropped) <= set(drafted), (name, situation.name, variant)
                assert [mid for _, mid, _ in situation.scene(p).traps] == [m for m in drafted if m not in dropped]
