"""Cosine similarity of short texts with the bundled embedder, with a cache of sentence vectors."""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
from numpy.typing import NDArray

from civassist.index.embedding import Embedder


class SentenceSimilarity:
    """Scores texts against a query; sentence vectors are cached (the corpus repeats itself)."""

    def __init__(self, embedder: Embedder, cache_size: int = 50_000) -> None:
        self.embedder = embedder
        self.cache_size = cache_size
        self._cache: OrderedDict[str, NDArray[np.float32]] = OrderedDict()
        self._lock = threading.Lock()

    def vectors(self, texts: list[str]) -> NDArray[np.float32]:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            fresh = self.embedder.embed_batch(missing)
            with self._lock:
                for text, vector in zip(missing, fresh, strict=True):
                    self._cache[text] = vector
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        with self._lock:
            if not texts:
                return np.zeros((0, self.embedder.dimensions), dtype=np.float32)
            return np.stack([self._cache[t] for t in texts]).astype(np.float32, copy=False)

    def scores(self, query: str, texts: list[str]) -> NDArray[np.float32]:
        """Cosine similarity of ``query`` with each of ``texts``."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        vectors = self.vectors([query, *texts])
        result: NDArray[np.float32] = vectors[1:] @ vectors[0]
        return result
