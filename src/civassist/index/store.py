"""The Chroma vector store, embedded (``PersistentClient``) or a server (``HttpClient``).

It knows segments (one collection each), records (a chunk's text, metadata and vector) and, in
server mode, the ``<prefix>-meta`` collection that holds manifests and the generation switch.
Embeddings are always computed by civassist and passed in, so Chroma never loads a model.

Errors: a server that does not answer is reported as down, with its URL (``BackendUnavailable``);
reads retry a transient connection error a few times with backoff (logged) before giving up.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

import numpy as np
from numpy.typing import NDArray

from civassist.errors import BackendUnavailable, IndexError_
from civassist.types import Chunk

log = logging.getLogger("civassist.store")

_ADD_BATCH = 1000
_GET_BATCH = 2000
RETRY_DELAYS = (0.25, 0.5, 1.0)  # seconds between attempts of a read; bounded on purpose
T = TypeVar("T")


def _chroma_settings() -> Any:
    """A fresh settings object per client (chromadb writes the client's path into it), copied
    from one built once: building it reads the environment and costs ~50 ms a time."""
    return _chroma_settings_template().model_copy()


@functools.lru_cache(maxsize=1)
def _chroma_settings_template() -> Any:
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def _is_connection_error(exc: BaseException) -> bool:
    """Whether ``exc`` means the server did not answer (as opposed to answering with an error)."""
    import httpx

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, httpx.TransportError | ConnectionError | TimeoutError):
            return True
        current = current.__cause__ or current.__context__
    text = str(exc).lower()
    return any(s in text for s in ("connection refused", "connect error", "disconnected"))


def _metadata(chunk: Chunk) -> dict[str, Any]:
    return {
        "source": chunk.source,
        "title": chunk.title,
        "section": chunk.section,
        "start": chunk.start,
        "end": chunk.end,
        "ordinal": chunk.ordinal,
    }


def _chunk(record_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    return Chunk(
        record_id,
        str(meta["source"]),
        str(meta["title"]),
        str(meta.get("section") or ""),
        text,
        int(meta["start"]),
        int(meta["end"]),
        int(meta["ordinal"]),
    )


class VectorStore:
    """One Chroma client (server) or one client per segment folder (embedded)."""

    def __init__(
        self, url: str | None, segments_root: Path, prefix: str, retry: bool = True
    ) -> None:
        self.url = url
        self.segments_root = segments_root
        self.prefix = prefix
        self.retry = retry
        self._clients: dict[str, Any] = {}
        self._collections: dict[str, Any] = {}
        self._search: bool | None = None

    @property
    def mode(self) -> str:
        return "server" if self.url else "embedded"

    def location(self, segment: str | None = None) -> str:
        if self.url:
            return self.url
        return str(self.segments_root / segment) if segment else str(self.segments_root.parent)

    def collection_name(self, segment: str) -> str:
        return f"{self.prefix}-{segment}"

    # -- error handling -------------------------------------------------------------------

    def down(self, exc: BaseException) -> BackendUnavailable:
        detail = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
        return BackendUnavailable(
            f"the Chroma server at {self.url} is down or unreachable ({detail}); "
            "start it (`chroma run`) or check CIVASSIST_CHROMA_URL"
        )

    def guard(self, what: str, call: Callable[[], T], *, read: bool = True) -> T:
        """Run one Chroma call: retry a read on a dropped connection, map errors to ours."""
        delays = RETRY_DELAYS if (read and self.retry and self.url) else ()
        for attempt in range(len(delays) + 1):
            try:
                return call()
            except (IndexError_, BackendUnavailable):
                raise
            except Exception as exc:  # chromadb and httpx raise many types
                if not (self.url and _is_connection_error(exc)):
                    raise BackendUnavailable(
                        f"Chroma {what} failed at {self.location()}: {exc}"
                    ) from exc
                if attempt == len(delays):
                    raise self.down(exc) from exc
                log.warning(
                    "Chroma %s at %s: %s; retry %d of %d in %.2f s",
                    what, self.url, type(exc).__name__, attempt + 1, len(delays), delays[attempt],
                )  # fmt: skip
                time.sleep(delays[attempt])
        raise AssertionError("unreachable")

    # -- clients and collections -----------------------------------------------------------

    def client(self, segment: str = "") -> Any:
        key = self.url or segment
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
                path = self.segments_root / segment
                path.mkdir(parents=True, exist_ok=True)
                client = chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
        except Exception as exc:
            if self.url:
                raise BackendUnavailable(
                    f"cannot reach Chroma at {self.url}: the server is down or unreachable "
                    f"({type(exc).__name__}: {exc}); start it or check CIVASSIST_CHROMA_URL"
                ) from exc
            raise BackendUnavailable(f"cannot open the embedded Chroma store: {exc}") from exc
        self._clients[key] = client
        return client

    def create(self, segment: str) -> None:
        """A fresh, empty collection for ``segment``."""
        client = self.client(segment)
        name = self.collection_name(segment)

        def make() -> Any:
            with contextlib.suppress(Exception):  # absent is fine
                client.delete_collection(name)
            return client.create_collection(
                name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
            )

        self._collections[segment] = self.guard("create", make, read=False)

    def collection(self, segment: str) -> Any:
        if segment in self._collections:
            return self._collections[segment]
        client = self.client(segment)
        name = self.collection_name(segment)

        def get() -> Any:
            try:
                return client.get_collection(name, embedding_function=None)
            except Exception as exc:
                if self.url and _is_connection_error(exc):
                    raise
                raise IndexError_(
                    f"the vector collection {name} is missing at {self.location(segment)}; "
                    "run `civassist ingest`"
                ) from exc

        found = self.guard("get_collection", get)
        self._collections[segment] = found
        return found

    # -- records -------------------------------------------------------------------------

    def add(self, segment: str, chunks: list[Chunk], vectors: NDArray[np.float32]) -> None:
        collection = self.collection(segment)
        for i in range(0, len(chunks), _ADD_BATCH):
            part = chunks[i : i + _ADD_BATCH]
            add = functools.partial(
                collection.add,
                ids=[c.id for c in part],
                embeddings=vectors[i : i + len(part)],
                documents=[c.text for c in part],
                metadatas=[_metadata(c) for c in part],
            )
            self.guard("add", add, read=False)

    def records(
        self, segment: str, ids: list[str] | None = None, *, vectors: bool = False
    ) -> tuple[list[Chunk], NDArray[np.float32]]:
        """The chunks (and, if asked, vectors) of ``ids``, or of every record, in the segment."""
        collection = self.collection(segment)
        include = ["documents", "metadatas"] + (["embeddings"] if vectors else [])
        chunks: list[Chunk] = []
        found: list[Any] = []
        offset = 0
        while True:
            page: dict[str, Any] = {"include": include}
            if ids is not None:
                page["ids"] = ids[offset : offset + _GET_BATCH]
                if not page["ids"]:
                    break
            else:
                page.update(limit=_GET_BATCH, offset=offset)
            result = self.guard("get", functools.partial(collection.get, **page))
            for j, record_id in enumerate(result["ids"]):
                chunks.append(_chunk(record_id, result["documents"][j], result["metadatas"][j]))
                if vectors:
                    found.append(result["embeddings"][j])
            offset += _GET_BATCH
            if ids is None and len(result["ids"]) < _GET_BATCH:
                break
        array = np.asarray(found, dtype=np.float32) if found else np.zeros((0, 384), np.float32)
        return chunks, array

    def query(self, segment: str, vector: NDArray[np.float32], k: int) -> list[tuple[str, float]]:
        """(id, cosine similarity) of the ``k`` nearest vectors in ``segment``."""
        if k <= 0:
            return []
        collection = self.collection(segment)
        result = self.guard(
            "query",
            lambda: collection.query(query_embeddings=[vector], n_results=k, include=["distances"]),
        )
        ids = result["ids"][0]
        distances = result["distances"][0] if result["distances"] else [1.0] * len(ids)
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]

    def release(self, segment: str) -> None:
        """Forget ``segment``'s handles; embedded, close its client (frees its HNSW memory)."""
        self._collections.pop(segment, None)
        client = None if self.url else self._clients.pop(segment, None)
        if client is not None:
            with contextlib.suppress(Exception):  # chromadb < 1.5 has no close()
                client.close()

    def close(self) -> None:
        """Release every embedded client this store opened (the server client stays)."""
        for segment in list(self._clients if not self.url else []):
            self.release(segment)

    def drop(self, segment: str) -> None:
        """Remove ``segment``'s collection (server mode; embedded folders are removed whole)."""
        self.release(segment)
        if self.url:
            client = self.client()
            with contextlib.suppress(Exception):  # already gone
                client.delete_collection(self.collection_name(segment))

    def server_segments(self) -> list[str]:
        """Segments that have a collection on the server (server mode)."""
        if not self.url:
            return []
        client = self.client()
        names = self.guard("list_collections", lambda: [c.name for c in client.list_collections()])
        head = f"{self.prefix}-s"
        return sorted(n[len(self.prefix) + 1 :] for n in names if n.startswith(head))

    def supports_search(self, segment: str) -> bool:
        """Whether the server offers ``Collection.search`` (sparse/BM25 with RRF; distributed and
        hosted Chroma only), probed on ``segment`` once; never assumed. A local ``chroma run``
        and the embedded store do not, and lexical search then runs locally (``lexical.py``)."""
        if not self.url:
            return False
        if self._search is None:
            try:
                from chromadb.execution.expression import Knn, Search

                self.collection(segment).search(Search().rank(Knn(query=[0.0] * 384)).limit(1))
                self._search = True
            except Exception as exc:
                log.info(
                    "Chroma at %s offers no Collection.search (%s); BM25 runs locally",
                    self.url, type(exc).__name__,
                )  # fmt: skip
                self._search = False
        return self._search
