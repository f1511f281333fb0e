"""Dev/test splits, 95 % intervals, the per-split gate and the briefing metrics, on hand-made
values with known results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from civassist.briefing.model import Briefing, BriefingBlock, BriefingSection
from civassist.errors import InputError
from civassist.evals.briefing_metrics import BRIEFING_METRICS
from civassist.evals.catalog import METRICS, Context
from civassist.evals.dataset import BriefingCase, EvalQuestion, load_questions
from civassist.evals.gate import gate, gate_all, load_thresholds
from civassist.evals.intervals import bootstrap, interval, wilson
from civassist.evals.splits import assign, load_split, select, split_files_for
from civassist.evals.suite import load_suite
from civassist.evals.summary import summarise
from civassist.types import AnswerSentence, Citation
from tests.eval_runs import row

QUOTE = "SELA is based in Caracas"
KNOWLEDGE_TEXT = "SELA is based in Caracas. AGRA is based in Nairobi."


def _q(qid: str, split: str | None = None) -> EvalQuestion:
    return EvalQuestion(qid, "factual", "?", [], [], [], False, [], split)


def test_wilson_and_bootstrap_known_values() -> None:
    assert wilson(0, 10) == pytest.approx((0.0, 0.2775), abs=1e-4)
    assert wilson(10, 10) == pytest.approx((0.7225, 1.0), abs=1e-4)
    assert wilson(5, 10) == pytest.approx((0.2366, 0.7634), abs=1e-4)
    assert interval([1.0] * 30) == (0.886, 1.0)  # 0/1 values: Wilson, not a [1, 1] bootstrap
    values = [0.0, 0.5, 1.0, 0.25, 0.75] * 4
    low, high = bootstrap(values)
    assert low < 0.5 < high and bootstrap(values) == (low, high)  # seeded: reproducible


def test_a_split_file_and_split_fields(tmp_path: Path) -> None:
    path = tmp_path / "split.json"
    path.write_text(json.dumps({"dev": ["a", "b"], "test": ["c"]}))
    splits = load_split(path)
    items = assign([_q("a"), _q("c"), _q("d"), _q("e", "test")], splits)
    assert [q.split for q in items] == ["dev", "test", None, "test"]
    assert [q.id for q in select(items, "test")] == ["c", "e"]
    assert len(select(items, "all")) == 4
    with pytest.raises(InputError, match="'a' is 'test' in its set but 'dev'"):
        assign([_q("a", "test")], splits)
    path.write_text(json.dumps({"dev": ["a"], "test": ["a"]}))
    with pytest.raises(InputError, match="in both splits"):
        load_split(path)
    path.write_text(json.dumps({"train": ["a"]}))
    with pytest.raises(InputError, match="a split file is"):
        load_split(path)
    with pytest.raises(InputError, match="no item of the set is in the dev split"):
        select([_q("x")], "dev")


def test_a_split_file_beside_the_set_is_read_with_it(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "a.md").write_text(KNOWLEDGE_TEXT)
    blind = tmp_path / "blind"
    blind.mkdir()
    line = {"kind": "factual", "question": "Where is SELA?", "gold_sections": [],
            "gold_quotes": [QUOTE], "key_facts": [["caracas"]], "must_abstain": False}  # fmt: skip
    (blind / "questions.jsonl").write_text(
        "".join(json.dumps({"id": i, **line}) + "\n" for i in ("b1", "b2", "b3"))
        + json.dumps({"id": "b4", "split": "dev", **line})
        + "\n"
    )
    (blind / "briefings.jsonl").write_text(json.dumps(
        {"id": "br1", "topic": "SELA", "key_points": [["caracas"]], "gold_sections": []}) + "\n")  # fmt: skip
    (blind / "split.json").write_text(json.dumps({"dev": ["b1"], "test": ["b2", "br1"]}))
    assert split_files_for([blind / "questions.jsonl"]) == [blind / "split.json"]
    suite = load_suite(knowledge, [blind / "questions.jsonl"], blind / "briefings.jsonl")
    assert [q.split for q in suite.questions] == ["dev", "test", None, "dev"]
    assert suite.briefings[0].split == "test"
    test = load_suite(knowledge, [blind / "questions.jsonl"], blind / "briefings.jsonl",
                      split="test")  # fmt: skip
    assert [q.id for q in test.questions] == ["b2"] and len(test.briefings) == 1
    bad = blind / "bad.jsonl"
    bad.write_text(json.dumps({"id": "x", "split": "train", **line}) + "\n")
    with pytest.raises(InputError, match=r"bad\.jsonl:1: split 'train'"):
        load_questions(bad, [KNOWLEDGE_TEXT])


def test_summary_reports_dev_and_test_side_by_side_with_intervals() -> None:
    rows = [row(f"d{i}", metrics={"hit@5": 1.0}, split="dev") for i in range(4)]
    rows += [row(f"t{i}", metrics={"hit@5": float(i % 2)}, split="test") for i in range(4)]
    summary = summarise(rows, [m.name for m in METRICS])
    assert summary["overall"]["hit@5"] == 0.75
    assert summary["splits"]["dev"]["overall"]["hit@5"] == 1.0
    assert summary["splits"]["test"]["overall"]["hit@5"] == 0.5
    assert summary["splits"]["test"]["n"] == 4
    assert summary["splits"]["test"]["intervals"]["hit@5"] == pytest.approx((0.15, 0.85), abs=0.01)
    assert summary["intervals"]["abstention_recall"] == (0.0, 1.0)  # nothing must abstain
    assert summary["overall"]["answerable_answered"] == 1.0


def test_thresholds_per_split_and_the_old_minimum_table(tmp_path: Path) -> None:
    path = tmp_path / "thresholds.toml"
    path.write_text('[minimum]\n"hit@5" = 0.7\n\n[minimum.test]\n"hit@5" = 0.6\n'
                    '"briefings.coverage" = 0.8\n')  # fmt: skip
    thresholds = load_thresholds(path)
    assert thresholds == {None: {"hit@5": 0.7}, "test": {"hit@5": 0.6, "briefings.coverage": 0.8}}
    rows = [row(f"d{i}", metrics={"hit@5": 1.0}, split="dev") for i in range(4)]
    rows += [row(f"t{i}", metrics={"hit@5": float(i % 2)}, split="test") for i in range(4)]
    summary = summarise(rows, ["hit@5"])
    summary["briefings"] = {"overall": {"coverage": 0.9}, "splits": {"test": {
        "overall": {"coverage": 0.75}}}}  # fmt: skip
    assert gate(summary, {"hit@5": 0.7}) == []
    assert gate_all(summary, thresholds) == [
        "test split: hit@5 = 0.5 is below the minimum 0.6",
        "test split: briefings.coverage = 0.75 is below the minimum 0.8",
    ]
    assert gate_all(summary, thresholds, ran="dev") == []
    assert gate(summary, {"hit@5": 0.1}, "nosuch") == [
        "nosuch split: hit@5 = None is below the minimum 0.1"
    ]
    path.write_text('[minimum.train]\n"hit@5" = 0.6\n')
    with pytest.raises(InputError, match=r"\[minimum.train\] is not a split"):
        load_thresholds(path)


def _briefing(abstained: bool = False) -> Briefing:
    passage = "SELA is based in Caracas. It coordinates Latin American positions."
    citation = Citation(1, "cases/sela.md", "SELA", "Overview", passage, QUOTE, 0, len(passage))
    block = BriefingBlock((AnswerSentence("SELA is based in Caracas.", (1,)),), label="SELA")
    section = BriefingSection("key_points", "Key points", () if abstained else (block,))
    return Briefing("SELA", "Briefing: SELA", "2026-12-02", "standard", [section],
                    [] if abstained else [citation], abstained, "extractive")  # fmt: skip


def test_briefing_metrics_known_values() -> None:
    case = BriefingCase("b", "SELA", [["caracas"], ["lima", "peru"]], ["Overview", "History"])
    files = {"cases/sela.md": "SELA is based in Caracas. It coordinates Latin American positions."}
    context = Context(files)
    scores = {m.name: m.score(case, _briefing(), context) for m in BRIEFING_METRICS}
    values = {k: v.value for k, v in scores.items() if v is not None}
    assert values == {"coverage": 0.5, "support": 1.0, "precision": 1.0, "verbatim": 1.0,
                      "sections": 0.5, "answered": 1.0}  # fmt: skip
    assert scores["coverage"] is not None and "missing: lima" in scores["coverage"].reason
    abstained = {m.name: m.score(case, _briefing(True), context) for m in BRIEFING_METRICS}
    assert abstained["answered"] is not None and abstained["answered"].value == 0.0
    assert abstained["coverage"] is not None and abstained["coverage"].value == 0.0
    assert abstained["support"] is None  # not applicable to an abstention
