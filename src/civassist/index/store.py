"""The Chroma vector store, embedded (``PersistentClient``) or a server (``HttpClient``).

It knows collections, ids, vectors and metadata, nothing of files. Embeddings are always computed
by civassist and passed in, so Chroma never loads (or downloads) a model of its own.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np
from numpy.typing import NDArray

from civassist.errors import BackendUnavailable, IndexError_

_ADD_BATCH = 1000


def _chroma_settings() -> Any:
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


class VectorStore:
    """One Chroma client; a collection per index generation."""

    def __init__(self, url: str | None, embedded_root: Path, prefix: str) -> None:
        self.url = url
        self.embedded_root = embedded_root
        self.prefix = prefix
        self._clients: dict[str, Any] = {}
        self._counts: dict[str, int] = {}

    @property
    def mode(self) -> str:
        return "server" if self.url else "embedded"

    def location(self, generation: str | None = None) -> str:
        if self.url:
            return self.url
        return str(self.embedded_root / generation) if generation else str(self.embedded_root)

    def collection_name(self, generation: str) -> str:
        return f"{self.prefix}-{generation}"

    def _client(self, generation: str) -> Any:
        key = self.url or generation
        if key in self._clients:
            return self._clients[key]
        import chromadb

        try:
            if self.url:
                parsed = urlparse(self.url if "//" in self.url else f"http://{self.url}")
                client = chromadb.HttpClient(
                    host=parsed.hostname or "127.0.0.1",
                    port=parsed.port or 8000,
                    ssl=parsed.scheme == "https",
                    settings=_chroma_settings(),
                )
                client.heartbeat()
            else:
                path = self.embedded_root / generation / "chroma"
                path.mkdir(parents=True, exist_ok=True)
                client = chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
        except Exception as exc:  # chromadb raises many types (ValueError, httpx errors...)
            where = self.url or "the embedded store"
            raise BackendUnavailable(f"cannot reach Chroma at {where}: {exc}") from exc
        self._clients[key] = client
        return client

    def create(self, generation: str) -> None:
        """A fresh, empty collection for ``generation``."""
        client = self._client(generation)
        name = self.collection_name(generation)
        with contextlib.suppress(Exception):  # absent is fine
            client.delete_collection(name)
        client.create_collection(
            name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )

    def add(
        self,
        generation: str,
        ids: list[str],
        vectors: NDArray[np.float32],
        documents: list[str],
        metadatas: list[dict[str, Any]],
    ) -> None:
        collection = self._collection(generation)
        for i in range(0, len(ids), _ADD_BATCH):
            j = i + _ADD_BATCH
            collection.add(
                ids=ids[i:j],
                embeddings=vectors[i:j],
                documents=documents[i:j],
                metadatas=metadatas[i:j],
            )

    def query(
        self, generation: str, vector: NDArray[np.float32], k: int
    ) -> list[tuple[str, float]]:
        """(id, cosine similarity) of the ``k`` nearest vectors."""
        collection = self._collection(generation)
        n = min(k, self.count(generation))
        if n <= 0:
            return []
        try:
            result = collection.query(query_embeddings=[vector], n_results=n, include=["distances"])
        except Exception as exc:
            raise BackendUnavailable(f"Chroma query failed at {self.location()}: {exc}") from exc
        ids = result["ids"][0]
        distances = result["distances"][0] if result["distances"] else [1.0] * len(ids)
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]

    def count(self, generation: str) -> int:
        if generation not in self._counts:
            self._counts[generation] = int(self._collection(generation).count())
        return self._counts[generation]

    def drop(self, generation: str) -> None:
        """Remove ``generation``'s collection (server mode; embedded folders are removed whole)."""
        if not self.url:
            return
        with contextlib.suppress(Exception):  # already gone
            self._client(generation).delete_collection(self.collection_name(generation))

    def _collection(self, generation: str) -> Any:
        client = self._client(generation)
        try:
            return client.get_collection(self.collection_name(generation), embedding_function=None)
        except Exception as exc:
            raise IndexError_(
                f"the vector collection for index {generation} is missing at "
                f"{self.location(generation)}; run `civassist ingest`"
            ) from exc
