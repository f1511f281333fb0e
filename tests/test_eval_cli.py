"""`civassist eval` end to end on the real index: the report files and their shapes (which
outside checks read), a baseline comparison, --fail-under, --compare, splits, briefings and a
bad set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from civassist.cli import main
from civassist.settings import Settings

pytestmark = pytest.mark.e2e

QUESTIONS = [
    {"id": "t-agra", "kind": "case", "question": "Who founded AGRA?", "gold_sections": [],
     "gold_quotes": ["US$100m from the Gates Foundation"], "key_facts": [["gates"], ["rockefeller"]],
     "must_abstain": False},
    {"id": "t-bread", "kind": "unanswerable", "question": "How do I bake sourdough bread?",
     "gold_sections": [], "gold_quotes": [], "key_facts": [], "must_abstain": True},
    {"id": "t-follow", "kind": "followup", "question": "Where is it headquartered?",
     "history": [{"role": "user", "content": "Who founded AGRA?"},
                 {"role": "assistant", "content": "The Gates and Rockefeller foundations [1]."}],
     "gold_sections": [], "gold_quotes": ["headquartered in Nairobi"], "key_facts": [["nairobi"]],
     "must_abstain": False},
]  # fmt: skip
ASK_KEYS = {"question", "standalone_question", "answer", "abstained", "citations", "passages",
            "generator", "notice", "timings_ms"}  # fmt: skip


@pytest.fixture
def env(indexed_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("CIVASSIST_HOME", str(indexed_settings.home))
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(q) + "\n" for q in QUESTIONS), encoding="utf-8")
    return path


def test_report_files_have_the_contract_shapes(env: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "run1", tmp_path / "run2"
    runner = CliRunner()
    result = runner.invoke(main, ["eval", "--questions", str(env), "--report", str(first)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in (first / "results.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == ["t-agra", "t-bread", "t-follow"]
    for row in rows:
        assert set(row) >= {"id", "kind", "metrics", "reasons", "result", "split", "sentences"}
        assert set(row["result"]) == ASK_KEYS
        assert set(row["metrics"]) == set(row["reasons"])
    by_id = {r["id"]: r for r in rows}
    assert by_id["t-agra"]["metrics"]["hit@5"] == 1.0
    assert by_id["t-agra"]["metrics"]["key_fact_coverage"] == 1.0
    assert by_id["t-bread"]["result"]["abstained"] is True
    assert by_id["t-follow"]["result"]["standalone_question"] == "Where is AGRA headquartered?"
    summary = json.loads((first / "summary.json").read_text())
    assert summary["questions"] == 3 and summary["errors"] == 0
    assert summary["generator"] == "extractive"
    assert summary["overall"]["abstention_recall"] == 1.0
    assert set(summary["per_kind"]) == {"case", "unanswerable", "followup"}
    assert {"retrieve_p50", "retrieve_p95", "answer_p50", "answer_p95"} <= set(
        summary["latency_ms"]
    )
    html = (first / "report.html").read_text()
    assert html.count("<svg") >= 2 and 'id="questions"' in html and "http" not in html
    assert "| hit@5 |" in (first / "summary.md").read_text()

    again = runner.invoke(
        main,
        ["eval", "--questions", str(env), "--report", str(second), "--baseline", str(first),
         "--fail-under", "hit@5=1.01"],
    )  # fmt: skip
    assert again.exit_code == 1
    assert "FAIL: hit@5 = 1.0 is below the minimum 1.01" in again.stderr
    assert (
        "| metric | value | 95 % interval | baseline | change |"
        in (second / "summary.md").read_text()
    )
    compared = runner.invoke(main, ["eval", "--compare", str(first), str(second)])
    assert compared.exit_code == 0 and "hit@5" in compared.stdout and "+0.000" in compared.stdout
    assert "0 questions changed" in (second / "compare.html").read_text()
    history = runner.invoke(main, ["eval", "--history", str(tmp_path), "--report", str(tmp_path)])
    assert history.exit_code == 0 and "run2" in (tmp_path / "history.html").read_text()


def test_splits_side_by_side_one_split_and_briefings(env: Path, tmp_path: Path) -> None:
    (env.parent / "split.json").write_text(
        json.dumps({"dev": ["t-agra", "t-bread"], "test": ["t-follow", "b-agra"]})
    )
    briefings = tmp_path / "briefings.jsonl"
    briefings.write_text(json.dumps({"id": "b-agra", "topic": "AGRA's founders and funding",
        "key_points": [["gates"], ["rockefeller"]], "gold_sections": []}) + "\n")  # fmt: skip
    runner = CliRunner()
    both = runner.invoke(main, ["eval", "--questions", str(env), "--briefings", str(briefings),
                                "--report", str(tmp_path / "all")])  # fmt: skip
    assert both.exit_code == 0, both.output
    summary = json.loads((tmp_path / "all" / "summary.json").read_text())
    assert summary["splits"]["dev"]["n"] == 2 and summary["splits"]["test"]["n"] == 1
    assert set(summary["splits"]["dev"]["intervals"]) == set(summary["splits"]["dev"]["overall"])
    assert "dev (n=2)" in both.stdout and "test (n=1)" in both.stdout
    assert summary["briefings"]["briefings"] == 1
    assert summary["briefings"]["overall"]["answered"] == 1.0
    assert summary["briefings"]["overall"]["verbatim"] == 1.0
    briefed = json.loads((tmp_path / "all" / "briefings.jsonl").read_text())
    assert briefed["split"] == "test" and briefed["briefing"]["sections"]
    assert "Briefings — 1 requests" in (tmp_path / "all" / "report.html").read_text()
    test = runner.invoke(main, ["eval", "--questions", str(env), "--split", "test",
                                "--report", str(tmp_path / "test"),
                                "--fail-under", "hit@5=1.01"])  # fmt: skip
    assert test.exit_code == 1 and "FAIL: hit@5" in test.stderr
    rows = (tmp_path / "test" / "results.jsonl").read_text().splitlines()
    assert [json.loads(r)["id"] for r in rows] == ["t-follow"]


def test_a_bad_question_set_names_its_file_and_line(env: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(env.read_text() + '{"id": "x", "kind": "factual"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "--questions", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:4" in result.stderr
