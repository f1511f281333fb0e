"""Ingest: knowledge files → documents → chunks → a new index generation, switched in atomically.

Unchanged files (same content hash, same chunking settings) keep their chunks; unchanged chunk
texts keep their vectors; a file that fails to load keeps its previous version and is reported.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from civassist.corpus.chunking import CHUNKER_VERSION, chunk_document
from civassist.corpus.loaders import (
    MAX_BINARY_BYTES,
    SUPPORTED_SUFFIXES,
    load_document,
    read_regular_file,
)
from civassist.errors import InputError, KnowledgeError
from civassist.guard import flagged_sentences
from civassist.index.embedding import Embedder
from civassist.index.snapshot import (
    DocumentRecord,
    IndexFiles,
    Snapshot,
    new_generation_name,
)
from civassist.index.store import VectorStore
from civassist.settings import Settings
from civassist.tokens import TokenCounter
from civassist.types import Chunk

Progress = Callable[[Iterable[Any], str, int], Iterable[Any]]


@dataclass
class IngestReport:
    """What an ingest did, for the CLI summary and for tests."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    # sentences that address the assistant, per file read in this run (never quoted as answers)
    suspicious: dict[str, list[str]] = field(default_factory=dict)
    requested: int = 0  # files and paths this run was asked to read
    failed: int = 0  # of those, how many could not be read
    documents: int = 0
    chunks: int = 0
    embedded: int = 0
    generation: str | None = None
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    @property
    def exit_code(self) -> int:
        """0 when every file was read, 3 when some failed, 1 when all that were asked failed."""
        if not self.errors:
            return 0
        return 1 if self.requested and self.failed >= self.requested else 3


def _no_progress(items: Iterable[Any], _label: str, _total: int) -> Iterable[Any]:
    return items


def index_params(settings: Settings) -> dict[str, Any]:
    """The settings an index depends on; a change of any forces re-chunking."""
    return {
        "encoding": settings.encoding,
        "chunk_tokens": settings.chunk_tokens,
        "embedding_model": Embedder.name,
        "chunker": CHUNKER_VERSION,
    }


def open_store(settings: Settings) -> VectorStore:
    return VectorStore(settings.chroma_url, settings.index_dir, settings.collection_prefix)


def discover(
    settings: Settings, paths: list[Path] | None
) -> tuple[list[tuple[Path, str]], list[str], list[tuple[str, str]], list[str]]:
    """Files to ingest as (path, source), the sources in scope, path errors and ignored files.

    A source is the path relative to the knowledge folder; for a path outside it, relative to
    the parent of the path given.
    """
    root = settings.knowledge.resolve()
    if paths is None and not root.is_dir():
        raise InputError(
            f"knowledge folder {root} does not exist; set CIVASSIST_KNOWLEDGE or pass paths"
        )
    files: list[tuple[Path, str]] = []
    scopes: list[str] = []
    errors: list[tuple[str, str]] = []
    ignored: list[str] = []
    for target in paths or [root]:
        absolute = target.expanduser().absolute()
        if not (absolute.exists() or absolute.is_symlink()):
            errors.append((str(target), "no such file or directory"))
            continue
        try:
            resolved = absolute.resolve()
        except (RuntimeError, OSError):  # a symlink loop: the loader gives the reason
            resolved = absolute
        prefix = resolved.relative_to(root) if _is_under(resolved, root) else Path(absolute.name)
        if not absolute.is_dir():
            source = prefix.as_posix()
            scopes.append(source)
            files.append((absolute, source))
            continue
        scopes.append("" if prefix == Path(".") else prefix.as_posix() + "/")
        for path in sorted(absolute.rglob("*")):
            relative = path.relative_to(absolute)
            if any(part.startswith(".") for part in relative.parts) or path.is_dir():
                continue
            source = (prefix / relative).as_posix()
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                files.append((path, source))
            else:
                ignored.append(source)
    return files, scopes, errors, ignored


