"""Rendering a set to Markdown, and the sets in a docs folder (no MkDocs, no torch)."""

from __future__ import annotations

import json
import re

import markdown
import pytest
import yaml
from click.testing import CliRunner

from lstmq.cli import cli
from lstmq.errors import LstmqError, RequestError
from lstmq.model import Choice, Question, Solution
from lstmq.outputs.site.pages import (QUESTIONS_PER_PAGE, SELF_TEST_SIZE, SETS_INDEX_MARK, md_text, pick_self_test,
                          place, render_set)
from lstmq.outputs.site.sets import check_set_name, find_sets, write_set
from sitekit import ROOT

HOSTILE = "<script>alert(1)</script> ]]> {=~#} | *x* & &lt; [link](x) `code <b>`"
HEADER = {"schema_version": 1, "lstmq_version": "0.1.0", "torch_version": "2.13.0+cpu",
          "python_version": "3.11.7", "seed": 3, "options": {}}


def fake(n: int, family: str = "output-shape", difficulty: str = "medium", stem: str = "What is the shape?",
         why: str = "A named misconception.", key: str = "B") -> Question:
    """A question record as a bank holds it; rendering never runs torch."""
    choices = tuple(Choice(label, f"({n}, {i})", label == key, why if label != key else "Torch says so.")
                    for i, label in enumerate("ABCD"))
    return Question(id=f"{family}-{n:08x}", family=family, difficulty=difficulty, seed=n, params={"n": n},
                    stem=stem, code=f"x = {n}\n", choices=choices,
                    solution=Solution(("First step.", "Second step."), f"({n}, 1) → Option {key}", "check", "hint",
                                      tuple(c.why for c in choices if not c.correct)))


def markdown_to_html(text: str) -> str:
    """Markdown as the site's configuration renders it (the extensions mkdocs.yml inherits)."""
    config = yaml.safe_load((ROOT / "templates/site/scaffold/mkdocs.yml").read_text(encoding="utf-8"))  # mkdocs.yml INHERITs it
    names, configs = [], {}
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict):
            (name, options), = ext.items()
            names.append(name)
            configs[name] = options
        else:
            names.append(ext)
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    return markdown.markdown(body, extensions=names, extension_configs=configs)


def test_pages_group_questions_by_family_in_even_parts():
    questions = [fake(i, "output-shape") for i in range(QUESTIONS_PER_PAGE + 1)]
    questions += [fake(100 + i, "concepts", "easy") for i in range(3)]
    pages = place(questions)
    # Registry order (concepts before output-shape), numbers in reading order, even parts.
    assert [p[0].question.family for p in pages] == ["concepts", "output-shape", "output-shape"]
    assert [len(p) for p in pages] == [3, 13, 13]
    numbers = [e.number for p in pages for e in p]
    assert numbers == list(range(1, len(questions) + 1))
    assert {e.page for e in pages[1]} == {"families/output-shape-1.md"}


def test_self_test_goes_from_easy_to_hard_across_families():
    questions = ([fake(i, "concepts", "easy") for i in range(6)] + [fake(10 + i, "design") for i in range(6)]
                 + [fake(20 + i, "output-shape", "hard") for i in range(6)])
    entries = [e for page in place(questions) for e in page]
    chosen = pick_self_test(entries)
    levels = [e.question.difficulty for e in chosen]
    assert len(chosen) == SELF_TEST_SIZE
    assert levels == sorted(levels, key=["easy", "medium", "hard"].index)
    assert set(levels) == {"easy", "medium", "hard"}
    assert len(pick_self_test(entries[:4])) == 4  # a small set is taken whole


def test_self_test_spreads_its_keys_over_the_letters():
    # Every family's first questions have the key D: taking each family's first question in
    # turn gave a test whose keys were mostly D.
    families = ["concepts", "design", "output-shape", "constructor", "metrics"]
    questions = [fake(10 * f + i, name, ["easy", "medium", "hard"][f % 3], key="DDABC"[i])
                 for f, name in enumerate(families) for i in range(5)]
    entries = [e for page in place(questions) for e in page]
    chosen = pick_self_test(entries)
    keys = [e.question.correct.label for e in chosen]
    assert len(chosen) == SELF_TEST_SIZE
    assert max(keys.count(k) for k in "ABCD") <= 3, keys
    assert {e.question.family for e in chosen} == set(families)  # still every family
    levels = [sum(e.question.difficulty == d for e in chosen) for d in ("easy", "medium", "hard")]
    assert max(levels) - min(levels) <= 1  # and levels in turn


