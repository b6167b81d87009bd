"""Select-all and numeric items on the built site, in a real browser (Debian's chromium driven by
Playwright): a self-test of hand-built questions of every kind (``kinds_examples``) scored by
pointer and by keyboard, each option marked and explained, a numeric answer told how far off it
is and which mistake gives it, answers kept over a reload, axe-clean in light and dark, and a
visible focus ring on the new controls."""

from __future__ import annotations

import re

import pytest

from sitekit import http_server, parse_html
from test_site_a11y import _contrast, _rgb, _serious, axe_source  # noqa: F401  (a fixture)
from test_site_browser import page  # noqa: F401  (a fixture: a page that fails the test on a JavaScript error)

pytestmark = pytest.mark.slow

SET = "questions/practice"
MULTI2, MULTI3 = "constructor-00000001", "output-and-states-00000002"  # right: A C / A C D
NUMBER, DECIMAL = "parameters-00000003", "gates-00000004"  # 2560 exactly / 0.462 within 0.0005
SINGLE = "output-shape-00000005"  # right: B


@pytest.fixture(scope="module")
def kinds_site(tmp_path_factory):
    from sitekit import built_kinds_site

    return built_kinds_site(tmp_path_factory)


@pytest.fixture(scope="module")
def kinds_url(kinds_site):
    with http_server(kinds_site.site) as url:
        yield url


def question(page, qid: str):
    return page.locator(f".lstmq-question[data-id='{qid}']")


def option(q, label: str):
    return q.locator(f".lstmq-option:has(input[value='{label}']) label")


def said(q) -> str:
    return " ".join(q.locator(".lstmq-feedback").inner_text().split())


def test_the_markup_of_each_kind(kinds_site):
    """Checkboxes in a fieldset named by its legend; a numeric item's one labelled text box
    that asks for decimals; the traps' explanations hidden and out of search."""
    tree = parse_html((kinds_site.site / SET / "self-test.html").read_text(encoding="utf-8"))
    blocks = {b.attrs["data-id"]: b for b in tree.find_all("div", "lstmq-question")}
    assert set(blocks) == {MULTI2, MULTI3, NUMBER, DECIMAL, SINGLE}
    for qid in (MULTI2, MULTI3):
        fieldset = blocks[qid].find("fieldset", "lstmq-options")
        assert fieldset.attrs["data-kind"] == "multiple" and blocks[qid].attrs["data-kind"] == "multiple"
        assert " ".join(fieldset.kids("legend")[0].text().split()).endswith("select all that apply")
        boxes = [i for i in fieldset.find_all("input")]
        assert [b.attrs["type"] for b in boxes] == ["checkbox"] * 4
        assert len({b.attrs["name"] for b in boxes}) == 1
    assert blocks[MULTI2].attrs["data-answer"] == "AC" and blocks[MULTI3].attrs["data-answer"] == "ACD"
    for qid, value, tolerance in ((NUMBER, "2560", "0"), (DECIMAL, "0.462", "0.0005")):
        block = blocks[qid]
        assert (block.attrs["data-answer"], block.attrs["data-tolerance"]) == (value, tolerance)
        fieldset = block.find("fieldset", "lstmq-options")
        assert fieldset.attrs["data-kind"] == "numeric"
        (box,) = list(fieldset.find_all("input"))
        assert (box.attrs["type"], box.attrs["inputmode"]) == ("text", "decimal")
        label = fieldset.find("label")
        assert label.attrs["for"] == box.attrs["id"] and label.text().startswith("Your answer (")
        traps = fieldset.find("div", "lstmq-traps")
        assert "hidden" in traps.attrs
        assert all("data-search-exclude" in t.attrs for t in traps.find_all("span", "lstmq-trap"))
    assert [t.attrs["data-value"] for t in blocks[NUMBER].find_all("span", "lstmq-trap")] == ["2400", "2480", "640"]


