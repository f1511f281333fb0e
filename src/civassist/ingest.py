"""Ingest: knowledge files → documents → chunks → a new index generation, switched in atomically.

Unchanged files (same content hash, same chunking settings) keep their chunks and their records
in the store; the changed ones go to one new segment (unchanged chunk texts keep their vectors);
a file that fails to load keeps its previous version and is reported. See ``index/snapshot.py``.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
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
from civassist.errors import IndexBusyError, IndexError_, InputError, KnowledgeError
from civassist.guard import flagged_sentences
from civassist.index.catalog import Catalog, open_catalog, open_store
from civassist.index.embedding import Embedder
from civassist.index.snapshot import DocumentRecord, IndexFiles, Manifest, new_name
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
    # wall seconds per stage (read, embed, store, publish, gc, query_model), for benchmarks
    stages: dict[str, float] = field(default_factory=dict)

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
    store = open_store(settings)
    catalog = open_catalog(settings, store)
    clock = _StageClock(report.stages)
    with files_on_disk.lock():
        previous = _load_previous(catalog, settings)
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

        clock.lap("read")
        live = previous
        if report.changed or (not same_params and new_chunks) or not previous.generation:
            live = _write_generation(
                settings, store, catalog, previous, documents, new_chunks, report, embedder,
                progress, clock,
            )  # fmt: skip
        else:
            report.generation = previous.generation
        collect_garbage(files_on_disk, store, catalog, known=[live, previous])
        store.close()
        clock.lap("gc")
        report.documents = len(documents)
        report.chunks = sum(len(r.chunk_ids) for r in documents.values())
    if report.chunks:  # the query runtime, exported once (see index/onnx_embedder.py)
        (embedder or Embedder(settings.cache_dir)).prepare_query_model()
    clock.lap("query_model")
    report.seconds = time.perf_counter() - started
    return report


class _StageClock:
    """Adds the wall time since the last lap to a named stage."""

    def __init__(self, stages: dict[str, float]) -> None:
        self.stages = stages
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages[stage] = round(self.stages.get(stage, 0.0) + now - self.last, 4)
        self.last = now


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


MAX_SEGMENTS = 4  # more segments mean more vector queries per search; merge the smallest
EMBED_GROUP = 256  # chunks per embedder call (and progress step); sorted by tokens within it


def _load_previous(catalog: Catalog, settings: Settings) -> Manifest:
    generation = catalog.current()
    if generation is None:
        return Manifest.empty(index_params(settings))
    try:
        return catalog.read(generation)
    except IndexBusyError:
        raise
    except IndexError_:  # another version's or a damaged manifest: rebuild from the files
        return Manifest.empty(index_params(settings))


def _write_generation(
    settings: Settings,
    store: VectorStore,
    catalog: Catalog,
    previous: Manifest,
    documents: dict[str, DocumentRecord],
    new_chunks: dict[str, list[Chunk]],
    report: IngestReport,
    embedder: Embedder | None,
    progress: Progress,
    clock: _StageClock,
) -> Manifest:
    """Write the changed documents to one new segment and publish a manifest that uses it.

    Unchanged documents stay where they are: their records are not rewritten, so the cost is
    that of the change. A segment whose records are mostly dead, and the smallest segments when
    there are too many, are merged into the new segment (their records are copied as they are).
    """
    kept = {src: rec for src, rec in documents.items() if src not in new_chunks}
    live: dict[str, int] = {}
    for rec in kept.values():
        live[rec.segment] = live.get(rec.segment, 0) + len(rec.chunk_ids)
    segments = {seg: n for seg, n in previous.segments.items() if live.get(seg)}
    merge = {seg for seg, n in segments.items() if live[seg] * 2 < n}
    for seg in sorted(segments, key=lambda s: live[s]):
        if len(segments) - len(merge) + 1 <= MAX_SEGMENTS:
            break
        merge.add(seg)

    chunks: list[Chunk] = []
    vectors: list[np.ndarray] = []
    moved = sorted(src for src, rec in kept.items() if rec.segment in merge)
    for seg in sorted(merge):
        ids = [cid for src in moved if kept[src].segment == seg for cid in kept[src].chunk_ids]
        got, got_vectors = store.records(seg, ids, vectors=True)
        chunks.extend(got)
        vectors.extend(got_vectors)

    # an edited file re-embeds only the chunks whose text changed: reuse the old version's vectors
    reuse: dict[str, np.ndarray] = {}
    for src in [s for s in new_chunks if s in previous.documents] + report.removed:
        old = previous.documents[src]
        old_chunks, old_vectors = store.records(old.segment, list(old.chunk_ids), vectors=True)
        reuse.update((_vector_key(c), v) for c, v in zip(old_chunks, old_vectors, strict=True))
    clock.lap("fetch")  # the merged segments' records and the edited files' old vectors
    fresh = [c for src in sorted(new_chunks) for c in new_chunks[src]]
    fresh_vectors = np.zeros((len(fresh), 384), dtype=np.float32)
    missing = []
    for i, chunk in enumerate(fresh):
        vector = reuse.get(_vector_key(chunk))
        if vector is None:
            missing.append(i)
        else:
            fresh_vectors[i] = vector
    if missing:
        embedder = embedder or Embedder(settings.cache_dir)
        texts = {i: fresh[i].embedding_text() for i in missing}
        # Longest first, in large groups: the embedder pads each batch of 32 to its longest text,
        # and chunks in file order wasted ~29% of the forward pass on padding.
        missing.sort(key=lambda i: -len(texts[i]))
        batches = [missing[i : i + EMBED_GROUP] for i in range(0, len(missing), EMBED_GROUP)]
        for group in progress(batches, "embedding", len(batches)):
            fresh_vectors[group] = embedder.embed_documents([texts[i] for i in group])
    report.embedded = len(missing)
    clock.lap("embed")
    chunks.extend(fresh)
    vectors.extend(fresh_vectors)

    published = {seg: n for seg, n in segments.items() if seg not in merge}
    if chunks:
        segment = new_name("s")
        store.create(segment)
        store.add(segment, chunks, np.asarray(vectors, dtype=np.float32).reshape(-1, 384))
        published[segment] = len(chunks)
        for src in [*moved, *new_chunks]:
            documents[src] = replace(documents[src], segment=segment)
    clock.lap("store")
    manifest = Manifest(
        new_name(),
        index_params(settings),
        documents,
        published,
        previous=previous.generation or None,
        created=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    )
    catalog.publish(manifest)
    report.generation = manifest.generation
    clock.lap("publish")
    return manifest


def collect_garbage(
    files: IndexFiles, store: VectorStore, catalog: Catalog, known: Sequence[Manifest] = ()
) -> None:
    """Remove every generation and segment that neither the live one nor its previous uses.

    Run by every ingest, also one that changes nothing, so that what killed ingests left behind
    goes away; the previous generation stays for readers that have not switched yet. Manifests
    in ``known`` (the ingest holds them in memory already) are not read again: at 100k chunks a
    manifest is megabytes of JSON.
    """
    in_memory = {m.generation: m for m in known if m.generation}

    def read(generation: str) -> Manifest:
        return in_memory.get(generation) or catalog.read(generation)

    current = catalog.current()
    keep: set[str] = set()
    used: set[str] = set()
    if current is not None:
        manifest = read(current)
        keep = {current}
        used.update(manifest.segments)
        if manifest.previous:
            keep.add(manifest.previous)
            with contextlib.suppress(IndexError_):  # the previous one may be gone already
                used.update(read(manifest.previous).segments)
    for generation in catalog.generations():
        if generation not in keep:
            catalog.remove(generation)
    if store.url:
        for segment in store.server_segments():
            if segment not in used:
                store.drop(segment)
    else:
        for generation in files.generations():  # folders of other versions, too
            if generation not in keep:
                files.remove(generation)
        for segment in files.segment_folders():
            if segment not in used:
                store.drop(segment)
                files.remove_segment(segment)
    files.remove_strays()
