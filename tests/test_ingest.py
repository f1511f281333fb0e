"""Ingest against the real embedding model and the real embedded Chroma."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from civassist.assistant import Assistant
from civassist.errors import IndexBusyError
from civassist.index.snapshot import IndexFiles
from civassist.settings import Settings

pytestmark = pytest.mark.e2e


def _settings(tmp_path: Path, knowledge: Path) -> Settings:
    return Settings.load(home=tmp_path / "home", knowledge=knowledge)


def _consistent(assistant: Assistant) -> tuple[int, int]:
    """Check the live index: chunks unique, the manifest and every segment in Chroma agree."""
    retriever = assistant.retriever
    snapshot = retriever.snapshot()
    ids = [c.id for c in snapshot.chunks]
    assert len(ids) == len(set(ids))
    assert snapshot.manifest.chunk_count == len(ids)
    for segment, records in snapshot.manifest.segments.items():
        assert retriever.store.collection(segment).count() == records
    return len(snapshot.documents), len(ids)


def test_reingest_skips_edits_replace_and_deletes_remove(
    tmp_path: Path, knowledge_copy: Path
) -> None:
    assistant = Assistant(_settings(tmp_path, knowledge_copy))
    first = assistant.ingest()
    assert first.added and not first.errors
    docs, chunks = _consistent(assistant)
    assert docs == len(first.added)

    # leftovers of killed ingests (a generation and a segment nothing names) go on any ingest
    (stale := assistant.settings.index_dir / "20200101T000000-dead00").mkdir()
    (assistant.settings.index_dir / "segments" / "s20200101T000000-dead00").mkdir()
    again = assistant.ingest()
    assert not stale.exists()
    assert IndexFiles(assistant.settings.index_dir).segment_folders() == sorted(
        assistant.retriever.snapshot().manifest.segments
    )
    assert not again.changed and again.generation == first.generation
    assert sorted(again.skipped) == sorted(first.added)
    assert _consistent(assistant) == (docs, chunks)

    paper = knowledge_copy / "paper.md"
    before = {c.id for c in assistant.retriever.chunks() if c.source == "paper.md"}
    paper.write_text(
        paper.read_text(encoding="utf-8") + "\n## Annex\n\nA zebra-crossing annex paragraph.\n",
        encoding="utf-8",
    )
    edited = assistant.ingest()
    assert edited.updated == ["paper.md"] and not edited.added and not edited.removed
    assert edited.embedded == 1  # only the new chunk is embedded; the rest reuse vectors
    after = {c.id for c in assistant.retriever.chunks() if c.source == "paper.md"}
    assert before < after and len(after - before) == 1
    assert _consistent(assistant) == (docs, chunks + 1)
    top = assistant.search("zebra-crossing annex", k=1).passages[0]
    assert top.section == "Annex" and top.source == "paper.md"

    (knowledge_copy / "cases" / "sela.md").unlink()
    removed = assistant.ingest()
    assert removed.removed == ["cases/sela.md"]
    assert all(c.source != "cases/sela.md" for c in assistant.retriever.chunks())
    assert _consistent(assistant)[0] == docs - 1


def test_bad_files_are_reported_and_the_rest_indexed(tmp_path: Path, knowledge_copy: Path) -> None:
    assistant = Assistant(_settings(tmp_path, knowledge_copy))
    assistant.ingest()
    good_docs, good_chunks = _consistent(assistant)
    paper_before = (knowledge_copy / "paper.md").read_text(encoding="utf-8")

    bad = knowledge_copy / "bad"
    bad.mkdir()
    (bad / "empty.md").write_bytes(b"")
    (bad / "latin1.md").write_bytes("Caf\xe9".encode("latin-1"))
    (bad / "binary.md").write_bytes(bytes(range(256)) * 8)
    (bad / "huge.md").write_bytes(b"lorem ipsum " * 450_000)  # 5.4 MB
    (bad / "gone.md").symlink_to(bad / "nowhere.md")
    (bad / "notes.xyz").write_text("ignored")
    (bad / "fine.md").write_text("# Fine\n\nA perfectly good okapi paragraph.\n")
    # a file that was good and is now broken keeps its previous version
    (knowledge_copy / "paper.md").write_bytes(b"\xff\xfe broken now")

    report = assistant.ingest()
    reasons = dict(report.errors)
    assert set(reasons) == {
        "bad/empty.md",
        "bad/latin1.md",
        "bad/binary.md",
        "bad/huge.md",
        "bad/gone.md",
        "paper.md",
    }
    assert "UTF-8" in reasons["bad/latin1.md"] and "binary" in reasons["bad/binary.md"]
    assert "limit" in reasons["bad/huge.md"] and "not found" in reasons["bad/gone.md"]
    assert report.added == ["bad/fine.md"]
    assert report.ignored == ["bad/notes.xyz"]
    assert _consistent(assistant) == (good_docs + 1, good_chunks + 1)
    paper_chunks = [c for c in assistant.retriever.chunks() if c.source == "paper.md"]
    assert paper_chunks and all(c.text in paper_before for c in paper_chunks)
    assert assistant.search("okapi paragraph", k=1).passages[0].source == "bad/fine.md"


def test_ingest_of_explicit_paths_and_missing_path(tmp_path: Path, knowledge_copy: Path) -> None:
    outside = tmp_path / "extra"
    outside.mkdir()
    (outside / "memo.txt").write_text("Memo\nThe memo mentions a narwhal summit.\n")
    assistant = Assistant(_settings(tmp_path, knowledge_copy))
    report = assistant.ingest([knowledge_copy / "cases" / "agra.md", outside, tmp_path / "nope.md"])
    assert sorted(report.added) == ["cases/agra.md", "extra/memo.txt"]
    assert report.errors == [(str(tmp_path / "nope.md"), "no such file or directory")]
    assert assistant.search("narwhal summit", k=1).passages[0].source == "extra/memo.txt"


def test_a_second_ingest_is_refused_while_one_runs(tmp_path: Path, knowledge_copy: Path) -> None:
    settings = _settings(tmp_path, knowledge_copy)
    files = IndexFiles(settings.index_dir)
    with files.lock(), pytest.raises(IndexBusyError, match="another ingest"):
        Assistant(settings).ingest()


def _ingest_process(home: Path, knowledge: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, CIVASSIST_HOME=str(home), CIVASSIST_KNOWLEDGE=str(knowledge))
    return subprocess.Popen(
        [sys.executable, "-m", "civassist.cli", "ingest", "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_sigkill_during_ingest_leaves_previous_index_usable(
    tmp_path: Path, knowledge_copy: Path
) -> None:
    settings = _settings(tmp_path, knowledge_copy)
    assistant = Assistant(settings)
    assistant.ingest()
    expected = _consistent(assistant)
    baseline = assistant.search("Who founded AGRA?", k=3).passages
    generation = IndexFiles(settings.index_dir).current()

    # make every chunk new, so the killed ingest is busy embedding and writing Chroma
    for path in knowledge_copy.rglob("*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("cooperation", "co-operation"))
    files = IndexFiles(settings.index_dir)
    segments = set(files.segment_folders())
    kills = 0
    for moment in ("segment folder appears", "segment half written", "after 0.5 s", "manifest"):
        proc = _ingest_process(settings.home, knowledge_copy)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None:
            fresh = set(files.segment_folders()) - segments
            if moment.startswith("segment") and fresh:
                if moment.endswith("written"):
                    time.sleep(0.2)  # mid-Chroma write
                break
            if moment == "manifest" and [g for g in files.generations() if g != generation]:
                break
            if moment.startswith("after") and time.monotonic() > deadline - 299.5:
                break
            time.sleep(0.005)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]
        if files.current() == generation:
            fresh_view = Assistant(settings)
            assert _consistent(fresh_view) == expected
            assert fresh_view.search("Who founded AGRA?", k=3).passages == baseline
    assert kills >= 1

    # the next ingest completes, removes half-written generations and leaves no duplicates
    finished = _ingest_process(settings.home, knowledge_copy)
    out, err = finished.communicate(timeout=300)
    assert finished.returncode == 0, err.decode()
    summary = json.loads(out)
    assert not summary["errors"]
    final = Assistant(settings)
    docs, _ = _consistent(final)
    assert docs == expected[0]
    live = files.current()
    assert set(files.generations()) <= {live, generation}
    manifest = final.retriever.snapshot().manifest
    used = set(manifest.segments) | set(files.read_manifest(generation or "").segments)
    assert set(files.segment_folders()) <= used  # what the killed ingests wrote is gone
    assert any("co-operation" in c.text for c in final.retriever.chunks())
    rebuilt = Assistant(_settings(tmp_path / "rebuilt", knowledge_copy))
    rebuilt.ingest()  # the same as a full rebuild from scratch
    assert [c.to_dict() for c in rebuilt.retriever.chunks()] == [
        c.to_dict() for c in final.retriever.chunks()
    ]
    question = "Who founded AGRA?"
    assert rebuilt.search(question, k=6).passages == final.search(question, k=6).passages