def test_a_self_test_of_every_kind_is_scored_and_explained(page, kinds_url):
    page.goto(f"{kinds_url}/{SET}/self-test.html")
    score = page.locator(".lstmq-score__text")
    assert page.locator(".lstmq-question.lstmq-live").count() == 5
    assert score.inner_text() == "Score: answer each of the 5 questions."

    # Select all that apply, right: exactly A and C.
    q = question(page, MULTI2)
    option(q, "A").click()
    option(q, "C").click()
    assert q.get_attribute("data-result") is None  # ticking does not answer
    q.locator(".lstmq-check").click()
    assert q.get_attribute("data-result") == "right"
    assert said(q).startswith("Right: A and C, exactly the right options.")
    assert q.locator(".lstmq-feedback li").count() == 4  # every option explained
    assert "Keywords name the sizes" in said(q)  # D's explanation, though D was not ticked
    assert "ticked, right" in option(q, "A").inner_text()
    assert "not ticked, rightly" in option(q, "B").inner_text()
    assert "1 right of 1 answered" in score.inner_text()

    # Select all that apply, wrong: one right box and one wrong box of A, C, D.
    q = question(page, MULTI3)
    option(q, "A").click()
    option(q, "B").click()
    q.locator(".lstmq-check").click()
    assert q.get_attribute("data-result") == "wrong"
    assert said(q).startswith("Not quite: you ticked A and B; the right options are A, C and D.")
    assert "ticked, wrong" in option(q, "B").inner_text()
    assert "not ticked, but right" in option(q, "C").inner_text()
    assert "lstmq-picked-wrong" in q.locator(".lstmq-option:has(input[value='B'])").get_attribute("class")
    assert "lstmq-correct" in q.locator(".lstmq-option:has(input[value='D'])").get_attribute("class")
    assert q.locator("input:disabled").count() == 4  # the answer stands
    assert "1 right of 2 answered" in score.inner_text()

    # A number that is a known mistake: how far off, and which mistake.
    q = question(page, NUMBER)
    q.locator("input").fill("2400")
    q.locator("input").press("Enter")
    assert q.get_attribute("data-result") == "wrong"
    text = said(q)
    assert text.startswith("Not quite: 2400 is 160 too low.")
    assert "forgets the two bias vectors" in text
    assert "The answer is 2560 (parameters)." in text
    assert q.locator("input").get_attribute("aria-invalid") == "true"

    # Not a number: said so, and not counted; then an answer within the tolerance.
    q = question(page, DECIMAL)
    q.locator("input").fill("0,462")
    q.locator(".lstmq-check").click()
    assert q.get_attribute("data-result") is None and "is not a number" in said(q)
    assert "1 right of 3 answered" in score.inner_text()
    q.locator("input").fill("0.4623")
    q.locator(".lstmq-check").click()
    assert q.get_attribute("data-result") == "right"
    assert said(q) == "Right: 0.4623. The value is 0.462; anything within 0.0005 of it counts."

    option(question(page, SINGLE), "B").click()
    assert score.inner_text().startswith("Finished: 3 of 5 right")

    # A reload keeps every answer of every kind.
    page.reload()
    assert page.locator(".lstmq-score__text").inner_text().startswith("Finished: 3 of 5 right")
    results = {qid: question(page, qid).get_attribute("data-result") for qid in (MULTI2, MULTI3, NUMBER, DECIMAL)}
    assert results == {MULTI2: "right", MULTI3: "wrong", NUMBER: "wrong", DECIMAL: "right"}
    assert question(page, NUMBER).locator("input").input_value() == "2400"
    assert question(page, MULTI3).locator("input[value='B']").is_checked()


def test_how_far_off_and_a_high_answer(page, kinds_url):
    page.goto(f"{kinds_url}/{SET}/families/gates.html")
    q = question(page, DECIMAL)
    q.locator("input").fill("0.5")
    q.locator("input").press("Enter")
    text = said(q)
    assert text.startswith("Not quite: 0.5 is 0.038 too high.")
    assert "sigmoid of zero" in text  # the trap's mistake
    assert "The answer is 0.462 (rounded to 3 decimals), give or take 0.0005." in text


