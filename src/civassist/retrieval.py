"""Hybrid retrieval: dense (Chroma) + BM25, fused by reciprocal rank fusion.

The retriever follows the live index generation: when an ingest switches ``CURRENT`` (or, in
server mode, the switch record in the server), the next query loads the new generation, fetching
only the segments it has not seen, and opens that generation's BM25 index (built once, saved).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from civassist.errors import IndexError_, InputError
from civassist.index.catalog import (
    lexical_folder,
    open_catalog,
    open_store,
    segment_tokens_file,
)
from civassist.index.embedding import Embedder
from civassist.index.lexical import LexicalIndex, cached_tokens
from civassist.index.snapshot import Manifest, Snapshot
from civassist.settings import Settings
from civassist.types import Chunk, Passage


@dataclass(frozen=True)
class Hit:
    """A passage with the evidence behind its rank, for abstention and evaluation."""

    passage: Passage
    dense: float  # cosine similarity of query and chunk (0 when not among dense candidates)
    lexical: float  # BM25 score (0 when not among lexical candidates)


@dataclass
class Retrieval:
    """The result of one search."""

    query: str
    hits: list[Hit]
    timings_ms: dict[str, float] = field(default_factory=dict)

    @property
    def passages(self) -> list[Passage]:
        return [h.passage for h in self.hits]


class _Loaded:
    """One generation as a reader holds it: chunks in manifest order, live ids, BM25."""

    def __init__(
        self,
        snapshot: Snapshot,
        stamp: object,
        lexical_dir: Path | None,
        tokenized: Callable[[], list[list[str]]],
    ) -> None:
        self.snapshot = snapshot
        self.stamp = stamp
        self.by_id = {c.id: i for i, c in enumerate(snapshot.chunks)}
        self.live = snapshot.manifest.live_ids()
        self.lexical = LexicalIndex.open_tokenized(lexical_dir, tokenized)


class HybridRetriever:
    """Search the live index; one instance per process is enough (thread-safe)."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or Embedder(settings.cache_dir)
        self.store = open_store(settings)
        self.catalog = open_catalog(settings, self.store)
        self._segments: dict[str, dict[str, Chunk]] = {}  # segments are immutable: cache them
        # server mode: their BM25 tokens by chunk id, with the hash of the text they came from
        self._tokens: dict[str, dict[str, tuple[int, list[str]]]] = {}
        self._retired: set[str] = set()
        self._loaded: _Loaded | None = None
        self._lock = threading.Lock()

    def snapshot(self) -> Snapshot:
        return self._current().snapshot

    def chunks(self) -> list[Chunk]:
        return self._current().snapshot.chunks

    def _current(self) -> _Loaded:
        stamp = self.catalog.stamp()
        loaded = self._loaded
        if loaded is not None and loaded.stamp == stamp:
            return loaded
        with self._lock:
            if self._loaded is not None and self._loaded.stamp == stamp:
                return self._loaded
            generation = self.catalog.current()
            if generation is None:
                raise IndexError_(
                    f"no index in {self.catalog.location}; run `civassist ingest` first"
                )
            manifest = self.catalog.read(generation)
            snapshot = Snapshot(manifest, self._chunks_of(manifest))
            self._loaded = _Loaded(
                snapshot, stamp, lexical_folder(self.settings, generation),
                lambda: self._tokenized(manifest, snapshot.chunks),
            )  # fmt: skip
            return self._loaded

    def _tokenized(self, manifest: Manifest, chunks: list[Chunk]) -> list[list[str]]:
        """BM25 tokens of ``chunks``, worked out once per segment (see ``cached_tokens``).

        Embedded, a segment's tokens are saved in its folder and read back for each new
        generation rather than held (they would cost ~80 MB at 100k chunks). In server mode
        there is no such folder: they are held in memory, and records a merge moved keep theirs.
        """
        segment_of = {
            chunk_id: record.segment
            for record in manifest.documents.values()
            for chunk_id in record.chunk_ids
        }
        held = {i: pair for tokens in self._tokens.values() for i, pair in tokens.items()}

        def known(chunk_id: str, text: str) -> list[str] | None:
            pair = held.get(chunk_id)
            return pair[1] if pair is not None and pair[0] == hash(text) else None

        by_segment: dict[str, dict[str, list[str]]] = {}
        for segment in manifest.segments:
            if segment in self._tokens:
                by_segment[segment] = {i: pair[1] for i, pair in self._tokens[segment].items()}
                continue
            texts = {i: c.embedding_text() for i, c in self._segments[segment].items()}
            path = segment_tokens_file(self.settings, segment)
            by_segment[segment] = cached_tokens(path, texts, known)
            if path is None:
                self._tokens[segment] = {
                    i: (hash(text), by_segment[segment][i]) for i, text in texts.items()
                }
        for segment in set(self._tokens) - set(manifest.segments):
            del self._tokens[segment]  # retired: its records are gone from this generation
        return [by_segment[segment_of[c.id]][c.id] for c in chunks]

    def _chunks_of(self, manifest: Manifest) -> list[Chunk]:
        """The manifest's chunks, in its order; only segments not seen before are fetched."""
        for segment in manifest.segments:
            if segment not in self._segments:
                chunks, _ = self.store.records(segment)
                self._segments[segment] = {c.id: c for c in chunks}
        # close a segment one reload after its last use: a query that began before this
        # reload may still be reading it
        for segment in self._retired - set(manifest.segments):
            self.store.release(segment)
        self._retired = {s for s in self._segments if s not in manifest.segments}
        for segment in self._retired:
            del self._segments[segment]
        ordered: list[Chunk] = []
        for source in sorted(manifest.documents):
            record = manifest.documents[source]
            held = self._segments.get(record.segment, {})
            for chunk_id in record.chunk_ids:
                chunk = held.get(chunk_id)
                if chunk is None:
                    raise IndexError_(
                        f"chunk {chunk_id} of {source} is missing from segment "
                        f"{record.segment} at {self.store.location()}; run `civassist ingest`"
                    )
                ordered.append(chunk)
        return ordered

    def _dense(
        self, loaded: _Loaded, vector: NDArray[np.float32], depth: int
    ) -> list[tuple[str, float]]:
        """The ``depth`` nearest live chunks over every segment of the generation.

        A segment may hold records that this generation no longer uses (an edited file's old
        chunks); ask for more until ``depth`` live ones come back or the segment is exhausted.
        """
        found: list[tuple[str, float]] = []
        for segment, total in loaded.snapshot.manifest.segments.items():
            live = loaded.live.get(segment, set())
            if not live:
                continue
            n = min(total, depth + min(total - len(live), depth))
            while True:
                kept = [(i, s) for i, s in self.store.query(segment, vector, n) if i in live]
                if len(kept) >= depth or n >= total:
                    break
                n = min(total, n * 4)
            found.extend(kept)
        found.sort(key=lambda hit: (-hit[1], loaded.by_id.get(hit[0], 0)))
        return found[:depth]

    def idf(self, term: str) -> float:
        """Inverse document frequency of a tokenized term in the live index."""
        return self._current().lexical.idf(term)

    def knows(self, term: str) -> bool:
        """Whether a tokenized term occurs anywhere in the live index."""
        return self._current().lexical.knows(term)

    def search(self, query: str, k: int | None = None) -> Retrieval:
        """The ``k`` best passages for ``query``."""
        query = check_query(query, self.settings.max_question_chars)
        k = k or self.settings.top_k
        if k < 1:
            raise InputError("k must be at least 1")
        started = time.perf_counter()
        loaded = self._current()
        chunks = loaded.snapshot.chunks
        if not chunks:
            return Retrieval(query, [], {"total": 0.0})
        depth = max(self.settings.candidates, k)
        t0 = time.perf_counter()
        vector = self.embedder.embed_query(query)
        t1 = time.perf_counter()
        dense = self._dense(loaded, vector, depth)
        t2 = time.perf_counter()
        lexical = loaded.lexical.search(query, depth)
        t3 = time.perf_counter()

        fused: dict[int, float] = {}
        dense_score: dict[int, float] = {}
        lexical_score: dict[int, float] = {}
        rrf_k = self.settings.rrf_k
        for rank, (chunk_id, similarity) in enumerate(dense, start=1):
            idx = loaded.by_id.get(chunk_id)
            if idx is None:
                continue  # a vector without a chunk: ignore rather than cite it
            dense_score[idx] = similarity
            fused[idx] = fused.get(idx, 0.0) + self.settings.dense_weight / (rrf_k + rank)
        for rank, (idx, score) in enumerate(lexical, start=1):
            lexical_score[idx] = score
            fused[idx] = fused.get(idx, 0.0) + self.settings.lexical_weight / (rrf_k + rank)
        order = sorted(fused, key=lambda i: (-fused[i], i))[:k]
        hits = [
            Hit(
                Passage.from_chunk(chunks[i], rank, round(fused[i], 6)),
                dense_score.get(i, 0.0),
                lexical_score.get(i, 0.0),
            )
            for rank, i in enumerate(order, start=1)
        ]
        done = time.perf_counter()
        timings = {
            "embed": (t1 - t0) * 1000,
            "dense": (t2 - t1) * 1000,
            "lexical": (t3 - t2) * 1000,
            "total": (done - started) * 1000,
        }
        return Retrieval(query, hits, timings)


def check_query(query: str, max_chars: int) -> str:
    """The query stripped, or InputError when it is empty or too long."""
    if not isinstance(query, str) or not query.strip():
        raise InputError("the question is empty; type a question about the paper or its cases")
    query = " ".join(query.split())
    if len(query) > max_chars:
        raise InputError(
            f"the question has {len(query):,} characters; the limit is {max_chars:,}. "
            "Ask a shorter question."
        )
    return query
