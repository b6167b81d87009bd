"""The exam written one version at a time (``jobs.exam.write_versions``) gives the very files
the all-at-once path gives: key.csv from per-version row texts and a running fingerprint, the
pages from one renderer with cached texts. ``benchmarks/big_exam.py`` measures the saving."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lstmq.jobs.exam import exam_files, write_versions
from lstmq.model import LABELS, Choice, Question, Solution
from lstmq.outputs.exam.html import ExamRenderer, render_key, render_student
from lstmq.outputs.exam.versions import (
    ExamInfo,
    RunningFingerprint,
    iter_versions,
    key_csv,
    key_csv_from_texts,
    key_row_texts,
    make_versions,
    versions_fingerprint,
)

# Texts a CSV or HTML writer must treat with care: quotes, commas, line breaks, formula starts,
# Markdown code spans, markup.
ODD = st.text(alphabet=st.sampled_from(list('ab ,"\n\r=+-@`<>&\'\t')), min_size=1, max_size=12)


def question(i: int, texts: list[str]) -> Question:
    right = i % len(LABELS)
    choices = tuple(Choice(label, f"{texts[k % len(texts)]} {i}{label}", k == right,
                           "" if k == right else texts[(k + 1) % len(texts)], "text")
                    for k, label in enumerate(LABELS))
    return Question(f"concepts-{i:08x}", "concepts", "easy", i, {}, f"{texts[0]} `x` {i}?", None, choices,
                    Solution((texts[-1],), "final", "check", "hint", ()))


@settings(max_examples=40, deadline=None)
@given(texts=st.lists(ODD, min_size=1, max_size=4), count=st.integers(1, 6), versions=st.integers(1, 8),
       seed=st.integers(0, 2**31))
def test_key_csv_made_version_by_version_is_the_same_text(texts, count, versions, seed):
    sets = [[question(i, texts) for i in range(count)]] * versions
    made = make_versions(sets, seed)
    assert list(iter_versions(sets, seed)) == made
    running = RunningFingerprint()
    rows = []
    for v in made:
        running.add(v)
        rows += key_row_texts(v)
    assert running.hexdigest() == versions_fingerprint(made)
    assert "".join(key_csv_from_texts(rows, running.hexdigest())) == key_csv(made)


def test_one_renderer_renders_what_a_fresh_one_does():
    sets = [[question(i, ["a `b` <c> & d", "=1+2", 'say "hi"\n']) for i in range(5)]] * 3
    info = ExamInfo("Title", "Course", "", "Be quick.")
    renderer = ExamRenderer()
    for v in make_versions(sets, 4):
        assert render_student(info, v, renderer) == render_student(info, v)
        assert render_key(info, v, renderer) == render_key(info, v)


def test_writing_versions_one_at_a_time_gives_the_same_files(tmp_path):
    sets = [[question(i, ["x `y`", "-z", "w,v"]) for i in range(9)]] * 4
    info = ExamInfo("T")
    header = {"schema_version": 1, "lstmq_version": "0", "seed": 1, "torch_version": "0", "options": {}}
    expected = exam_files(make_versions(sets, 2), info, header, sets[0], pdf=False)
    made = write_versions(tmp_path, iter_versions(sets, 2), info, header, sets[0], pdf=False)
    assert made.letters == ("A", "B", "C", "D") and made.questions == 9
    written = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    assert written == {name: (data if isinstance(data, str) else data.decode()) for name, data in expected.items()}
