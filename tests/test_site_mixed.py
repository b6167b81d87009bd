"""A drawn set that mixes the kinds, on the built site in a real browser: every card of every
family page is answered as its bank key says and is scored right, and answered as a named
misconception says and is scored wrong, with that mistake explained. The hand-built cards of
test_site_kinds test each widget closely; this tests that what lstmq draws and writes is what
the page scores."""

from __future__ import annotations

import pytest

from lstmq.model import number_text
from sitekit import http_server
from test_site_browser import page  # noqa: F401  (a fixture: a page that fails the test on a JavaScript error)

pytestmark = pytest.mark.slow

SET = "questions/practice"


@pytest.fixture(scope="module")
def mixed_site(tmp_path_factory):
    from sitekit import built_mixed_site

    return built_mixed_site(tmp_path_factory)


@pytest.fixture(scope="module")
def mixed_url(mixed_site):
    with http_server(mixed_site.site) as url:
        yield url


def _pages(site) -> list[str]:
    return [p.relative_to(site.site).as_posix() for p in sorted((site.site / SET / "families").glob("*.html"))]


def _said(card) -> str:
    return " ".join(card.locator(".lstmq-feedback").inner_text().split())


def _tick(card, labels) -> None:
    for label in labels:
        card.locator(f".lstmq-option:has(input[value='{label}']) label").click()


def _answer(card, record: dict, right: bool) -> str:
    """Answer ``card`` as its key says (``right``) or as its first named misconception says;
    returns what that wrong answer should be explained by ("" for a right answer)."""
    kind = record["kind"]
    if kind == "numeric":
        trap = record["answer"]["traps"][0]
        value = record["answer"]["value"] if right else trap["value"]
        card.locator("input").fill(number_text(value))
        card.locator(".lstmq-check").click()
        return "" if right else trap["why"]
    choices = record["choices"]
    wrong = next(c for c in choices if not c["correct"])
    if kind == "multiple":
        _tick(card, [c["label"] for c in choices if c["correct"]] if right else [wrong["label"]])
        card.locator(".lstmq-check").click()
    else:
        _tick(card, [next(c["label"] for c in choices if c["correct"])] if right else [wrong["label"]])
    return "" if right else wrong["why"]


def test_the_drawn_set_mixes_every_kind(mixed_site):
    kinds = [q["kind"] for q in mixed_site.questions.values()]
    assert {"single", "multiple", "numeric"} <= set(kinds), kinds


@pytest.mark.parametrize("right", [True, False], ids=["keyed-answers", "misconceptions"])
def test_every_drawn_card_is_scored_as_its_key_says(page, mixed_site, mixed_url, right):  # noqa: F811
    seen = set()
    for path in _pages(mixed_site):
        page.goto(f"{mixed_url}/{path}")
        cards = page.locator(".lstmq-question.lstmq-live")
        for i in range(cards.count()):
            card = cards.nth(i)
            qid = card.get_attribute("data-id")
            record = mixed_site.questions[qid]
            why = _answer(card, record, right)
            assert card.get_attribute("data-result") == ("right" if right else "wrong"), (qid, _said(card))
            if why:  # the mistake that answer makes is explained on the card
                assert " ".join(why.replace("`", "").split())[:60] in _said(card).replace("`", ""), (qid, _said(card))
            seen.add(qid)
    assert seen == set(mixed_site.questions)
