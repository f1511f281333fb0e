"""Index generations on disk: each ingest writes a complete new generation, then switches to it.

Layout under ``index_dir``::

    CURRENT                 the name of the live generation (replaced atomically)
    ingest.lock             flock'ed by the one running ingest
    <generation>/           manifest.json · chunks.jsonl · vectors.npy · chroma/ (embedded mode)

A killed ingest leaves at most an unfinished generation folder that ``CURRENT`` never named;
the next ingest removes it. The previous generation is kept so that a process still reading it
(a running chat server) is not cut off mid-query.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from civassist.errors import IndexBusyError, IndexError_
from civassist.types import Chunk

FORMAT_VERSION = 1


@dataclass(frozen=True)
class DocumentRecord:
    """What the index remembers of one knowledge file."""

    source: str
    title: str
    content_hash: str
    format: str
    chunk_ids: tuple[str, ...]
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Snapshot:
    """One complete generation of the index, as held in memory."""

    generation: str
    params: dict[str, Any]
    documents: dict[str, DocumentRecord]
    chunks: list[Chunk]
    vectors: NDArray[np.float32]
    created: str = ""

    @classmethod
    def empty(cls, params: dict[str, Any]) -> Snapshot:
        return cls("", params, {}, [], np.zeros((0, 384), dtype=np.float32))


def new_generation_name() -> str:
    return time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + secrets.token_hex(3)


class IndexFiles:
    """Reads and writes generations under one index folder."""

    def __init__(self, index_dir: Path) -> None:
        self.root = index_dir

    def current(self) -> str | None:
        try:
            name = (self.root / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name or None

    def pointer_stamp(self) -> tuple[int, int] | None:
        """Changes whenever CURRENT is replaced; cheap enough to check on every query."""
        try:
            st = (self.root / "CURRENT").stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns)

    def read(self, generation: str) -> Snapshot:
        folder = self.root / generation
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            with (folder / "chunks.jsonl").open(encoding="utf-8") as fh:
                chunks = [Chunk.from_dict(json.loads(line)) for line in fh if line.strip()]
            vectors = np.load(folder / "vectors.npy", allow_pickle=False)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise IndexError_(
                f"index generation {generation} in {self.root} is unreadable ({exc}); "
                "run `civassist ingest` to rebuild it"
            ) from exc
        if manifest.get("format_version") != FORMAT_VERSION or len(vectors) != len(chunks):
            raise IndexError_(
                f"index in {self.root} was written by another version; run `civassist ingest`"
            )
        documents = {
            src: DocumentRecord(
                source=src,
                title=rec["title"],
                content_hash=rec["content_hash"],
                format=rec["format"],
                chunk_ids=tuple(rec["chunk_ids"]),
                meta=rec.get("meta", {}),
            )
            for src, rec in manifest["documents"].items()
        }
        return Snapshot(
            generation, manifest["params"], documents, chunks, vectors, manifest.get("created", "")
        )

    def write(self, snapshot: Snapshot) -> None:
        """Write every file of a generation and flush it to disk (CURRENT untouched)."""
        folder = self.root / snapshot.generation
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "chunks.jsonl").open("w", encoding="utf-8") as fh:
            for chunk in snapshot.chunks:
                fh.write(json.dumps(chunk.to_dict(), ensure_ascii=False) + "\n")
            _fsync(fh)
        with (folder / "vectors.npy").open("wb") as bh:
            np.save(bh, snapshot.vectors, allow_pickle=False)
            _fsync(bh)
        manifest = {
            "format_version": FORMAT_VERSION,
            "created": snapshot.created,
            "params": snapshot.params,
            "documents": {
                src: {k: v for k, v in asdict(rec).items() if k != "source"}
                for src, rec in sorted(snapshot.documents.items())
            },
        }
        with (folder / "manifest.json").open("w", encoding="utf-8") as mh:
            json.dump(manifest, mh, ensure_ascii=False, indent=1)
            _fsync(mh)

    def switch(self, generation: str) -> None:
        """Make ``generation`` live, atomically."""
        tmp = self.root / f"CURRENT.{os.getpid()}.tmp"
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(generation + "\n")
            _fsync(fh)
        os.replace(tmp, self.root / "CURRENT")
        _fsync_dir(self.root)

    def generations(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and p.name[:1].isdigit())

    def remove(self, generation: str) -> None:
        shutil.rmtree(self.root / generation, ignore_errors=True)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the ingest lock, or refuse at once if another ingest holds it."""
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / "ingest.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
                raise IndexBusyError(
                    f"another ingest (pid {holder}) is updating the index in {self.root}; "
                    "wait for it to finish and try again"
                ) from None
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            yield
        finally:
            os.close(fd)


def _fsync(fh: Any) -> None:
    fh.flush()
    os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
