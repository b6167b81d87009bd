"""GIFT: parsed back by gift-pegjs (npm), a PEG grammar of the format used by GIFT tools.

Every question must come back as multiple choice with the same title, stem, choices,
feedback and exactly one correct answer (gift-pegjs does not notice an unescaped "=" inside
an answer, which would make a second correct one: counting catches it).
"""

from __future__ import annotations

import random

from lstmq.outputs import markup
from lstmq.outputs.export import export_bank
from lstmq.outputs.export.categories import categories
from lstmq.outputs.export.gift import escape, field

from test_export_kinds import assert_gift_matches


def mc_questions(parsed: dict) -> list[dict]:
    assert "ok" in parsed, f"gift-pegjs: {parsed.get('error')} (line {parsed.get('line')})"
    return [q for q in parsed["ok"] if q["type"] != "Category"]


def assert_same_questions(parsed, questions):
    got = mc_questions(parsed)
    assert [g["title"] for g in got] == [q.id for q in questions]
    for g, q in zip(got, questions):
        if q.kind != "single":  # select-all and numeric, as test_export_kinds reads them
            assert_gift_matches({"ok": [g]}, [q])
            continue
        assert g["type"] == "MC"
        assert g["title"] == q.id
        assert g["stem"] == {"format": "html", "text": markup.question_text(q)}
        assert sum(c["isCorrect"] for c in g["choices"]) == 1
        assert [c["isCorrect"] for c in g["choices"]] == [c.correct for c in q.choices]
        assert [c["text"]["text"] for c in g["choices"]] == [markup.option(c).strip() for c in q.choices]
        assert [c["feedback"]["text"] for c in g["choices"]] == [markup.why(c) for c in q.choices]
        assert g["globalFeedback"]["text"] == markup.solution(q)
        assert g["id"] == q.id
        assert g["tags"] == ["lstmq", q.family, q.difficulty]


def in_gift_order(bank):
    return [q for cat in categories(bank.questions) for q in cat.questions]


def test_every_question_parses_back(bank300, gift_parse):
    parsed = gift_parse(export_bank(bank300, "gift").decode("utf-8"))
    assert_same_questions(parsed, in_gift_order(bank300))
    cats = [q["title"] for q in parsed["ok"] if q["type"] == "Category"]
    assert cats == [cat.path for cat in categories(bank300.questions)]


def test_hostile_texts_parse_back(hostile_bank, gift_parse):
    text = export_bank(hostile_bank, "gift").decode("utf-8")
    assert_same_questions(gift_parse(text), in_gift_order(hostile_bank))


def test_every_special_character_is_escaped():
    assert escape("a~b=c#d{e}f:g\\h") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h"
    assert escape("one\ntwo\r\nthree") == "one\\ntwo\\nthree"


def test_random_texts_round_trip(gift_parse):
    """A fixed-seed corpus of texts dense in specials, all in one file, one node run.

    Each text goes in as the writer's fields do: HTML-escaped, then GIFT-escaped."""
    rng = random.Random(7)
    alphabet = "ab ~=#{}:\\\n%->/[]`<&'\"éλ🙂"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))).strip() or "x"
             for _ in range(200)]
    blocks = []
    for i, t in enumerate(texts):
        g = field(markup.escape(t))
        blocks.append(f"::q{i}::[html]S {g} E{{\n=R {g} E#F {g} E\n~W{i}\n}}")
    got = mc_questions(gift_parse("\n\n".join(blocks) + "\n"))
    assert len(got) == len(texts)
    for g, t in zip(got, (markup.escape(t).replace("->", "-&gt;") for t in texts)):
        assert g["stem"]["text"] == f"S {t} E"
        assert [c["isCorrect"] for c in g["choices"]] == [True, False]
        assert g["choices"][0]["text"]["text"] == f"R {t} E"
        assert g["choices"][0]["feedback"]["text"] == f"F {t} E"


def test_an_unescaped_equals_sign_is_caught_by_counting(bank300, gift_parse):
    """gift-pegjs reads an unescaped '=' inside an answer as a second correct answer and
    reports no error: only the count of correct answers notices."""
    def counts(text):
        return [sum(c.get("isCorrect", False) for c in q["choices"]) for q in mc_questions(gift_parse(text))]

    text = export_bank(bank300, "gift").decode("utf-8")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("~") and "\\=" in line)
    lines[at] = lines[at].replace("\\=", "=", 1)
    before, after = counts(text), counts("\n".join(lines))
    assert len(before) == len(after) == len(bank300.questions)
    # Exactly one question gains one "correct" answer (a single-choice item: 1 -> 2).
    assert [(b, a) for b, a in zip(before, after) if b != a] == [(b, b + 1) for b, a in zip(before, after) if b != a]
    assert sum(a - b for b, a in zip(before, after)) == 1


def test_broken_gift_is_rejected(gift_parse):
    assert "error" in gift_parse("::t::Stem{\n=right\n~wrong\n")  # no closing brace
