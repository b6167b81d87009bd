"""The built site in a real browser (Debian's chromium driven by Playwright), served over
HTTP on 127.0.0.1, clicked the way a student would."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from sitekit import ARTIFACTS, free_port, http_server, need

pytestmark = pytest.mark.slow

SET = "questions/practice"


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def _first_family_page(site) -> str:
    return sorted((site.site / SET / "families").glob("*.html"))[0].relative_to(site.site).as_posix()


def _question_id(question) -> str:
    return question.locator(".lstmq-meta code").first.inner_text().strip()


def _option(question, label: str):
    """The box of option ``label``: what a student clicks."""
    return question.locator(f".lstmq-option:has(input[value='{label}']) label")


def _pick(question, right: bool = True):
    answer = question.get_attribute("data-answer")
    label = answer if right else next(x for x in "ABCD" if x != answer)
    _option(question, label).click()
    return label


def test_solution_starts_collapsed_and_opens_on_click(page, site, base_url):
    page.goto(f"{base_url}/{_first_family_page(site)}")
    question = page.locator(".lstmq-question").first
    solution = question.locator("details.success")
    assert solution.locator("summary").inner_text().strip() == "Solution"
    assert solution.get_attribute("open") is None
    final = solution.locator("p", has_text="Final answer")
    assert not final.is_visible()

    solution.locator("summary").click()
    assert solution.get_attribute("open") is not None
    assert final.is_visible()
    record = site.questions[_question_id(question)]
    right = next(c for c in record["choices"] if c["correct"])
    assert f"Option {right['label']}" in final.inner_text()
    # The hint and the common mistakes stay closed: opening one block opens only that one.
    assert question.locator("details.tip").get_attribute("open") is None
    assert question.locator("details.warning").get_attribute("open") is None


def test_self_test_gives_feedback_at_once_and_keeps_score(page, site, base_url):
    page.goto(f"{base_url}/{SET}/self-test.html")
    questions = page.locator(".lstmq-question")
    total = questions.count()
    assert total == 10
    score = page.locator(".lstmq-score")
    assert "pick an option" in score.inner_text()

    # A right pick.
    first = questions.nth(0)
    answer = first.get_attribute("data-answer")
    _option(first, answer).click()
    feedback = first.locator(".lstmq-feedback")
    assert "lstmq-feedback--right" in feedback.get_attribute("class")
    assert feedback.inner_text().startswith(f"Right: {answer}.")
    assert "1 right of 1 answered" in score.inner_text()

    # A wrong pick shows the misconception behind that option, from the bank.
    second = questions.nth(1)
    answer = second.get_attribute("data-answer")
    wrong = next(label for label in "ABCD" if label != answer)
    _option(second, wrong).click()
    feedback = second.locator(".lstmq-feedback")
    assert "lstmq-feedback--wrong" in feedback.get_attribute("class")
    record = site.questions[_question_id(second)]
    why = next(c["why"] for c in record["choices"] if c["label"] == wrong)
    shown = " ".join(feedback.inner_text().split())
    assert f"Not quite: {wrong} is wrong." in shown
    assert " ".join(re.sub(r"`", "", why).split()) in shown
    assert f"The answer is {answer}." in shown
    assert "lstmq-correct" in second.locator(f".lstmq-option:has(input[value='{answer}'])").get_attribute("class")
    # The pick is named in words, not only in colour.
    assert "your answer, wrong" in _option(second, wrong).inner_text()
    assert "the right answer" in _option(second, answer).inner_text()
    assert "1 right of 2 answered" in score.inner_text()

    # A second click on an answered question changes nothing (its other options are disabled).
    _option(second, answer).click(force=True)
    assert "1 right of 2 answered" in score.inner_text()
    assert second.locator(f"input[value='{wrong}']").is_checked()

    # The rest answered right, one of them from the keyboard: the final score counts them all.
    for i in range(2, total):
        q = questions.nth(i)
        if i == 2:
            q.locator(f"input[value='{q.get_attribute('data-answer')}']").focus()
            page.keyboard.press("Enter")
        else:
            _pick(q)
    assert f"Finished: {total - 1} of {total} right" in score.inner_text()

    # "Start again" asks first: dismissed, nothing changes; accepted, every answer goes.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator(".lstmq-score__again").click()
    assert f"Finished: {total - 1} of {total} right" in score.inner_text()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".lstmq-score__again").click()
    assert "pick an option" in score.inner_text()
    assert page.locator(".lstmq-question[data-result]").count() == 0
    assert page.locator(".lstmq-question input:checked").count() == 0


def test_search_finds_a_question_by_a_word_of_its_stem(page, site, base_url):
    # A word of some stem that no other question section of the search index holds (the lists
    # by difficulty and the self-test repeat stems), so the hit can only come from that stem.
    docs = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    words_of = [(d["location"], set(re.findall(r"[a-z]+", (d["title"] + " " + d["text"]).lower()))) for d in docs]
    candidates = []
    for record in site.questions.values():
        for word in sorted(set(re.findall(r"[a-z]{6,}", re.sub(r"`[^`]*`", " ", record["stem"].lower())))):
            where = [loc for loc, words in words_of if word in words and re.search(r"/families/.*#q-\d+$", loc)]
            if len(where) == 1:
                candidates.append((word, where[0]))
    assert candidates, "no stem word is unique to its question"
    word, location = sorted(candidates)[0]

    page.goto(f"{base_url}/index.html")
    page.locator("input.md-search__input").click()
    page.keyboard.type(word, delay=30)  # Material searches on key events, as a person types
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=20_000)
    # Result links carry the query for highlighting (?h=word) before the anchor.
    hrefs = [re.sub(r"\?[^#]*", "", results.nth(i).get_attribute("href")) for i in range(results.count())]
    assert any(h.endswith(location) for h in hrefs), (word, location, hrefs)
    hit = page.locator(".md-search-result__item a", has=page.locator("mark")).first
    assert word in hit.inner_text().lower()


def test_without_javascript_solutions_still_open(chromium, site, base_url):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{base_url}/{_first_family_page(site)}")
        question = page.locator(".lstmq-question").first
        solution = question.locator("details.success")
        assert solution.get_attribute("open") is None
        solution.locator("summary").click()
        assert solution.get_attribute("open") is not None
        # The verdicts stay hidden: nothing gives the answer away without a click on Solution.
        assert not question.locator(".lstmq-why").first.is_visible()
        # The options are still radio buttons: a pick is marked, to compare with the solution.
        _option(question, "A").click()
        assert question.locator("input[value='A']").is_checked()
        assert question.locator(".lstmq-feedback").inner_text() == ""
    finally:
        context.close()


def test_self_test_works_from_disk_without_a_server(chromium, site):
    context = chromium.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto((site.site / SET / "self-test.html").as_uri())
        question = page.locator(".lstmq-question").first
        _pick(question)
        assert "lstmq-feedback--right" in question.locator(".lstmq-feedback").get_attribute("class")
    finally:
        context.close()
    assert errors == []


def test_answer_checking_survives_materials_instant_loading(chromium, site, tmp_path):
    """With navigation.instant, Material swaps pages without reloading; lstmq.js must set up
    each new page through document$, once."""
    import yaml

    from lstmq.jobs.site import build_site, open_project

    port = free_port()
    project = tmp_path / "instant"
    shutil.copytree(site.project / "docs", project / "docs")
    config = yaml.safe_load((site.project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_url"] = f"http://127.0.0.1:{port}/"  # Material's instant loading needs it
    config["theme"]["features"].append("navigation.instant")
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    built = build_site(open_project(project / "mkdocs.yml"), echo=lambda _m: None)

    with http_server(built.site_dir, port) as url:
        context = chromium.new_context()
        page = context.new_page()
        try:
            page.goto(f"{url}/{SET}/index.html")
            page.evaluate("window.lstmqSamePage = true")
            page.locator("article").get_by_role("link", name="Test yourself").click()
            page.wait_for_url("**/self-test.html")
            page.locator(".lstmq-question.lstmq-live").first.wait_for(timeout=10_000)
            assert page.evaluate("window.lstmqSamePage === true"), "the page was reloaded, not swapped"
            question = page.locator(".lstmq-question").first
            _pick(question)
            assert "lstmq-feedback--right" in question.locator(".lstmq-feedback").get_attribute("class")
            assert "1 right of 1 answered" in page.locator(".lstmq-score").inner_text()
            assert question.locator(".lstmq-check").count() == 1  # set up once, not twice
        finally:
            context.close()


def _pdf_text(page, path) -> str:
    page.pdf(path=str(path))
    need(shutil.which("pdftotext") is not None, "pdftotext is absent (Debian package poppler-utils)")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_print_shows_only_the_blocks_the_reader_opened(chromium, site, base_url, tmp_path):
    url = f"{base_url}/{_first_family_page(site)}"
    record_of = {}

    def load(block_script: bool):
        context = chromium.new_context()
        if block_script:
            context.route("**/assets/lstmq.js", lambda route: route.abort())
        page = context.new_page()
        page.goto(url)
        first = page.locator(".lstmq-question").first
        record_of["q"] = site.questions[_question_id(first)]
        first.locator("details.success > summary").click()
        return context, page

    context, page = load(block_script=False)
    text = " ".join(_pdf_text(page, tmp_path / "page.pdf").split())
    context.close()
    hint = " ".join(record_of["q"]["solution"]["hint"].replace("`", "").split()[:5])
    assert text.count("Final answer") == 1  # the solution the reader opened, and no other
    assert hint not in text  # the closed hint is not printed
    assert text.count("Common mistakes") == 1  # only the page's intro names them

    # The control: without lstmq.js, Material opens every block for printing.
    context, page = load(block_script=True)
    text = " ".join(_pdf_text(page, tmp_path / "control.pdf").split())
    context.close()
    assert text.count("Final answer") > 1
    assert hint in text and text.count("Common mistakes") > 1


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshot_of_a_question_page(chromium, site, base_url, scheme):
    context = chromium.new_context(viewport={"width": 1280, "height": 1100}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(f"{base_url}/{SET}/self-test.html")
        assert page.locator("body").get_attribute("data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
        questions = page.locator(".lstmq-question")
        first, second = questions.nth(0), questions.nth(1)
        _pick(first)
        _pick(second, right=False)
        second.locator("details.success > summary").click()
        # The first question just below the header bar, its result and the next question in view.
        first.evaluate("el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 64)")
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"site-question-{scheme}.png"
        page.screenshot(path=str(path))
        assert path.stat().st_size > 20_000
    finally:
        context.close()