def _focused(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        const q = el.closest('.lstmq-question');
        return {tag: el.tagName, type: el.type || '', value: el.value || '', cls: el.className || '',
                id: q ? q.getAttribute('data-id') : null};
      }""")


def test_both_kinds_by_keyboard_alone(page, kinds_url):
    page.goto(f"{kinds_url}/{SET}/self-test.html")

    def tab_to(qid: str, kind: str) -> dict:
        for _ in range(80):
            page.keyboard.press("Tab")
            now = _focused(page)
            if now["id"] == qid and now["type"] == kind:
                return now
        raise AssertionError(f"Tab never reached {qid}")

    # Tick A and C with Space (Tab moves from box to box), then Enter answers.
    assert tab_to(MULTI2, "checkbox")["value"] == "A"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert _focused(page)["value"] == "C"
    page.keyboard.press("Space")
    q = question(page, MULTI2)
    assert q.get_attribute("data-result") is None
    page.keyboard.press("Enter")
    assert q.get_attribute("data-result") == "right"
    assert _focused(page)["cls"].startswith("lstmq-feedback")  # focus moves to what the answer says

    # The Check button with nothing ticked says what to do and answers nothing.
    q = question(page, MULTI3)
    tab_to(MULTI3, "checkbox")
    for _ in range(4):
        page.keyboard.press("Tab")
    assert "lstmq-check" in _focused(page)["cls"]
    page.keyboard.press("Enter")
    assert q.get_attribute("data-result") is None and said(q).startswith("Tick every option")

    # A number: type it, Enter; focus stays in the box, which now only reads.
    tab_to(NUMBER, "text")
    page.keyboard.type("2560")
    page.keyboard.press("Enter")
    q = question(page, NUMBER)
    assert q.get_attribute("data-result") == "right"
    assert _focused(page)["id"] == NUMBER and _focused(page)["type"] == "text"
    page.keyboard.type("9")
    assert q.locator("input").input_value() == "2560"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_clean_and_a_visible_focus_ring_on_the_new_controls(chromium, kinds_url, axe_source, scheme):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    try:
        for name in ("self-test.html", "families/parameters.html", "families/constructor.html"):
            page.goto(f"{kinds_url}/{SET}/{name}")
            found[name] = _serious(page, axe_source)
        page.goto(f"{kinds_url}/{SET}/self-test.html")
        for qid, picks in ((MULTI2, "AB"), (MULTI3, "ACD")):
            q = question(page, qid)
            for label in picks:
                option(q, label).click()
            q.locator(".lstmq-check").click()
        for qid, value in ((NUMBER, "2400"), (DECIMAL, "0.462")):
            question(page, qid).locator("input").fill(value)
            question(page, qid).locator(".lstmq-check").click()
        page.locator("details.success > summary").first.click()
        found["self-test, answered"] = _serious(page, axe_source)
        page.reload()  # unanswered controls again, for the focus rings
        page.evaluate("() => { localStorage.clear(); }")
        page.reload()

        def ring(selector: str) -> dict:
            page.locator(selector).first.focus()
            page.keyboard.press("Shift+Tab")
            page.keyboard.press("Tab")  # focus from the keyboard: :focus-visible
            return page.evaluate("""(sel) => {
                const el = document.activeElement;
                const box = el.type === 'checkbox' ? el.closest('.lstmq-option') : el;
                const s = getComputedStyle(box);
                let up = box.parentElement, bg = 'rgba(0, 0, 0, 0)';
                while (up && /rgba\\(0, 0, 0, 0\\)|transparent/.test(bg)) { bg = getComputedStyle(up).backgroundColor; up = up.parentElement; }
                return {matches: el.matches(sel), style: s.outlineStyle, width: s.outlineWidth, color: s.outlineColor, bg: bg};
              }""", selector)

        for selector in (f".lstmq-question[data-id='{MULTI2}'] input[value='A']",
                         f".lstmq-question[data-id='{NUMBER}'] input"):
            r = ring(selector)
            assert r["matches"], selector
            assert r["style"] == "solid" and float(r["width"].rstrip("px")) >= 2, r
            assert _contrast(_rgb(r["color"]), _rgb(r["bg"])) >= 3, r
        edge = page.evaluate(f"""() => getComputedStyle(document.querySelector(
            ".lstmq-question[data-id='{NUMBER}'] input")).borderTopColor""")
        back = page.evaluate("() => getComputedStyle(document.querySelector('.md-main')).backgroundColor")
        if re.search(r"rgba\(0, 0, 0, 0\)", back):
            back = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        assert _contrast(_rgb(edge), _rgb(back)) >= 3  # the box's edge is seen (WCAG 1.4.11)
    finally:
        context.close()
    assert {k: v for k, v in found.items() if v} == {}


def test_a_fresh_quiz_draws_the_new_kinds_and_scores_them(page, kinds_url):
    page.goto(f"{kinds_url}/{SET}/self-test.html?quiz=11")
    page.locator(".lstmq-quiz__text", has_text="Fresh quiz 11:").wait_for()
    legends = page.locator("legend").all_inner_texts()
    assert len(legends) == 5 and legends[0].startswith("Question 1: ")
    assert sorted(text.split(": ", 1)[1] for text in legends) == sorted(
        ["pick one answer", "select all that apply", "select all that apply", "enter a number", "enter a number"])
    q = question(page, NUMBER)
    q.locator("input").fill("2560")
    q.locator(".lstmq-check").click()
    assert q.get_attribute("data-result") == "right"
    q = question(page, MULTI3)
    for label in "ACD":
        option(q, label).click()
    q.locator(".lstmq-check").click()
    assert q.get_attribute("data-result") == "right"
    assert "2 right of 2 answered" in page.locator(".lstmq-score__text").inner_text()


def test_every_card_of_every_kind_has_every_part(kinds_site):
    """The same check as every card of the drawn 120-question set gets (test_site_pages)."""
    from test_site_pages import _blocks, _family_pages, check_question_block

    seen = []
    for path in _family_pages(kinds_site):
        for block in _blocks(path):
            qid = block.attrs["data-id"]
            check_question_block(block, kinds_site.questions[qid])
            seen.append(qid)
    assert sorted(seen) == sorted(kinds_site.questions)
