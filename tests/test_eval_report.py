"""The report pages on hand-made runs: escaping, size, compare lists exactly the changed
questions, history; and a metric added by one definition shows up everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from civassist.evals import catalog
from civassist.evals.compare import changes, write_compare
from civassist.evals.history import write_history
from civassist.evals.metrics import MetricResult
from civassist.evals.report import load_rows
from tests.eval_runs import MARKUP, row, write


def test_markup_in_a_question_and_a_passage_is_text(tmp_path: Path) -> None:
    rows = [row("x1", question=f"What is {MARKUP}?", passage=f"A passage {MARKUP} here.")]
    write(tmp_path, rows)
    page = (tmp_path / "report.html").read_text()
    assert "<script>window.__xss" not in page and "<img src=x" not in page
    assert page.count("<script") == 2  # the JSON data and the page's own script
    data = page.split('id="eval-data">', 1)[1].split("</script>", 1)[0]
    parsed = json.loads(data)
    assert parsed["rows"][0]["q"] == f"What is {MARKUP}?"
    assert any(MARKUP in p["text"] for p in parsed["passages"].values())


def test_report_for_200_questions_is_under_1_mb(tmp_path: Path) -> None:
    long_passage = " ".join(["South-South cooperation has a long history."] * 30)
    rows = [
        row(f"q{i:03}", kind=("factual", "list", "case")[i % 3], passage=long_passage,
            metrics={m.name: 1.0 for m in catalog.METRICS}, split=("dev", "test")[i % 2])
        for i in range(200)
    ]  # fmt: skip
    run = write(tmp_path, rows)
    size = (tmp_path / "report.html").stat().st_size
    assert 50_000 < size <= 1_000_000, size
    assert set(run.summary["splits"]) == {"dev", "test"}
    assert "dev (n=100)" in (tmp_path / "report.html").read_text()


def test_compare_lists_exactly_the_questions_whose_metrics_changed(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write(a, [row("same"), row("worse"), row("better", metrics={"hit@5": 0.0}),
              row("dropped"), row("mixed", metrics={"hit@5": 1.0, "mrr": 0.5})])  # fmt: skip
    write(b, [row("same"), row("worse", metrics={"hit@5": 0.0, "key_fact_coverage": 1.0},
                                answer="SELA was founded in 1975."),
              row("better", metrics={"hit@5": 1.0}), row("added"),
              row("mixed", metrics={"hit@5": 0.0, "mrr": 1.0})])  # fmt: skip
    found = changes(load_rows(a), load_rows(b))
    assert [(c.id, c.direction) for c in found] == [
        ("worse", "worse"),
        ("better", "better"),
        ("mixed", "mixed"),
    ]
    assert found[0].deltas == {"hit@5": (1.0, 0.0)}
    path = write_compare(a, b, b)
    page = path.read_text()
    assert path == b / "compare.html" and "3 questions changed" in page
    assert page.count('<section class="change"') == 3
    assert 'data-id="same"' not in page and 'data-id="added"' not in page
    assert "SELA was founded in 1975 [1]." in page and "SELA is based in Caracas [1]." in page


def test_history_draws_each_headline_metric_over_the_runs(tmp_path: Path) -> None:
    for i, value in enumerate((0.5, 0.75, 1.0)):
        write(tmp_path / f"run{i}", [row("q", metrics={"hit@5": value, "mrr": value})])
    page = write_history(tmp_path, tmp_path / "out", last=2).read_text()
    assert page.count("<polyline") >= 2 and "run0" not in page and "run2" in page
    assert "<title>run2: 1.000</title>" in page


@pytest.mark.e2e
def test_a_metric_is_one_definition_and_one_list_entry(
    assistant: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from civassist.evals.dataset import EvalQuestion
    from civassist.evals.report import write_run
    from civassist.evals.runner import run

    def answer_words(question: object, answer: object, context: object) -> MetricResult:
        words = len(getattr(answer, "answer", "").split())
        return MetricResult(min(1.0, words / 100), f"{words} words")

    dummy = catalog.Metric("answer_words", "answer length / 100", answer_words)
    monkeypatch.setattr(catalog, "METRICS", [*catalog.METRICS, dummy])
    question = EvalQuestion("d1", "case", "Who founded AGRA?", [], [], [["gates"]], False)
    result = run(assistant, [question])  # type: ignore[arg-type]
    write_run(result, tmp_path)
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert 0 < summary["overall"]["answer_words"] <= 1
    assert "answer_words" in summary["intervals"] and "answer_words" in summary["per_kind"]["case"]
    assert "answer_words" in (tmp_path / "report.html").read_text()
    assert "| answer_words |" in (tmp_path / "summary.md").read_text()
