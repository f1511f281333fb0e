"""The same ingest and search code against a real `chroma run` server on loopback."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from civassist.assistant import Assistant
from civassist.errors import BackendUnavailable
from civassist.settings import Settings

pytestmark = [pytest.mark.server, pytest.mark.e2e]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ChromaServer:
    """A real `chroma run` on loopback that a test can kill and start again (same port, data)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
        log = (self.folder / "chroma.log").open("ab")
        self.proc = subprocess.Popen(
            [chroma, "run", "--path", str(self.folder / "server-data"), "--host", "127.0.0.1",
             "--port", str(self.port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((self.folder / "chroma.log").read_text()) from None
                time.sleep(0.1)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=15)
        self.proc = None


@pytest.fixture
def chroma(tmp_path: Path) -> Iterator[ChromaServer]:
    server = ChromaServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        if server.proc is not None:
            server.proc.terminate()
            server.proc.wait(timeout=15)


@pytest.fixture
def chroma_server(chroma: ChromaServer) -> str:
    return chroma.url


def test_ingest_and_search_through_a_chroma_server(
    tmp_path: Path, knowledge_copy: Path, chroma_server: str
) -> None:
    settings = Settings.load(
        home=tmp_path / "home", knowledge=knowledge_copy, chroma_url=chroma_server
    )
    assistant = Assistant(settings)
    report = assistant.ingest()
    assert report.added and not report.errors
    status = assistant.status()
    assert status.store == "server" and status.location == chroma_server
    assert status.chunks == report.chunks
    # the vectors really live in the server, not in an embedded folder
    assert not any((settings.index_dir / report.generation).glob("chroma"))  # type: ignore[operator]
    passages = assistant.search(
        "What are the major challenges of South-South cooperation?"
    ).passages
    assert any(p.section.endswith("2. Major Challenges") for p in passages[:3])

    # an edit writes one small new segment; segments neither live nor previous are dropped
    paper = knowledge_copy / "paper.md"
    for round_ in range(3):
        paper.write_text(
            paper.read_text(encoding="utf-8") + f"\n## Extra {round_}\n\nText {round_}.\n"
        )
        assistant.ingest()
    snapshot = assistant.retriever.snapshot()
    previous = assistant.retriever.catalog.read(snapshot.manifest.previous or "")
    assert set(snapshot.manifest.segments) != set(previous.segments)
    assert snapshot.manifest.segments[snapshot.documents["paper.md"].segment] == len(
        snapshot.documents["paper.md"].chunk_ids
    )  # only the edited file was written again
    wanted = set(snapshot.manifest.segments) | set(previous.segments)
    assert set(assistant.retriever.store.server_segments()) == wanted


def test_a_server_that_is_down_gives_a_clear_error(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    settings = Settings.load(home=tmp_path / "home", chroma_url=url)
    with pytest.raises(BackendUnavailable, match="cannot reach Chroma"):
        Assistant(settings).ingest()


def test_incremental_ingest_and_bad_files_through_a_chroma_server(
    tmp_path: Path, knowledge_copy: Path, chroma_server: str
) -> None:
    home = tmp_path / "home"
    assistant = Assistant(
        Settings.load(home=home, knowledge=knowledge_copy, chroma_url=chroma_server)
    )
    first = assistant.ingest()
    chunks = assistant.status().chunks

    again = assistant.ingest()  # unchanged: nothing added, the same generation stays live
    assert not again.added and not again.updated and not again.removed
    assert assistant.status().generation == first.generation
    assert assistant.status().chunks == chunks

    (knowledge_copy / "cases" / "sela.md").unlink()
    (knowledge_copy / "broken.md").write_bytes(b"\xff\xfe\x00binary\x00data")
    report = assistant.ingest()
    assert report.removed == ["cases/sela.md"]
    assert [source for source, _ in report.errors] == ["broken.md"]
    status = assistant.status()
    assert status.documents == 5 and status.chunks < chunks
    passages = assistant.search("Where is the SELA Permanent Secretariat?", k=10).passages
    assert all(p.source != "cases/sela.md" for p in passages)
    ids = [p.id for p in assistant.search("South-South cooperation", k=50).passages]
    assert len(ids) == len(set(ids))  # no duplicate chunks after the re-ingests


QUESTIONS = [
    "Who founded AGRA?",
    "Where is the SELA Permanent Secretariat?",
    "What are the major challenges of South-South cooperation?",
]


def _results(assistant: Assistant) -> list[list[tuple[str, int, float]]]:
    return [[(p.id, p.rank, p.score) for p in assistant.search(q, k=6).passages] for q in QUESTIONS]


def _replica(home: Path, knowledge: Path, url: str) -> Assistant:
    return Assistant(Settings.load(home=home, knowledge=knowledge, chroma_url=url))


def _cli(home: Path, knowledge: Path, url: str, *args: str) -> subprocess.Popen[bytes]:
    env = dict(
        os.environ, CIVASSIST_HOME=str(home), CIVASSIST_KNOWLEDGE=str(knowledge),
        CIVASSIST_CHROMA_URL=url,
    )  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "civassist.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_two_replicas_share_one_index_in_the_server(
    tmp_path: Path, knowledge_copy: Path, chroma: ChromaServer
) -> None:
    a = _replica(tmp_path / "home-a", knowledge_copy, chroma.url)
    b = _replica(tmp_path / "home-b", tmp_path / "nowhere", chroma.url)  # B has no knowledge
    first = a.ingest()
    assert first.added and not first.errors
    assert _results(b) == _results(a)
    asked_a, asked_b = a.ask(QUESTIONS[0]), b.ask(QUESTIONS[0])
    assert asked_b.answer == asked_a.answer and not asked_b.abstained
    assert asked_b.citations == asked_a.citations
    assert b.status().generation == first.generation and b.status().chunks == first.chunks
    segment = next(iter(b.retriever.snapshot().manifest.segments))
    assert b.retriever.store.supports_search(segment) is False  # local `chroma run`: BM25 here
    assert not (tmp_path / "home-b" / "index").exists() or not any(
        (tmp_path / "home-b" / "index").glob("2*")
    )  # nothing of the index lives in B's home

    # B notices A's next ingest without a restart
    (knowledge_copy / "cases" / "okapi.md").write_text(
        "# Okapi\n\nThe okapi corridor plan links three forest reserves.\n", encoding="utf-8"
    )
    second = a.ingest()
    assert second.added == ["cases/okapi.md"]
    time.sleep(0.6)  # a replica trusts its last look at the switch record for 0.5 s
    assert b.search("okapi corridor plan", k=1).passages[0].source == "cases/okapi.md"
    assert b.status().generation == second.generation
    assert _results(b) == _results(a)

    # a replica that starts later, in a fresh process, answers the same
    proc = _cli(tmp_path / "home-c", tmp_path / "nowhere", chroma.url, "search", "--json",
                QUESTIONS[1])  # fmt: skip
    out, err = proc.communicate(timeout=900)  # a cold process loads the model: slow on 2 cores
    assert proc.returncode == 0, err.decode()
    assert "cases/sela.md" in out.decode()


def test_a_kill_during_ingest_never_shows_another_replica_half_an_index(
    tmp_path: Path, knowledge_copy: Path, chroma: ChromaServer
) -> None:
    a_home = tmp_path / "home-a"
    a = _replica(a_home, knowledge_copy, chroma.url)
    a.ingest()
    b = _replica(tmp_path / "home-b", tmp_path / "nowhere", chroma.url)
    before = _results(b)
    chunks_before = len(b.retriever.chunks())
    for path in knowledge_copy.rglob("*.md"):  # every chunk new: a long ingest to interrupt
        path.write_text(path.read_text(encoding="utf-8").replace("cooperation", "co-operation"))
    segments = set(b.retriever.store.server_segments())
    generation = b.status().generation
    for wait_for_segment in (True, False):
        proc = _cli(a_home, knowledge_copy, chroma.url, "ingest", "--json")
        deadline = time.monotonic() + 300
        while proc.poll() is None and time.monotonic() < deadline:
            if not wait_for_segment or set(b.retriever.store.server_segments()) - segments:
                break  # kill as soon as the new segment exists: mid-write
            assert _results(b) == before  # reads during the ingest see the old index
            time.sleep(0.05)
        proc.kill()
        proc.communicate()
        time.sleep(0.6)
        if b.status().generation == generation:
            assert _results(b) == before and len(b.retriever.chunks()) == chunks_before
        else:  # the kill came after the switch: B shows the new index, whole
            fresh = _replica(tmp_path / "home-c", tmp_path / "nowhere", chroma.url)
            assert _results(b) == _results(fresh)

    finished = _cli(a_home, knowledge_copy, chroma.url, "ingest", "--json")
    _, err = finished.communicate(timeout=600)
    assert finished.returncode == 0, err.decode()
    time.sleep(0.6)
    assert any("co-operation" in c.text for c in b.retriever.chunks())
    assert _results(b) == _results(a)
    snapshot = b.retriever.snapshot()
    previous = b.retriever.catalog.read(snapshot.manifest.previous or "")
    assert set(b.retriever.store.server_segments()) <= set(snapshot.manifest.segments) | set(
        previous.segments
    )  # the half-written segments of the killed ingests are gone


def test_server_killed_during_search_and_ingest_then_restarted(
    tmp_path: Path, knowledge_copy: Path, chroma: ChromaServer
) -> None:
    home = tmp_path / "home"
    assistant = _replica(home, knowledge_copy, chroma.url)
    assistant.ingest()
    before = _results(assistant)
    generation = assistant.status().generation

    chroma.kill()
    with pytest.raises(BackendUnavailable, match="down or unreachable") as down:
        assistant.search(QUESTIONS[0])
    assert chroma.url in str(down.value) and "missing" not in str(down.value)
    proc = _cli(home, knowledge_copy, chroma.url, "search", QUESTIONS[0])
    _, err = proc.communicate(timeout=300)
    message = err.decode()
    assert proc.returncode == 1 and "Traceback" not in message
    assert message.startswith("error: ") and chroma.url in message and "down" in message

    chroma.start()  # the same data: the index is back, for the running process too
    assert _results(assistant) == before

    # kill the server while an ingest writes its new segment
    for path in knowledge_copy.rglob("*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("cooperation", "co-operation"))
    segments = set(assistant.retriever.store.server_segments())
    proc = _cli(home, knowledge_copy, chroma.url, "ingest")
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            if set(assistant.retriever.store.server_segments()) - segments:
                break
        except BackendUnavailable:
            pass
        time.sleep(0.05)
    chroma.kill()
    _, err = proc.communicate(timeout=300)
    message = err.decode()
    assert proc.returncode == 1 and "Traceback" not in message, message
    assert chroma.url in message and "down or unreachable" in message

    chroma.start()
    assert assistant.status().generation == generation  # the previous index stays live
    assert _results(assistant) == before
    report = assistant.ingest()  # and the next ingest completes
    assert report.updated and not report.errors
    assert any("co-operation" in c.text for c in assistant.retriever.chunks())
