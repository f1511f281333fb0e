"""The eval report and compare pages in a real browser (Debian's chromium through Playwright),
opened from file:// with every other request refused: filtering, sorting, a drill-down, the
compare view. Screenshots go to the test's tmp folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from civassist.evals.compare import write_compare
from civassist.evals.report import load_rows
from tests.browser.test_chat_browser import CHROMIUM, LAUNCH_ARGS
from tests.eval_runs import MARKUP, row, write

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two hand-made runs: B changes three questions of A and has markup in one."""
    root = tmp_path_factory.mktemp("eval-runs")
    good = {"hit@5": 1.0, "key_fact_coverage": 1.0}
    base = [row(f"f{i}", "factual", good, split="dev") for i in range(4)]
    base += [row(f"l{i}", "list", good, split="test") for i in range(3)]
    base.append(row("u0", "unanswerable", {"abstention_correct": 1.0}, split="test",
                    abstained=True, answer="The sources do not cover this question."))  # fmt: skip
    write(root / "a", base)
    changed = list(base)
    changed[1] = row("f1", "factual", {"hit@5": 0.0, "key_fact_coverage": 0.5}, split="dev",
                     question=f"Where is {MARKUP} SELA?", passage=f"Markup {MARKUP}. " +
                     "SELA is based in Caracas.")  # fmt: skip
    changed[5] = row("l1", "list", {"hit@5": 1.0, "key_fact_coverage": 0.0}, split="test")
    changed[7] = row("u0", "unanswerable", {"abstention_correct": 0.0}, split="test")
    write(root / "b", changed, baseline=None, baseline_rows=load_rows(root / "a"))
    write_compare(root / "a", root / "b", root / "b")
    return root / "a", root / "b"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium: apt-get install -y chromium chromium-driver")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """Opens a file:// page; any request to anything but that file fails the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith("file://") else outside.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def go(path: Path) -> Any:
        page.goto(path.as_uri())
        return page

    yield go
    context.close()
    assert outside == [], f"the page asked the network: {outside}"
    assert errors == []


def _ids(page: Any) -> list[str]:
    return [str(x) for x in page.locator("#questions tr.q").evaluate_all(
        "rows => rows.map(r => r.dataset.id)")]  # fmt: skip


def test_report_filters_sorts_and_opens_a_drill_down(
    open_page: Any, runs: tuple[Path, Path], tmp_path: Path
) -> None:
    page = open_page(runs[1] / "report.html")
    assert page.locator("#shown").text_content() == "8 of 8 questions shown"
    page.select_option("#f-kind", "list")
    assert _ids(page) == ["l0", "l1", "l2"]
    page.select_option("#f-kind", "")
    page.select_option("#f-fail", "key_fact_coverage")
    assert _ids(page) == ["f1", "l1"]
    page.select_option("#f-fail", "")
    page.check("#f-changed")
    assert _ids(page) == ["f1", "l1", "u0"]
    page.select_option("#f-split", "test")
    assert _ids(page) == ["l1", "u0"]
    page.uncheck("#f-changed")
    page.select_option("#f-split", "")
    page.click("#questions th[data-col='hit@5']")
    assert _ids(page)[0] == "f1"  # ascending: the one miss first
    page.click("#questions th[data-col='hit@5']")
    assert page.locator("#questions th[data-col='hit@5']").get_attribute("aria-sort") == (
        "descending"
    )
    page.screenshot(path=str(tmp_path / "report-filtered.png"))

    page.click("#questions th[data-col='hit@5']")
    page.click("#questions tr.q[data-id='f1']")
    detail = page.locator("tr.detail")
    assert detail.count() == 1
    assert f"Where is {MARKUP} SELA?" in detail.locator("h3").text_content()
    assert page.evaluate("window.__xss") is None  # the markup stayed text
    assert detail.locator("mark").first.text_content() == "SELA is based in Caracas."
    assert MARKUP in detail.locator(".citation .passage").first.text_content()
    assert detail.locator(".passage.gold").count() >= 1
    assert "reason for hit@5" in detail.locator("table.metrics").text_content()
    assert "1.000" in detail.locator("table.metrics").text_content()  # the baseline value
    assert "total 20.000" in detail.text_content()
    detail.locator("a.cite").first.click()
    assert "flash" in (detail.locator(".citation").first.get_attribute("class") or "")
    detail.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "report-drill-down.png"), full_page=True)
    assert (tmp_path / "report-drill-down.png").stat().st_size > 10_000


def test_compare_view_lists_the_changed_questions(
    open_page: Any, runs: tuple[Path, Path], tmp_path: Path
) -> None:
    page = open_page(runs[1] / "compare.html")
    sections = page.locator("section.change")
    ids = sections.evaluate_all("s => s.map(x => x.dataset.id)")
    assert ids == ["f1", "l1", "u0"]
    page.select_option("#f-direction", "worse")
    assert page.locator("section.change:visible").count() == 3
    page.select_option("#f-direction", "better")
    assert page.locator("section.change:visible").count() == 0
    assert page.locator("#shown").text_content() == "0 shown"
    page.select_option("#f-direction", "")
    first = sections.first
    assert first.locator(".side > div").count() == 2  # both answers side by side
    assert page.evaluate("window.__xss") is None
    page.screenshot(path=str(tmp_path / "compare.png"), full_page=True)
    assert (tmp_path / "compare.png").stat().st_size > 10_000
