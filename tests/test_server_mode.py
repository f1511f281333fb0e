"""The same ingest and search code against a real `chroma run` server on loopback."""

from __future__ import annotations

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