def test_rendering_is_deterministic_and_describes_the_set():
    questions = [fake(i, f, d) for i, (f, d) in enumerate([("concepts", "easy"), ("design", "medium")] * 3)]
    first, second = render_set("week-1", HEADER, questions), render_set("week-1", HEADER, questions)
    assert first == second
    meta = json.loads(first["set.json"])
    assert meta["name"] == "week-1" and meta["count"] == 6 and meta["torch_version"] == "2.13.0+cpu"
    assert meta["difficulties"] == {"easy": 3, "medium": 3} and meta["families"] == {"concepts": 3, "design": 3}
    assert set(first) == {"index.md", "self-test.md", "by-difficulty.md", "set.json", "quiz-pool.js",
                          "families/concepts.md", "families/design.md"}
    front = yaml.safe_load(first["families/design.md"].split("---\n")[1])
    assert front == {"tags": ["design", "medium"]}


def test_odd_text_appears_literally_and_harmlessly():
    q = fake(1, stem=HOSTILE, why=HOSTILE)
    html = markdown_to_html(render_set("odd", HEADER, [q])["families/output-shape.md"])
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; {=~#} | *x* &amp; &amp;lt; [link](x)" in html
    assert "<code>code &lt;b&gt;</code>" in html
    assert html.count("<details") == 3 and not re.search(r"<details[^>]*\bopen", html)


def _pool(text: str) -> list[dict]:
    head, rest = text.rstrip().rsplit("\n", 1)
    assert rest.startswith("window.lstmqPools[") and rest.endswith(";")
    return json.loads(rest.split(" = ", 1)[1][:-1])


def test_the_quiz_pool_holds_every_question_as_its_card_and_odd_text_harmlessly():
    questions = [fake(1, "concepts", "easy", key="A"), fake(2, stem=HOSTILE, why=HOSTILE, key="C"), fake(3, "design")]
    files = render_set("odd", HEADER, questions)
    pool = _pool(files["quiz-pool.js"])
    order = [e.question.id for page in place(questions) for e in page]
    assert [q["id"] for q in pool] == order  # the set's order
    by_id = {q.id: q for q in questions}
    for number, item in enumerate(pool, 1):
        q = by_id[item["id"]]
        assert (item["family"], item["difficulty"]) == (q.family, q.difficulty)
        card = item["html"]
        assert card.startswith(f'<div class="lstmq-question" data-answer="{q.correct.label}" data-id="{q.id}">')
        assert card.count('type="radio"') == 4 and f'name="lstmq-q{number}"' in card
        assert '<div class="lstmq-feedback" role="status"></div>' in card
        page = next(e.page for p in place(questions) for e in p if e.question.id == q.id)
        assert f'href="{page[:-3]}.html#q-{number}"' in card  # "in its set", as the built site links
    hostile = next(item["html"] for item in pool if item["id"] == questions[1].id)
    assert "<script>" not in hostile and "<b>" not in hostile
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile
    assert "<script" not in files["quiz-pool.js"].lower()


@pytest.mark.parametrize("text", ["1. not a list", "- not a list", "+ not a list", "# not a heading",
                                  "===", "a_b_c", "[x]: y", "trailing \\", "<!-- comment -->"])
def test_prose_never_becomes_markup(text):
    html = markdown_to_html(md_text(text))
    assert html.startswith("<p>") and html.count("<p>") == 1
    for tag in ("<ol", "<ul", "<h1", "<em", "<a ", "<!--"):
        assert tag not in html


@pytest.mark.parametrize("name", ["", "Week1", "../x", "a/b", ".hidden", "-dash", "x" * 65, "sp ace"])
def test_bad_set_names_are_refused(name):
    with pytest.raises(RequestError):
        check_set_name(name)


def test_sets_live_side_by_side_and_replace_only_themselves(tmp_path):
    docs = tmp_path / "docs"
    (docs / "notes").mkdir(parents=True)
    (docs / "notes" / "mine.md").write_text("# Mine\n", encoding="utf-8")
    write_set(docs, "week-1", HEADER, [fake(1), fake(2, "concepts", "easy")])
    write_set(docs, "week-2", {**HEADER, "seed": 9}, [fake(3)])
    assert [s["name"] for s in find_sets(docs)] == ["week-1", "week-2"]
    index = (docs / "questions" / "index.md").read_text(encoding="utf-8")
    assert index.split("\n")[1].startswith(SETS_INDEX_MARK)
    assert "(week-1/index.md)" in index and "(week-2/self-test.md)" in index

    # A new draw of week-1 replaces week-1 only.
    write_set(docs, "week-1", HEADER, [fake(5)])
    assert not (docs / "questions" / "week-1" / "families" / "concepts.md").exists()
    assert (docs / "questions" / "week-2" / "families" / "output-shape.md").is_file()
    assert (docs / "notes" / "mine.md").read_text(encoding="utf-8") == "# Mine\n"

    # An edited list of sets is left alone, and the writer says so; so is a page of one's own.
    for mine in (index.replace("Each set is one draw", "Our sets: each is one draw"), "# My own list\n"):
        (docs / "questions" / "index.md").write_text(mine, encoding="utf-8")
        written = write_set(docs, "week-3", HEADER, [fake(6)])
        assert "edited or not written by lstmq" in written.note
        assert (docs / "questions" / "index.md").read_text(encoding="utf-8") == mine


@pytest.mark.parametrize("mine", ["week-1/notes.md", "notes.md", "other-folder/page.md"])
def test_files_lstmq_did_not_write_stop_the_write_and_stay(tmp_path, mine):
    root = tmp_path / "docs" / "questions"
    (root / mine).parent.mkdir(parents=True)
    (root / mine).write_text("keep me\n", encoding="utf-8")
    with pytest.raises(LstmqError, match="did not write"):
        write_set(tmp_path / "docs", "week-1", HEADER, [fake(1)])
    assert (root / mine).read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == [mine]


@pytest.mark.parametrize("name", ["../escape", "Week 1"])
def test_generate_refuses_a_bad_set_name_in_one_line(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["generate", "--count", "2", "--set", name])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("lstmq: error: set name")
    assert list(tmp_path.iterdir()) == []


def test_a_large_sets_pool_is_capped_and_spread_over_its_families():
    from collections import Counter
    from types import SimpleNamespace

    from lstmq.outputs.site.quiz_pool import POOL_LIMIT, pooled

    def entries(sizes: dict[str, int]) -> list:
        return [SimpleNamespace(question=SimpleNamespace(family=f, id=f"{f}-{i}"))
                for f, n in sizes.items() for i in range(n)]

    small = entries({"a": 3, "b": POOL_LIMIT - 3})
    assert pooled(small) == small  # up to the limit: every question
    sizes = {"tiny": 4, "mid": 30, **{f"f{i}": 90 for i in range(12)}}
    big = entries(sizes)
    kept = pooled(big)
    assert len(kept) == POOL_LIMIT and kept == pooled(big)
    assert kept == [e for e in big if e in kept]  # the set's order
    per_family = Counter(e.question.family for e in kept)
    assert per_family["tiny"] == 4  # a small family gives all it has
    assert max(per_family[f"f{i}"] for i in range(12)) - min(per_family[f"f{i}"] for i in range(12)) <= 1
    ids = [int(e.question.id.split("-")[1]) for e in kept if e.question.family == "f0"]
    assert ids[0] == 0 and ids[-1] >= 80  # spread over the family, not its first questions


def test_the_self_test_says_how_large_its_set_is_for_the_quiz_bar():
    files = render_set("odd", HEADER, [fake(1, "concepts", "easy", key="A"), fake(2, key="C")])
    assert 'data-total="2"' in files["self-test.md"]
