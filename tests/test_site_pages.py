"""The built site of a 120-question set: every question once, with every part, on grouped pages of
a sensible size; the views link instead of copying; MkDocs --strict and Zensical build it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time

import pytest

from lstmq.outputs.site.pages import QUESTIONS_PER_PAGE, SELF_TEST_SIZE
from sitekit import SET_COUNT, copy_project, need, parse_html

pytestmark = pytest.mark.slow

SET = "questions/practice"
PAGE_BUDGET = 250_000  # bytes of HTML for one page of questions, navigation included


def _family_pages(site):
    return sorted((site.site / SET / "families").glob("*.html"))


def _blocks(path):
    tree = parse_html(path.read_text(encoding="utf-8"))
    return [d for d in tree.find_all("div", "lstmq-question")]


def _norm(text: str) -> str:
    return " ".join(text.replace("`", "").split())


def test_every_question_once_on_a_family_page_with_every_part(site):
    seen: dict[str, int] = {}
    torch_version = None
    for path in _family_pages(site):
        for block in _blocks(path):
            qid = block.find("span", "lstmq-meta").find("code").text()
            seen[qid] = seen.get(qid, 0) + 1
            torch_version = check_question_block(block, site.questions[qid], torch_version)
    assert set(seen) == set(site.questions) and set(seen.values()) == {1}
    assert len(seen) == SET_COUNT


def check_question_block(block, record: dict, torch_version: str | None = None) -> str:
    """One question card against its bank record: every part, the controls of its kind. Returns
    the torch version it names (each card of a set must name the same)."""
    meta = block.find("span", "lstmq-meta")
    torch_version = torch_version or re.search(r"verified with torch (\S+)", meta.text()).group(1)
    assert f"verified with torch {torch_version}" in meta.text()
    assert record["family"] in meta.text()

    heading = block.find("h3")
    assert re.fullmatch(r"Question \d+", _norm(heading.text()).rstrip("¶").strip())
    badge = block.find("span", "lstmq-badge")
    assert badge.text() == record["difficulty"] and f"lstmq-{record['difficulty']}" in badge.classes

    assert _norm(record["stem"]) in _norm(block.text())
    if record["code"] is not None:
        code = block.find("div", "highlight").find("code")
        assert code.text().rstrip("\n") == record["code"].rstrip("\n")

    kind = record.get("kind", "single")
    fieldset = block.find("fieldset", "lstmq-options")
    assert fieldset.attrs["data-kind"] == kind
    legend = fieldset.kids("legend")
    ending = {"single": "pick one answer", "multiple": "select all that apply", "numeric": "enter a number"}[kind]
    assert len(legend) == 1 and _norm(legend[0].text()).endswith(ending)
    right = [c for c in record["choices"] if c["correct"]]
    if kind == "numeric":
        # One labelled text box; the value and tolerance on the card, the traps hidden.
        answer = record["answer"]
        assert float(block.attrs["data-answer"]) == answer["value"]
        assert float(block.attrs["data-tolerance"]) == answer["tolerance"]
        (box,) = list(fieldset.find_all("input"))
        assert (box.attrs["type"], box.attrs["inputmode"]) == ("text", "decimal")
        label = fieldset.find("label")
        assert label.attrs["for"] == box.attrs["id"]
        assert _norm(label.text()) == f"Your answer ({_norm(answer['unit'])})"
        traps = list(fieldset.find_all("span", "lstmq-trap"))
        assert [float(t.attrs["data-value"]) for t in traps] == [t["value"] for t in answer["traps"]]
        assert [_norm(t.text()) for t in traps] == [_norm(t["why"]) for t in answer["traps"]]
        assert not traps or "hidden" in fieldset.find("div", "lstmq-traps").attrs
    else:
        # The options: a fieldset named by its legend, one native radio button (a checkbox for a
        # select-all item) per option, each with its label; the verdicts hidden.
        assert block.attrs["data-answer"] == "".join(c["label"] for c in right)
        items = list(fieldset.find_all("div", "lstmq-option"))
        assert len(items) == 4
        names = set()
        for item, choice in zip(items, record["choices"]):
            radio, label = item.find("input"), item.find("label")
            assert radio.attrs["type"] == ("checkbox" if kind == "multiple" else "radio")
            assert radio.attrs["value"] == choice["label"]
            assert label.attrs["for"] == radio.attrs["id"]
            names.add(radio.attrs["name"])
            why = item.find("span", "lstmq-why")
            assert why.attrs["data-label"] == choice["label"] and "hidden" in why.attrs
            assert "data-search-exclude" in why.attrs
            assert _norm(label.text()) == f"{choice['label']}. {_norm(choice['text'])}"
            assert _norm(why.text()) == _norm(choice["why"])
        assert len(names) == 1
    # An empty live region for what an answer says.
    feedback = block.find("div", "lstmq-feedback")
    assert feedback.attrs["role"] == "status" and feedback.text() == "" and "hidden" not in feedback.attrs

    details = {next(iter(d.classes)): d for d in block.kids("details")}
    has_mistakes = kind != "numeric" or bool(record["answer"]["traps"])
    assert set(details) == {"tip", "success", "warning"} if has_mistakes else {"tip", "success"}
    assert all("open" not in d.attrs for d in details.values())  # collapsed until clicked
    assert details["tip"].find("summary").text() == "Hint"
    assert _norm(record["solution"]["hint"]) in _norm(details["tip"].text())
    solution = details["success"]
    assert solution.find("summary").text() == "Solution"
    steps = solution.find("ol").kids("li")
    assert [_norm(s.text()) for s in steps] == [_norm(s) for s in record["solution"]["steps"]]
    if kind == "single":
        final = f"{_norm(right[0]['text'])} → Option {right[0]['label']}"
    else:
        final = _norm(record["solution"]["final"])
    assert f"Final answer: {final}" in _norm(solution.text())
    assert f"Quick check: {_norm(record['solution']['quick_check'])}" in _norm(solution.text())
    if has_mistakes:
        mistakes = details["warning"]
        assert mistakes.find("summary").text() == "Common mistakes"
        listed = [_norm(li.text()) for li in mistakes.find("ul").kids("li")]
        if kind == "numeric":
            expected = [f"{_norm(li.text()).split(':')[0]}: {_norm(t['why'])}"
                        for li, t in zip(mistakes.find("ul").kids("li"), record["answer"]["traps"])]
            assert [float(x.split(":")[0]) for x in listed] == [t["value"] for t in record["answer"]["traps"]]
        else:
            expected = [f"{c['label']}. {_norm(c['why'])}" for c in record["choices"] if not c["correct"]]
        assert listed == expected
    return torch_version


def test_questions_are_numbered_through_the_set_on_grouped_pages(site):
    table = parse_html((site.site / SET / "index.html").read_text(encoding="utf-8")).find("table")
    order = [a.attrs["href"] for a in table.find_all("a")]  # the set's list of pages, in order
    numbers = []
    for rel in dict.fromkeys(order):
        blocks = _blocks(site.site / SET / rel)
        assert 1 <= len(blocks) <= QUESTIONS_PER_PAGE
        numbers += [int(b.find("h3").attrs["id"].removeprefix("q-")) for b in blocks]
    assert numbers == list(range(1, SET_COUNT + 1))
    pages = _family_pages(site)
    assert len(pages) == len(dict.fromkeys(order))
    assert SET_COUNT / len(pages) >= 5  # grouped: never one page per question


def test_pages_stay_small(site):
    sizes = {p.relative_to(site.site).as_posix(): p.stat().st_size for p in site.site.rglob("*.html")}
    too_big = {k: v for k, v in sizes.items() if v > PAGE_BUDGET}
    assert not too_big
    print(f"\n{len(sizes)} pages, largest {max(sizes.values()) // 1000} kB; "
          f"lstmq build of {SET_COUNT} questions took {site.build_seconds:.1f} s")


def test_views_by_difficulty_and_self_test_link_rather_than_copy(site):
    by_level = (site.site / SET / "by-difficulty.html").read_text(encoding="utf-8")
    assert "lstmq-question" not in by_level and "<pre" not in by_level
    links = re.findall(r'href="(families/[^"#]+\.html)#(q-\d+)"', by_level)
    assert len(links) == SET_COUNT
    ids_by_page = {}
    for rel, anchor in links:
        if rel not in ids_by_page:
            ids_by_page[rel] = set(re.findall(r'id="(q-\d+)"', (site.site / SET / rel).read_text(encoding="utf-8")))
        assert anchor in ids_by_page[rel]

    blocks = _blocks(site.site / SET / "self-test.html")
    assert len(blocks) == SELF_TEST_SIZE
    levels = [b.find("span", "lstmq-badge").text() for b in blocks]
    ranks = {"easy": 0, "medium": 1, "hard": 2}
    assert [ranks[x] for x in levels] == sorted(ranks[x] for x in levels)
    present = {q["difficulty"] for q in site.questions.values()}
    assert set(levels) == present
    assert "lstmq-score" in (site.site / SET / "self-test.html").read_text(encoding="utf-8")


def test_self_test_keys_are_spread_over_the_letters(site):
    keys = [b.attrs["data-answer"] for b in _blocks(site.site / SET / "self-test.html")]
    # Ten keys: the picker takes, in each family's turn, the question whose letter is used least;
    # a family whose questions all carry used letters can force a fourth, never the six in ten of
    # taking each family's first question.
    assert max(keys.count(k) for k in "ABCD") <= 4, keys


def test_ids_are_unique_on_every_page_of_the_set(site):
    for path in (site.site / SET).rglob("*.html"):
        ids = re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8"))
        assert len(ids) == len(set(ids)), path.name


def _cards(html: str) -> dict[str, str]:
    """Question id → the card's HTML, as the page holds it."""
    parts = re.split(r'(?=<div class="lstmq-question")|(?=<div class="lstmq-score")', html)
    cards = {}
    for part in parts[1:]:
        if part.startswith('<div class="lstmq-question"'):
            card = part[:part.rindex("</div>") + len("</div>")]
            cards[re.search(r'data-id="([^"]+)"', card).group(1)] = card
    return cards


