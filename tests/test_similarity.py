"""The sentence vector cache: in memory, and on disk so that a new process embeds less."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from civassist.similarity import SentenceSimilarity


class CountingEmbedder:
    """A deterministic stand-in that counts the texts it embeds (the real model is tested
    against it in test_onnx_embedder; here only the caching is under test)."""

    name = "counting"
    dimensions = 4

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed_batch(self, texts: list[str]) -> NDArray[np.float32]:
        self.embedded.extend(texts)
        rows = [[len(t), t.count("a") + 1, t.count("e") + 1, 1.0] for t in texts]
        vectors = np.array(rows, dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_a_second_process_reads_the_vectors_the_first_one_stored(tmp_path: Path) -> None:
    store = tmp_path / "cache" / "sentence-vectors.npz"
    first = CountingEmbedder()
    scores = SentenceSimilarity(first, store=store).scores("a query", ["one sentence", "another"])  # type: ignore[arg-type]
    assert store.is_file() and len(first.embedded) == 3
    second = CountingEmbedder()
    again = SentenceSimilarity(second, store=store).scores("a query", ["one sentence", "another"])  # type: ignore[arg-type]
    assert second.embedded == [] and np.allclose(scores, again)


def test_a_broken_store_is_rebuilt_not_fatal(tmp_path: Path) -> None:
    store = tmp_path / "sentence-vectors.npz"
    store.write_bytes(b"not a numpy archive")
    embedder = CountingEmbedder()
    similarity = SentenceSimilarity(embedder, store=store)  # type: ignore[arg-type]
    assert similarity.scores("q", ["a sentence"]).shape == (1,)
    assert len(embedder.embedded) == 2
    reread = CountingEmbedder()
    SentenceSimilarity(reread, store=store).scores("q", ["a sentence"])  # type: ignore[arg-type]
    assert reread.embedded == []


def test_without_a_store_nothing_is_written(tmp_path: Path) -> None:
    embedder = CountingEmbedder()
    similarity = SentenceSimilarity(embedder)  # type: ignore[arg-type]
    similarity.scores("q", ["x", "y"])
    similarity.scores("q", ["x", "y"])
    assert embedder.embedded == ["q", "x", "y"] and not list(tmp_path.rglob("*.npz"))