def _is_under(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def _in_scope(source: str, scopes: list[str]) -> bool:
    return any(s == "" or source == s or (s.endswith("/") and source.startswith(s)) for s in scopes)


def _vector_key(chunk: Chunk) -> str:
    return hashlib.sha256(chunk.embedding_text().encode()).hexdigest()


def ingest(
    settings: Settings,
    paths: list[Path] | None = None,
    *,
    embedder: Embedder | None = None,
    progress: Progress = _no_progress,
) -> IngestReport:
    """Bring the index in line with the knowledge files; see the module docstring."""
    started = time.perf_counter()
    files_on_disk = IndexFiles(settings.index_dir)
    report = IngestReport()
    with files_on_disk.lock():
        previous = _load_previous(files_on_disk, settings)
        files, scopes, path_errors, report.ignored = discover(settings, paths)
        report.errors.extend(path_errors)
        report.requested = len(files) + len(path_errors)
        report.failed = len(path_errors)
        same_params = previous.params == index_params(settings)
        counter: TokenCounter | None = None

        documents: dict[str, DocumentRecord] = {
            src: rec for src, rec in previous.documents.items() if not _in_scope(src, scopes)
        }
        new_chunks: dict[str, list[Chunk]] = {}
        seen: set[str] = set()
        for path, source in progress(files, "reading", len(files)):
            seen.add(source)
            old = previous.documents.get(source)
            raw_hash = _content_hash(path, source)
            if old is not None and same_params and raw_hash and old.content_hash == raw_hash:
                documents[source] = old
                report.skipped.append(source)
                continue
            try:  # the per-file boundary: whatever breaks on one file is that file's reason
                doc = load_document(path, source, settings.max_file_chars)
                counter = counter or TokenCounter(settings.encoding, settings.cache_dir)
                chunks = chunk_document(doc, counter.count, settings.chunk_tokens)
            except Exception as exc:
                report.errors.append((source, _reason(exc)))
                report.failed += 1
                if old is not None:
                    documents[source] = old  # keep what worked before; lose nothing
                continue
            flagged = flagged_sentences(
                doc.text, [(b.start, b.end) for b in doc.blocks if not b.is_heading]
            )
            if flagged:
                report.suspicious[source] = flagged
            ids = tuple(c.id for c in chunks)
            documents[source] = DocumentRecord(
                source, doc.title, doc.content_hash, doc.format, ids, doc.meta
            )
            new_chunks[source] = chunks
            (report.updated if old is not None else report.added).append(source)
        report.removed = sorted(
            src for src in previous.documents if _in_scope(src, scopes) and src not in seen
        )
        if not same_params and previous.documents:
            stale = [s for s in documents if s not in new_chunks and s not in seen]
            for src in stale:  # outside this run's scope but chunked with old settings
                report.errors.append((src, "indexed with other settings; re-ingest its folder"))

        if report.changed or (not same_params and new_chunks) or not previous.generation:
            _write_generation(
                settings, files_on_disk, previous, documents, new_chunks, report, embedder, progress
            )
        else:
            report.generation = previous.generation
        report.documents = len(documents)
        report.chunks = sum(len(r.chunk_ids) for r in documents.values())
    if report.chunks:  # the query runtime, exported once (see index/onnx_embedder.py)
        (embedder or Embedder(settings.cache_dir)).prepare_query_model()
    report.seconds = time.perf_counter() - started
    return report


def _content_hash(path: Path, source: str) -> str:
    """The file's SHA-256, or "" when it cannot be read as a regular file (the loader says why)."""
    try:
        return hashlib.sha256(read_regular_file(path, source, MAX_BINARY_BYTES)).hexdigest()
    except KnowledgeError:
        return ""


def _reason(exc: Exception) -> str:
    """One line for the user: a KnowledgeError's own reason, else what broke, named."""
    if isinstance(exc, KnowledgeError):
        return exc.reason
    if isinstance(exc, MemoryError | RecursionError):
        return f"is too large or too deeply nested to load ({type(exc).__name__})"
    detail = " ".join(str(exc).split())[:200]
    return f"could not be loaded ({type(exc).__name__}{': ' + detail if detail else ''})"


def _load_previous(files: IndexFiles, settings: Settings) -> Snapshot:
    generation = files.current()
    if generation is None:
        return Snapshot.empty(index_params(settings))
    return files.read(generation)


def _write_generation(
    settings: Settings,
    files: IndexFiles,
    previous: Snapshot,
    documents: dict[str, DocumentRecord],
    new_chunks: dict[str, list[Chunk]],
    report: IngestReport,
    embedder: Embedder | None,
    progress: Progress,
) -> None:
    old_by_id = {c.id: (c, i) for i, c in enumerate(previous.chunks)}
    old_vectors = {_vector_key(c): previous.vectors[i] for c, i in old_by_id.values()}
    chunks: list[Chunk] = []
    for source in sorted(documents):
        if source in new_chunks:
            chunks.extend(new_chunks[source])
        else:
            chunks.extend(old_by_id[cid][0] for cid in documents[source].chunk_ids)
    keys = [_vector_key(c) for c in chunks]
    missing = [i for i, key in enumerate(keys) if key not in old_vectors]
    vectors = np.zeros((len(chunks), 384), dtype=np.float32)
    for i, key in enumerate(keys):
        if key in old_vectors:
            vectors[i] = old_vectors[key]
    if missing:
        embedder = embedder or Embedder(settings.cache_dir)
        batch = 32
        batches = [missing[i : i + batch] for i in range(0, len(missing), batch)]
        for group in progress(batches, "embedding", len(batches)):
            vectors[group] = embedder.embed_documents([chunks[i].embedding_text() for i in group])
    report.embedded = len(missing)

    snapshot = Snapshot(
        new_generation_name(),
        index_params(settings),
        documents,
        chunks,
        vectors,
        created=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    )
    store = open_store(settings)
    files.write(snapshot)
    store.create(snapshot.generation)
    if chunks:
        store.add(
            snapshot.generation,
            [c.id for c in chunks],
            vectors,
            [c.text for c in chunks],
            [
                {"source": c.source, "section": c.section, "start": c.start, "end": c.end}
                for c in chunks
            ],
        )
    files.switch(snapshot.generation)
    report.generation = snapshot.generation
    keep = {snapshot.generation, previous.generation}
    for name in files.generations():
        if name not in keep:
            store.drop(name)
            files.remove(name)
