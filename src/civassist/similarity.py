"""Cosine similarity of short texts with the bundled embedder, with a cache of sentence vectors.

The corpus repeats itself: every answer scores the sentences of its passages, and the same
passages come back again and again. Vectors are cached in memory and, when a ``store`` file is
given, on disk too, so a new process (a cold ``civassist ask``) embeds only the sentences no
earlier process has seen. The store is a cache: written atomically, read if it can be, and
rebuilt if not.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from civassist.index.embedding import Embedder

log = logging.getLogger(__name__)

# Vectors kept on disk: 20,000 sentences of 384 floats are ~31 MB, more than the knowledge
# base's ~550 sentences many times over; past it, the oldest are dropped.
STORE_LIMIT = 20_000


class SentenceSimilarity:
    """Scores texts against a query; sentence vectors are cached (the corpus repeats itself)."""

    def __init__(
        self, embedder: Embedder, cache_size: int = 50_000, store: Path | None = None
    ) -> None:
        self.embedder = embedder
        self.cache_size = cache_size
        self.store = store
        self._cache: OrderedDict[str, NDArray[np.float32]] = OrderedDict()
        self._lock = threading.Lock()
        self._stored: OrderedDict[str, NDArray[np.float32]] | None = None  # by text digest

    def vectors(self, texts: list[str]) -> NDArray[np.float32]:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
            if missing and self.store is not None:
                missing = self._from_store(missing)
        if missing:
            fresh = self.embedder.embed_batch(missing)
            with self._lock:
                for text, vector in zip(missing, fresh, strict=True):
                    self._cache[text] = vector
                self._to_store(missing, fresh)
        with self._lock:
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
            if not texts:
                return np.zeros((0, self.embedder.dimensions), dtype=np.float32)
            return np.stack([self._vector(t) for t in texts]).astype(np.float32, copy=False)

    def scores(self, query: str, texts: list[str]) -> NDArray[np.float32]:
        """Cosine similarity of ``query`` with each of ``texts``."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        vectors = self.vectors([query, *texts])
        result: NDArray[np.float32] = vectors[1:] @ vectors[0]
        return result

    def _vector(self, text: str) -> NDArray[np.float32]:
        vector = self._cache.get(text)
        if vector is None:  # evicted by a bigger batch in another thread: embed it again
            vector = self.embedder.embed_batch([text])[0]
            self._cache[text] = vector
        return vector

    def _from_store(self, missing: list[str]) -> list[str]:
        """Fill the memory cache from the disk store; the texts still missing."""
        if self._stored is None:
            self._stored = self._load()
        still = []
        for text in missing:
            vector = self._stored.get(_digest(text))
            if vector is None:
                still.append(text)
            else:
                self._cache[text] = vector
        return still

    def _load(self) -> OrderedDict[str, NDArray[np.float32]]:
        assert self.store is not None
        try:
            with np.load(self.store, allow_pickle=False) as data:
                keys, vectors = data["keys"], data["vectors"]
            if vectors.ndim != 2 or vectors.shape[1] != self.embedder.dimensions:
                raise ValueError(f"vectors of shape {vectors.shape}")
            return OrderedDict(zip((str(k) for k in keys), vectors, strict=True))
        except FileNotFoundError:
            return OrderedDict()
        except (OSError, ValueError, KeyError) as exc:
            log.warning("sentence vector cache %s unreadable (%s); rebuilding it", self.store, exc)
            return OrderedDict()

    def _to_store(self, texts: list[str], vectors: NDArray[np.float32]) -> None:
        if self.store is None or self._stored is None:
            return
        for text, vector in zip(texts, vectors, strict=True):
            self._stored[_digest(text)] = np.asarray(vector, dtype=np.float32)
        while len(self._stored) > STORE_LIMIT:
            self._stored.popitem(last=False)
        try:
            self.store.parent.mkdir(parents=True, exist_ok=True)
            partial = self.store.with_name(f".{self.store.name}.{os.getpid()}.tmp")
            with partial.open("wb") as handle:
                np.savez(
                    handle,
                    keys=np.array(list(self._stored), dtype="U40"),
                    vectors=np.stack(list(self._stored.values())).astype(np.float32),
                )
            os.replace(partial, self.store)
        except OSError as exc:  # a cache: a read-only home only costs speed
            log.warning("cannot write the sentence vector cache %s: %s", self.store, exc)


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()
