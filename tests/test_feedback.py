"""Feedback records: appended safely, read back, and exported as eval questions."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from civassist.cli import main
from civassist.errors import InputError
from civassist.evals.dataset import knowledge_texts, load_questions
from civassist.feedback import FeedbackRecord, FeedbackStore
from civassist.settings import Settings
from civassist.types import Answer, Citation
from tests.conftest import KNOWLEDGE

PASSAGE = (
    "AGRA was announced on 12 September 2006 by the Bill & Melinda Gates Foundation and the "
    "Rockefeller Foundation."
)
QUOTE = "AGRA was announced on 12 September 2006"


def _answer(question: str = "Who founded AGRA?", abstained: bool = False) -> Answer:
    citations = [] if abstained else [
        Citation(1, "cases/agra.md", "AGRA", "Founding and founders", PASSAGE, QUOTE, 10, 120),
        Citation(2, "paper.md", "The paper", "IV. Cases › 2. Alliance (AGRA)", PASSAGE, QUOTE, 5, 9),
    ]  # fmt: skip
    return Answer(
        question=question,
        standalone_question=question,
        answer="The sources do not cover this question." if abstained else f"{QUOTE} [1][2].",
        abstained=abstained,
        citations=citations,
        passages=[],
        generator="extractive",
        notice="The sources do not cover this question." if abstained else None,
        timings_ms={"total": 5.0},
    )


def _store() -> FeedbackStore:
    return FeedbackStore(Settings.load())


def test_a_record_keeps_what_is_needed_to_replay_the_question() -> None:
    history = [{"role": "user", "content": "What is AGRA?"}, {"role": "assistant", "content": "x"}]
    store = _store()
    store.add(FeedbackRecord.for_answer(_answer(), "up", "  clear and cited  ", history))
    with sqlite3.connect(store.path) as db:
        rows = db.execute("SELECT record FROM feedback").fetchall()
    assert len(rows) == 1
    data = json.loads(rows[0][0])
    assert list(data) == [
        "timestamp", "rating", "comment", "question", "standalone_question", "history",
        "answer", "citations", "generator",
    ]  # fmt: skip
    assert data["rating"] == "up"
    assert data["comment"] == "clear and cited"
    assert data["history"] == history
    assert data["citations"][0]["quote"] == QUOTE
    assert data["generator"] == "extractive"
    assert store.path == Settings.load().home / "feedback.sqlite3"


def test_unknown_rating_is_refused() -> None:
    with pytest.raises(InputError, match="up' or 'down"):
        FeedbackRecord.for_answer(_answer(), "meh")


def test_concurrent_writers_never_interleave_lines() -> None:
    store = _store()
    comment = "x" * 20_000  # longer than one pipe/page write, truncated to the maximum
    threads = [
        threading.Thread(
            target=lambda: [
                store.add(FeedbackRecord.for_answer(_answer(), "down", comment)) for _ in range(10)
            ]
        )
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    records = store.records()
    assert len(records) == 80
    assert all(r.rating == "down" and len(r.comment) == 4000 for r in records)


def test_export_gives_valid_eval_questions(tmp_path: Path) -> None:
    store = _store()
    follow = [
        {"role": "user", "content": "Who founded AGRA?"},
        {"role": "assistant", "content": "x"},
    ]
    store.add(FeedbackRecord.for_answer(_answer(), "up"))
    store.add(FeedbackRecord.for_answer(_answer("When was it announced?"), "down", "", follow))
    store.add(FeedbackRecord.for_answer(_answer("Capital of France?", abstained=True), "up"))
    cases = store.export_cases()
    assert [list(c) for c in cases] == [
        ["id", "kind", "question", "history", "gold_sections", "gold_quotes", "key_facts",
         "must_abstain"]
    ] * 3  # fmt: skip
    up, down, abstained = cases
    assert up["kind"] == "factual"
    assert up["gold_sections"] == ["Founding and founders", "2. Alliance (AGRA)"]
    assert up["gold_quotes"] == [QUOTE]
    assert up["must_abstain"] is False
    assert down["kind"] == "followup" and down["history"] == follow
    assert down["gold_sections"] == down["gold_quotes"] == down["key_facts"] == []
    assert down["must_abstain"] is False
    assert abstained["kind"] == "unanswerable" and abstained["must_abstain"] is True
    assert len({c["id"] for c in cases}) == 3

    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in cases) + "\n", encoding="utf-8")
    loaded = load_questions(path, knowledge_texts(KNOWLEDGE))  # gold quotes are verbatim
    assert [q.id for q in loaded] == [c["id"] for c in cases]

    assert [c["question"] for c in store.export_cases("down")] == ["When was it announced?"]
    assert len(store.export_cases("up")) == 2
    with pytest.raises(InputError, match="only must be"):
        store.export_cases("sideways")


def test_no_file_means_no_cases_and_a_broken_line_is_named() -> None:
    store = _store()
    assert store.export_cases() == []
    store.add(FeedbackRecord.for_answer(_answer(), "up"))
    with sqlite3.connect(store.path) as db:
        db.execute("INSERT INTO feedback (record) VALUES (?)", ('{"rating": "up"',))
    with pytest.raises(InputError, match=r"feedback\.sqlite3:2: not a feedback record"):
        store.records()


def test_replicas_share_one_database_and_old_jsonl_is_imported(tmp_path: Path) -> None:
    shared = tmp_path / "shared" / "feedback.sqlite3"
    home_a, home_b = tmp_path / "a", tmp_path / "b"
    home_a.mkdir()
    legacy = FeedbackRecord.for_answer(_answer("An old question?"), "down")
    (home_a / "feedback.jsonl").write_text(json.dumps(legacy.to_dict()) + "\n", encoding="utf-8")
    script = (
        "import sys; from civassist.feedback import FeedbackRecord, FeedbackStore; "
        "from civassist.settings import Settings; from tests.test_feedback import _answer; "
        "store = FeedbackStore(Settings.load(home=sys.argv[1], feedback_db=sys.argv[2])); "
        "[store.add(FeedbackRecord.for_answer(_answer(f'q{i}?'), 'up')) for i in range(25)]"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(home), str(shared)])
        for home in (home_a, home_b, home_a, home_b)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    for home in (home_a, home_b):
        store = FeedbackStore(Settings.load(home=home, feedback_db=str(shared)))
        records = store.records()
        assert len(records) == 101  # imported once, although two processes share home A
        assert [r.question for r in records].count("An old question?") == 1
    assert not (home_a / "feedback.jsonl").exists()
    with sqlite3.connect(shared) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_cli_exports_only_thumbs_down(tmp_path: Path) -> None:
    store = _store()
    store.add(FeedbackRecord.for_answer(_answer(), "up"))
    store.add(FeedbackRecord.for_answer(_answer("Where is AGRA based?"), "down", "wrong city"))
    runner = CliRunner()
    result = runner.invoke(main, ["feedback", "export", "--only", "down"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [c["question"] for c in lines] == ["Where is AGRA based?"]
    assert lines[0]["gold_quotes"] == [] and lines[0]["kind"] == "factual"

    out = tmp_path / "new.jsonl"
    result = runner.invoke(main, ["feedback", "export", "-o", str(out)])
    assert result.exit_code == 0
    assert "2 case(s) written" in result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def _open_at_once(store: FeedbackStore, writers: int) -> list[BaseException]:
    start = threading.Barrier(writers)
    failed: list[BaseException] = []

    def open_() -> None:
        start.wait()
        try:
            store._connect().close()
        except InputError as exc:
            failed.append(exc)

    threads = [threading.Thread(target=open_) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failed


def test_writers_opening_a_new_database_at_once_all_get_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Switching a new file to WAL mode needs it alone; SQLite does not wait for that as it waits
    # for locks, so a writer opening it while others started got "database is locked" (make
    # test, 2026-12-03: one writer of eight lost its ten records; before the retry, this test
    # failed about one round in 25).
    for round_ in range(150):
        monkeypatch.setenv("CIVASSIST_FEEDBACK_DB", str(tmp_path / f"f{round_}.sqlite3"))
        assert not _open_at_once(FeedbackStore(Settings.load()), 8)