def test_the_quiz_pool_holds_each_question_as_mkdocs_builds_its_card(site):
    text = (site.site / SET / "quiz-pool.js").read_text(encoding="utf-8")
    pool = json.loads(text.rstrip().rsplit("\n", 1)[1].split(" = ", 1)[1][:-1])
    built = {}
    for path in _family_pages(site):
        built.update(_cards(path.read_text(encoding="utf-8")))
    assert sorted(q["id"] for q in pool) == sorted(built) and len(pool) == len(site.questions)  # every question
    for item in pool:
        # A family page shows no "in its set" link (the question is there); the pool's card does.
        card = re.sub(r' · <a href="families/[^"]+#q-\d+">in its set</a>', "", item["html"], count=1)
        assert card.strip() == built[item["id"]].strip(), item["id"]


def test_tags_name_each_family_and_difficulty(site):
    listing = (site.site / "tags.html").read_text(encoding="utf-8")
    for record in site.questions.values():
        assert f'id="tag:{record["family"]}"' in listing
        assert f'id="tag:{record["difficulty"]}"' in listing
    page = _family_pages(site)[0].read_text(encoding="utf-8")
    assert 'class="md-tag' in page


def test_the_site_loads_nothing_from_the_internet(site):
    for path in site.site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        remote = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(?:https?:)?//[^"]+"', html)
        assert remote == [], (path.name, remote)


