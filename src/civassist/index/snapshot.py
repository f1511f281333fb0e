"""Index generations: what a generation is (a manifest over immutable segments) and its local files.

A generation is a small manifest: the documents, each with its chunk ids and the *segment* that
holds those chunks, and the list of live segments. A segment is a Chroma collection written once
by one ingest and never changed afterwards, so an edit costs a new small segment, not a copy of
the corpus. Layout under ``index_dir`` (embedded mode; see ``catalog.py`` for server mode)::

    CURRENT                 the name of the live generation (replaced atomically)
    ingest.lock             flock'ed by the one running ingest
    <generation>/           manifest.json · bm25/ (written lazily by the first reader)
    segments/<segment>/     one embedded Chroma folder per segment

A killed ingest leaves at most a manifest or segment that ``CURRENT`` never named; the next
ingest (also one that changes nothing) removes them. The previous generation and its segments
are kept so that a process still reading it (a running chat server) is not cut off mid-query.
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

from civassist.errors import IndexBusyError, IndexError_
from civassist.types import Chunk

FORMAT_VERSION = 2


@dataclass(frozen=True)
class DocumentRecord:
    """What the index remembers of one knowledge file."""

    source: str
    title: str
    content_hash: str
    format: str
    chunk_ids: tuple[str, ...]
    meta: dict[str, Any] = field(default_factory=dict)
    segment: str = ""  # the segment whose records hold this document's chunks


@dataclass(frozen=True)
class Manifest:
    """One generation: its documents and the segments they live in."""

    generation: str
    params: dict[str, Any]
    documents: dict[str, DocumentRecord]
    segments: dict[str, int]  # segment name -> number of records written to it
    previous: str | None = None
    created: str = ""

    @classmethod
    def empty(cls, params: dict[str, Any]) -> Manifest:
        return cls("", params, {}, {})

    @property
    def chunk_count(self) -> int:
        return sum(len(r.chunk_ids) for r in self.documents.values())

    def live_ids(self) -> dict[str, set[str]]:
        """Segment name -> the ids of its records that this generation uses."""
        live: dict[str, set[str]] = {name: set() for name in self.segments}
        for record in self.documents.values():
            live.setdefault(record.segment, set()).update(record.chunk_ids)
        return live

    def to_json(self) -> str:
        return json.dumps(
            {
                "format_version": FORMAT_VERSION,
                "generation": self.generation,
                "previous": self.previous,
                "created": self.created,
                "params": self.params,
                "segments": self.segments,
                "documents": {
                    src: {k: v for k, v in asdict(rec).items() if k != "source"}
                    for src, rec in sorted(self.documents.items())
                },
            },
            ensure_ascii=False,
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str, where: str) -> Manifest:
        try:
            data = json.loads(text)
            if data.get("format_version") != FORMAT_VERSION:
                raise IndexError_(
                    f"index in {where} was written by another version; run `civassist ingest`"
                )
            documents = {
                src: DocumentRecord(
                    source=src,
                    title=rec["title"],
                    content_hash=rec["content_hash"],
                    format=rec["format"],
                    chunk_ids=tuple(rec["chunk_ids"]),
                    meta=rec.get("meta", {}),
                    segment=rec["segment"],
                )
                for src, rec in data["documents"].items()
            }
            return cls(
                data["generation"],
                data["params"],
                documents,
                {str(k): int(v) for k, v in data["segments"].items()},
                data.get("previous"),
                data.get("created", ""),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise IndexError_(
                f"the index manifest in {where} is unreadable ({exc}); "
                "run `civassist ingest` to rebuild it"
            ) from exc


@dataclass
class Snapshot:
    """One complete generation of the index, as held in memory by a reader."""

    manifest: Manifest
    chunks: list[Chunk]

    @property
    def generation(self) -> str:
        return self.manifest.generation

    @property
    def documents(self) -> dict[str, DocumentRecord]:
        return self.manifest.documents

    @property
    def params(self) -> dict[str, Any]:
        return self.manifest.params

    @property
    def created(self) -> str:
        return self.manifest.created


def new_name(prefix: str = "") -> str:
    """A sortable, unique name for a generation or (with a prefix) a segment."""
    return prefix + time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + secrets.token_hex(3)


class IndexFiles:
    """The local index folder: the CURRENT pointer, manifests, segment folders and the lock."""

    def __init__(self, index_dir: Path) -> None:
        self.root = index_dir

    @property
    def segments_dir(self) -> Path:
        return self.root / "segments"

    def current(self) -> str | None:
        try:
            name = (self.root / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise IndexError_(f"cannot read {self.root / 'CURRENT'}: {exc}") from exc
        return name or None

    def pointer_stamp(self) -> tuple[int, int] | None:
        """Changes whenever CURRENT is replaced; cheap enough to check on every query."""
        try:
            st = (self.root / "CURRENT").stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns)

    def read_manifest(self, generation: str) -> Manifest:
        path = self.root / generation / "manifest.json"
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise IndexError_(
                f"index generation {generation} in {self.root} is unreadable ({exc}); "
                "run `civassist ingest` to rebuild it"
            ) from exc
        return Manifest.from_json(text, str(self.root))

    def write_manifest(self, manifest: Manifest) -> None:
        """Write a generation's manifest and flush it to disk (CURRENT untouched)."""
        folder = self.root / manifest.generation
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "manifest.json").open("w", encoding="utf-8") as fh:
            fh.write(manifest.to_json())
            _fsync(fh)
        _fsync_dir(folder)

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

    def segment_folders(self) -> list[str]:
        if not self.segments_dir.is_dir():
            return []
        return sorted(p.name for p in self.segments_dir.iterdir() if p.is_dir())

    def remove_segment(self, segment: str) -> None:
        shutil.rmtree(self.segments_dir / segment, ignore_errors=True)

    def remove_strays(self) -> None:
        """Temporary files of killed switches."""
        for tmp in self.root.glob("CURRENT.*.tmp") if self.root.is_dir() else []:
            with contextlib.suppress(OSError):
                tmp.unlink()

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
