"""Accessibility and practice on the built site, in a real browser: axe-core on every kind of page
in both colour schemes and at two widths, a self-test answered by keyboard alone, focus and live
regions, saved progress, seeded fresh quizzes, print, and search from a site opened from disk."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter

import pytest
from click.testing import CliRunner

from sitekit import ROOT, need

pytestmark = pytest.mark.slow

SET = "questions/practice"
AXE = ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"  # pinned in scripts/bootstrap
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCHEMES = {"light": "default", "dark": "slate"}


@pytest.fixture(scope="module")
def exam_dir(site, tmp_path_factory):
    """A student copy and its key, printed from the site's bank (HTML only)."""
    from lstmq.cli import cli

    out = tmp_path_factory.mktemp("exam")
    result = CliRunner().invoke(cli, ["exam", "--bank", str(site.bank), "--count", "12", "--versions", "1",
                                      "--no-pdf", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def axe_source():
    need(AXE.is_file(), "axe-core is absent: run scripts/bootstrap (npm)")
    return AXE.read_text(encoding="utf-8")


def _serious(page, axe_source) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations of impact serious or critical on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    assert page.evaluate("axe.version") == AXE_VERSION
    # Colours are measured as they end: a button still fading in (Material's "Back to top") is
    # not a contrast failure.
    page.evaluate("document.getAnimations().forEach(a => { try { a.finish(); } catch (e) {} })")
    found = page.evaluate(
        """async (tags) => {
             const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                     resultTypes: ['violations']});
             return result.violations
               .filter(v => v.impact === 'serious' || v.impact === 'critical')
               .map(v => v.id + ' (' + v.impact + ', ' + v.nodes.length + '): '
                         + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
           }""", WCAG_TAGS)
    return found


def _first_family_page_with_code(site) -> str:
    for path in sorted((site.site / SET / "families").glob("*.html")):
        if '<div class="highlight">' in path.read_text(encoding="utf-8"):
            return path.relative_to(site.site).as_posix()
    raise AssertionError("no family page shows code")


def _answer_all(page, wrong_every: int = 3) -> None:
    questions = page.locator(".lstmq-question")
    for i in range(questions.count()):
        q = questions.nth(i)
        answer = q.get_attribute("data-answer")
        label = next(x for x in "ABCD" if x != answer) if i % wrong_every == 0 else answer
        q.locator(f".lstmq-option:has(input[value='{label}']) label").click()


def test_axe_finds_what_it_should(chromium, axe_source):
    """The control: axe, as injected here, reports a low-contrast text and a list of fake buttons."""
    context = chromium.new_context()
    page = context.new_page()
    try:
        page.set_content('<html lang="en"><head><title>t</title></head><body><main>'
                         '<p style="color:#aaa;background:#fff">faint text</p>'
                         '<ul><li role="button" tabindex="0">A</li></ul></main></body></html>')
        found = " ".join(_serious(page, axe_source))
        assert "color-contrast" in found and "list" in found
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_axe_violations_on_any_kind_of_page(chromium, site, base_url, exam_dir, axe_source,
                                                        scheme, width):
    context = chromium.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    found: dict[str, list[str]] = {}
    try:
        site_pages = {
            "home": "index.html",
            "set index": f"{SET}/index.html",
            "family page": _first_family_page_with_code(site),
            "by difficulty": f"{SET}/by-difficulty.html",
            "self-test": f"{SET}/self-test.html",
            "fresh quiz": f"{SET}/self-test.html?quiz=7",
            "reference": "reference/cli.html",  # links around code spans
        }
        for kind, rel in site_pages.items():
            page.goto(f"{base_url}/{rel}")
            page.locator(".md-content").wait_for()
            assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
            if kind == "fresh quiz":
                page.locator(".lstmq-quiz__text", has_text="Fresh quiz 7:").wait_for()
            found[kind] = _serious(page, axe_source)
            if kind in ("self-test", "fresh quiz"):
                _answer_all(page)
                page.locator("details.success > summary").first.click()
                found[kind + ", answered"] = _serious(page, axe_source)
        for name in ("exam-A.html", "key-A.html"):
            page.goto((exam_dir / name).as_uri())
            found[name] = _serious(page, axe_source)
    finally:
        context.close()
    assert len(found) == 11
    assert {k: v for k, v in found.items() if v} == {}


_FOCUS = """() => {
  const el = document.activeElement;
  const r = el.getBoundingClientRect();
  const bar = document.querySelector('.lstmq-score');
  const b = bar.getBoundingClientRect();
  const h = document.querySelector('.md-header').getBoundingClientRect();
  const own = !!el.closest('.md-header, .lstmq-score');
  const overlaps = (o) => r.bottom > o.top && r.top < o.bottom && r.right > o.left && r.left < o.right;
  const questions = Array.from(document.querySelectorAll('.lstmq-question'));
  const q = el.closest('.lstmq-question');
  return {tag: el.tagName, type: el.type || '', value: el.value || '', cls: el.className || '',
          question: q ? questions.indexOf(q) : -1,
          covered: !own && r.height > 0 && ((getComputedStyle(bar).position === 'sticky' && overlaps(b))
                                            || (el.closest('.md-content') && overlaps(h)))};
}"""


def test_a_whole_self_test_by_keyboard_alone(chromium, base_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    covered: list[dict] = []

    def tab(backwards: bool = False) -> dict:
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        now = page.evaluate(_FOCUS)
        if now["covered"]:
            covered.append(now)
        return now

    try:
        page.goto(f"{base_url}/{SET}/self-test.html")
        questions = page.locator(".lstmq-question")
        total = questions.count()
        answers = [questions.nth(i).get_attribute("data-answer") for i in range(total)]
        wrong_at, check_at = 2, 4  # one wrong answer; one answered with the Check button
        for i in range(total):
            for _ in range(60):
                now = tab()
                if now["question"] == i and now["type"] == "radio":
                    break
            else:
                raise AssertionError(f"Tab never reached the options of question {i + 1}")
            assert now["value"] == "A"  # nothing checked yet: Tab lands on the first option
            target = answers[i] if i != wrong_at else next(x for x in "ABCD" if x != answers[i])
            if target == "A":
                page.keyboard.press("Space")
            for _ in range("ABCD".index(target)):
                page.keyboard.press("ArrowDown")  # the arrows move the choice...
            q = questions.nth(i)
            assert q.locator(f"input[value='{target}']").is_checked()
            assert q.get_attribute("data-result") is None  # ...without answering
            if i == check_at:
                now = tab()
                assert "lstmq-check" in now["cls"]
                page.keyboard.press("Enter")
                # Focus moves to the verdict, which says what happened.
                assert page.evaluate(_FOCUS)["cls"].startswith("lstmq-feedback")
            else:
                page.keyboard.press("Enter")
                now = page.evaluate(_FOCUS)
                assert (now["question"], now["type"], now["value"]) == (i, "radio", target)  # focus stays
            assert q.get_attribute("data-result") == ("wrong" if i == wrong_at else "right")
        score = page.locator(".lstmq-score__text").inner_text()
        assert score.startswith(f"Finished: {total - 1} of {total} right"), score

        # Start again, by keyboard too: it asks, then focus goes to the first question.
        page.once("dialog", lambda dialog: dialog.accept())
        for _ in range(30):
            now = tab()
            if "lstmq-score__again" in now["cls"]:
                break
        else:
            raise AssertionError("Tab never reached Start again")
        page.keyboard.press("Enter")
        now = page.evaluate(_FOCUS)
        assert (now["question"], now["type"]) == (0, "radio")
        assert page.locator(".lstmq-question[data-result]").count() == 0
        # And back up through the page: Shift+Tab keeps clear of the bars too.
        for _ in range(15):
            tab(backwards=True)
    finally:
        context.close()
    assert covered == [], covered[:5]


def _rgb(text: str) -> tuple[float, float, float, float]:
    parts = [float(x) for x in re.findall(r"[\d.]+", text)]
    return (*(p / 255 for p in parts[:3]), parts[3] if len(parts) > 3 else 1.0)


def _contrast(a, b) -> float:
    def lum(c):
        lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c[:3]]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    high, low = sorted([lum(a), lum(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_is_a_visible_ring_and_verdicts_have_a_live_region_from_load(chromium, base_url, scheme):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(f"{base_url}/{SET}/self-test.html")
        regions = page.evaluate("""() => Array.from(document.querySelectorAll('.lstmq-question')).map(q => {
            const r = q.querySelectorAll('.lstmq-feedback');
            return r.length === 1 && r[0].getAttribute('role') === 'status' && !r[0].hidden
                   && getComputedStyle(r[0]).display !== 'none' && r[0].textContent === '';
          })""")
        assert regions and all(regions)
        page.locator(".lstmq-question").first.locator("input").first.focus()
        page.keyboard.press("ArrowDown")
        ring = page.evaluate("""() => {
            const box = document.activeElement.closest('.lstmq-option');
            const s = getComputedStyle(box);
            let el = box, bg = 'rgba(0, 0, 0, 0)';
            while (el && /rgba\\(0, 0, 0, 0\\)|transparent/.test(bg)) { bg = getComputedStyle(el).backgroundColor; el = el.parentElement; }
            return {style: s.outlineStyle, width: s.outlineWidth, color: s.outlineColor, bg: bg};
          }""")
        assert ring["style"] == "solid" and float(ring["width"].rstrip("px")) >= 2, ring
        assert _contrast(_rgb(ring["color"]), _rgb(ring["bg"])) >= 3, ring
        page.keyboard.press("Enter")
        feedback = page.locator(".lstmq-question").first.locator(".lstmq-feedback")
        assert feedback.inner_text().startswith(("Right:", "Not quite:"))
    finally:
        context.close()


def test_progress_survives_a_reload_until_start_again(chromium, base_url):
    context = chromium.new_context()
    page = context.new_page()
    try:
        url = f"{base_url}/{SET}/self-test.html"
        page.goto(url)
        questions = page.locator(".lstmq-question")
        first, second = questions.nth(0), questions.nth(1)
        right = first.get_attribute("data-answer")
        wrong = next(x for x in "ABCD" if x != second.get_attribute("data-answer"))
        first.locator(f"label[for$='-{right}']").click()
        second.locator(f"label[for$='-{wrong}']").click()
        page.reload()
        first, second = page.locator(".lstmq-question").nth(0), page.locator(".lstmq-question").nth(1)
        assert first.get_attribute("data-result") == "right" and second.get_attribute("data-result") == "wrong"
        assert second.locator(f"input[value='{wrong}']").is_checked()
        assert "your answer, wrong" in second.inner_text()
        assert "1 right of 2 answered" in page.locator(".lstmq-score").inner_text()
        # Another page of the same set keeps its own answers.
        page.goto(f"{base_url}/{SET}/by-difficulty.html")
        page.goto(url)
        assert page.locator(".lstmq-question[data-result]").count() == 2

        page.once("dialog", lambda dialog: dialog.accept())
        page.locator(".lstmq-score__again").click()
        page.reload()
        assert page.locator(".lstmq-question[data-result]").count() == 0
        assert "pick an option" in page.locator(".lstmq-score").inner_text()
    finally:
        context.close()


# --- fresh quizzes ----------------------------------------------------------------------------

def _mulberry32(seed: int):
    """The PRNG of lstmq.js, in Python: a shared link must draw the same questions anywhere."""
    state = seed & 0xFFFFFFFF

    def imul(a: int, b: int) -> int:
        return (a * b) & 0xFFFFFFFF

    def random() -> float:
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296
    return random


def _draw(pool: list[dict], size: int, seed: int) -> list[str]:
    random = _mulberry32(seed)

    def shuffled(items):
        out = list(items)
        for i in range(len(out) - 1, 0, -1):
            j = int(random() * (i + 1))
            out[i], out[j] = out[j], out[i]
        return out

    families = list(dict.fromkeys(q["family"] for q in pool))
    queues = [shuffled([q for q in pool if q["family"] == f]) for f in shuffled(families)]
    chosen: list[str] = []
    while len(chosen) < size and any(queues):
        for queue in queues:
            if queue and len(chosen) < size:
                chosen.append(queue.pop(0)["id"])
    return chosen


def _pool(site) -> list[dict]:
    text = (site.site / SET / "quiz-pool.js").read_text(encoding="utf-8")
    return json.loads(text.rstrip().rsplit("\n", 1)[1].split(" = ", 1)[1][:-1])


def _quiz_ids(chromium, url: str, seed: int) -> list[str]:
    context = chromium.new_context()  # its own storage: another machine, as far as the page knows
    page = context.new_page()
    try:
        page.goto(f"{url}?quiz={seed}")
        page.locator(".lstmq-quiz__text", has_text=f"Fresh quiz {seed}:").wait_for()
        headings = page.locator(".lstmq-question h3").all_inner_texts()
        assert [re.sub(r"\W+$", "", h) for h in headings] == [f"Question {i}" for i in range(1, len(headings) + 1)]
        toc = page.locator(".md-sidebar--secondary a.md-nav__link").evaluate_all("els => els.map(a => a.hash)")
        assert all(page.locator(f"h3{h}").count() == 1 for h in toc)  # the contents list still leads somewhere
        return page.locator(".lstmq-question").evaluate_all("els => els.map(e => e.dataset.id)")
    finally:
        context.close()


def test_a_quiz_link_draws_the_same_balanced_questions_anywhere(chromium, site, base_url):
    pool = _pool(site)
    url = f"{base_url}/{SET}/self-test.html"
    first = _quiz_ids(chromium, url, 2024)
    assert first == _quiz_ids(chromium, url, 2024)  # the same link, another browser
    assert first == _draw(pool, 10, 2024)  # and the draw a reimplementation of the PRNG makes
    other = _quiz_ids(chromium, url, 7)
    assert other != first
    for drawn in (first, other):
        families = Counter(next(q["family"] for q in pool if q["id"] == i) for i in drawn)
        assert len(drawn) == 10 and len(set(drawn)) == 10
        assert max(families.values()) - min(families.values()) <= 1

    # Bigger draws stay balanced over families while each family has questions left.
    context = chromium.new_context()
    page = context.new_page()
    try:
        page.goto(f"{url}?quiz=5")
        page.locator(".lstmq-quiz__text", has_text="Fresh quiz 5:").wait_for()
        for size, seed in ((30, 1), (26, 99), (len(pool), 3)):
            drawn = page.evaluate("([size, seed]) => lstmqDraw(lstmqPools['practice'], size, seed).map(q => q.id)",
                                  [size, seed])
            assert drawn == _draw(pool, size, seed)
            counts = Counter(next(q["family"] for q in pool if q["id"] == i) for i in drawn)
            sizes = Counter(q["family"] for q in pool)
            assert len(set(drawn)) == size
            assert all(counts[f] == sizes[f] or counts[f] >= max(counts.values()) - 1 for f in sizes), counts
    finally:
        context.close()


def test_a_quiz_from_a_capped_pool_says_how_much_of_the_set_it_draws_from(chromium, site, base_url):
    """A set larger than its pool (``quiz_pool.POOL_LIMIT``) tells the student the quiz comes from
    part of it. The 120-question set is served with its self-test claiming 500 questions."""
    context = chromium.new_context()
    page = context.new_page()

    def claim_500(route):
        served = route.fetch()
        route.fulfill(response=served, body=served.text().replace('data-total="120"', 'data-total="500"'))

    page.route("**/self-test.html*", claim_500)
    try:
        page.goto(f"{base_url}/{SET}/self-test.html?quiz=3")
        text = page.locator(".lstmq-quiz__text", has_text="Fresh quiz 3:")
        text.wait_for()
        assert "10 questions drawn from 120 of the set's 500." in text.inner_text()
    finally:
        context.close()
    page = chromium.new_page()
    try:
        page.goto(f"{base_url}/{SET}/self-test.html?quiz=3")
        text = page.locator(".lstmq-quiz__text", has_text="Fresh quiz 3:")
        text.wait_for()
        assert "10 questions drawn from all 120 of the set." in text.inner_text()
    finally:
        page.close()


def test_the_fresh_quiz_button_draws_a_quiz_that_keeps_its_own_answers(chromium, site, base_url):
    context = chromium.new_context()
    page = context.new_page()
    try:
        page.goto(f"{base_url}/{SET}/self-test.html")
        usual = page.locator(".lstmq-question").evaluate_all("els => els.map(e => e.dataset.id)")
        page.locator(".lstmq-quiz__fresh").click()
        page.wait_for_url(re.compile(r"self-test\.html\?quiz=\d+$"))
        page.locator(".lstmq-quiz__text", has_text="Fresh quiz").wait_for()
        quiz_url = page.url
        drawn = page.locator(".lstmq-question").evaluate_all("els => els.map(e => e.dataset.id)")
        assert len(drawn) == 10 and drawn != usual
        first = page.locator(".lstmq-question").first
        first.locator(f"label[for$='-{first.get_attribute('data-answer')}']").click()
        assert "1 right of 1 answered" in page.locator(".lstmq-score").inner_text()
        page.reload()
        page.locator(".lstmq-quiz__text", has_text="Fresh quiz").wait_for()
        assert page.locator(".lstmq-question").first.get_attribute("data-result") == "right"
        # The usual self-test has answers of its own (none yet).
        page.locator(".lstmq-quiz__text a").click()
        page.wait_for_url(re.compile(r"self-test\.html$"))
        assert page.locator(".lstmq-question[data-result]").count() == 0
        assert page.url != quiz_url
    finally:
        context.close()


# --- print ------------------------------------------------------------------------------------

def _pdf_pages(page, path) -> list[str]:
    page.pdf(path=str(path))
    need(shutil.which("pdftotext") is not None, "pdftotext is absent (Debian package poppler-utils)")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")


def _white_margins(path) -> bool:
    need(shutil.which("pdftoppm") is not None, "pdftoppm is absent (Debian package poppler-utils)")
    data = subprocess.run(["pdftoppm", "-r", "20", "-gray", "-f", "1", "-l", "1", str(path)],
                          capture_output=True, check=True).stdout  # a PGM (P5) on stdout
    fields = data.split(maxsplit=4)
    width, height = int(fields[1]), int(fields[2])
    pixels = fields[4][-width * height:]
    corners = [pixels[0], pixels[width - 1], pixels[-width], pixels[-1]]
    return min(corners) > 240


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_print_is_on_white_without_verdicts_and_keeps_headings_with_their_question(chromium, site, base_url,
                                                                                 tmp_path, scheme):
    context = chromium.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(f"{base_url}/{SET}/self-test.html")
        _answer_all(page, wrong_every=2)
        page.emulate_media(media="print")
        style = page.evaluate("""() => {
            const wrong = document.querySelector('.lstmq-option.lstmq-picked-wrong');
            const right = document.querySelector('.lstmq-option.lstmq-correct');
            const s = (el) => getComputedStyle(el);
            return {html: s(document.documentElement).backgroundColor, body: s(document.body).backgroundColor,
                    text: s(document.querySelector('.md-typeset p')).color,
                    wrong: [s(wrong).borderTopColor, s(wrong).backgroundColor, s(wrong).boxShadow],
                    right: [s(right).borderTopColor, s(right).backgroundColor, s(right).boxShadow],
                    note: s(document.querySelector('.lstmq-note')).display,
                    feedback: s(document.querySelector('.lstmq-feedback')).display};
          }""")
        assert style["body"] == "rgb(255, 255, 255)", style
        assert style["html"] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), style
        assert _contrast(_rgb(style["text"]), (1, 1, 1, 1)) >= 7, style
        for frame in (style["wrong"], style["right"]):
            assert frame == ["rgb(187, 187, 187)", "rgba(0, 0, 0, 0)", "none"], style
        assert style["note"] == "none" and style["feedback"] == "none"

        pages = _pdf_pages(page, tmp_path / "self-test.pdf")
        assert _white_margins(tmp_path / "self-test.pdf")
        assert len([p for p in pages if p.strip()]) > 1
        numbers = set()
        for text in pages:
            for match in re.finditer(r"(?m)^\s*Question (\d+)(?!\d|:)", text):
                numbers.add(int(match.group(1)))
                # The heading's page also holds its question's options.
                assert f"Question {match.group(1)}: pick one answer" in text[match.end():], text[-400:]
        assert numbers == set(range(1, 11))
    finally:
        context.close()


# --- search from disk -------------------------------------------------------------------------

def test_search_finds_a_question_by_its_id_from_a_site_opened_from_disk(chromium, site):
    record = sorted(site.questions.values(), key=lambda q: q["id"])[0]
    family_pages = sorted((site.site / SET / "families").glob("*.html"))
    home = next(p for p in family_pages if f"<code>{record['id']}</code>" in p.read_text(encoding="utf-8"))
    context = chromium.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto((site.site / "index.html").as_uri())
        page.locator("input.md-search__input").click()
        page.keyboard.type(record["id"], delay=20)
        results = page.locator(".md-search-result__item a")
        results.first.wait_for(timeout=20_000)
        hrefs = [re.sub(r"\?[^#]*", "", results.nth(i).get_attribute("href")) for i in range(results.count())]
        assert any(h.startswith("file://") and re.search(rf"/{SET}/families/{home.name}#q-\d+$", h) for h in hrefs), hrefs
    finally:
        context.close()
    assert errors == []


def test_the_site_ships_the_upstream_search_shim():
    """The vendored iframe-worker shim is the npm package's file, under a licence note."""
    upstream = ROOT / ".cache" / "node" / "node_modules" / "iframe-worker" / "shim" / "index.js"
    need(upstream.is_file(), "iframe-worker is absent: run scripts/bootstrap (npm)")
    ours = (ROOT / "templates" / "site" / "scaffold" / "docs" / "assets" / "iframe-worker-shim.js").read_text(encoding="utf-8")
    note, code = ours.split("*/\n", 1)
    assert "MIT" in note and "iframe-worker 1.0.4" in note
    assert code.strip() == upstream.read_text(encoding="utf-8").strip()