def _mkdocs_env():
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def test_mkdocs_build_strict_passes_on_the_docs_with_a_set(site, tmp_path):
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
                          cwd=site.project, env=_mkdocs_env(), capture_output=True, text=True, timeout=600)
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-3000:]
    assert "WARNING" not in done.stderr
    assert "end of life" not in done.stderr  # the banner is off where lstmq runs MkDocs
    assert (tmp_path / "out" / SET / "self-test.html").is_file()
    print(f"\nmkdocs build --strict of {SET_COUNT} questions: {seconds:.1f} s (whole process)")


def test_zensical_builds_the_same_docs(site, tmp_path):
    zensical = shutil.which("zensical") or (shutil.which("zensical", path=os.path.dirname(sys.executable)))
    need(zensical is not None, "zensical is not installed (test extra)")
    project = copy_project(tmp_path / "project")
    shutil.copytree(site.project / "docs" / "questions", project / "docs" / "questions")
    done = subprocess.run([zensical, "build"], cwd=project, capture_output=True, text=True, timeout=600)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]  # strict: true in mkdocs.yml: any warning fails
    assert "Warning" not in output, output[-3000:]
    for rel in (f"{SET}/self-test.html", f"{SET}/index.html", "tags.html", "reference/cli.html"):
        assert (project / "site" / rel).is_file(), rel
    page = (project / "site" / SET / "self-test.html").read_text(encoding="utf-8")
    assert page.count('class="lstmq-question"') == SELF_TEST_SIZE
    assert "assets/lstmq.js" in page and "<details" in page
