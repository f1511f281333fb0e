"""Where manifests and the generation switch live: local files, or records in the Chroma server.

Embedded mode keeps them in ``index_dir`` (``IndexFiles``: ``CURRENT`` replaced by ``os.replace``).
Server mode keeps them in the server, in the ``<prefix>-meta`` collection, so that every replica
sharing the server sees one index whatever its own home: a record ``manifest:<generation>`` per
generation and one record ``current`` naming the live one. Replacing that one record is the
switch, atomic like ``os.replace``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Protocol

from civassist.errors import IndexError_
from civassist.index.lexical import TOKENS_FILE
from civassist.index.snapshot import IndexFiles, Manifest
from civassist.index.store import VectorStore
from civassist.settings import Settings

_CURRENT = "current"
_STAMP_SECONDS = 0.5  # how long a replica trusts its last look at the server's switch record


class Catalog(Protocol):
    """The manifests of an index and which one is live."""

    location: str

    def current(self) -> str | None: ...

    def stamp(self) -> object: ...

    def read(self, generation: str) -> Manifest: ...

    def publish(self, manifest: Manifest) -> None: ...

    def generations(self) -> list[str]: ...

    def remove(self, generation: str) -> None: ...


class FileCatalog:
    """Manifests as files under the index folder; ``CURRENT`` is the switch."""

    def __init__(self, files: IndexFiles) -> None:
        self.files = files
        self.location = str(files.root)

    def current(self) -> str | None:
        return self.files.current()

    def stamp(self) -> object:
        return self.files.pointer_stamp()

    def read(self, generation: str) -> Manifest:
        return self.files.read_manifest(generation)

    def publish(self, manifest: Manifest) -> None:
        self.files.write_manifest(manifest)
        self.files.switch(manifest.generation)

    def generations(self) -> list[str]:
        return self.files.generations()

    def remove(self, generation: str) -> None:
        self.files.remove(generation)


class ServerCatalog:
    """Manifests as records of the ``<prefix>-meta`` collection on the Chroma server."""

    def __init__(self, store: VectorStore) -> None:
        self.store = store
        self.location = f"{store.url} (collection {store.prefix}-meta)"
        self._meta: Any = None
        self._seen: tuple[float, str | None] | None = None

    def _collection(self) -> Any:
        if self._meta is None:
            client = self.store.client()
            name = f"{self.store.prefix}-meta"
            self._meta = self.store.guard(
                "get_or_create_collection",
                lambda: client.get_or_create_collection(name, embedding_function=None),
            )
        return self._meta

    def _get(self, record_id: str) -> str | None:
        meta = self._collection()
        result = self.store.guard("get", lambda: meta.get(ids=[record_id], include=["documents"]))
        return str(result["documents"][0]) if result["ids"] else None

    def _put(self, record_id: str, text: str) -> None:
        meta = self._collection()
        self.store.guard(
            "upsert",
            lambda: meta.upsert(
                ids=[record_id], documents=[text], embeddings=[[0.0]], metadatas=[{"kind": "x"}]
            ),
            read=False,
        )

    def current(self) -> str | None:
        name = self._get(_CURRENT)
        self._seen = (time.monotonic(), name)
        return name or None

    def stamp(self) -> object:
        seen = self._seen
        if seen is not None and time.monotonic() - seen[0] < _STAMP_SECONDS:
            return seen[1]
        return self.current()

    def read(self, generation: str) -> Manifest:
        text = self._get(f"manifest:{generation}")
        if text is None:
            raise IndexError_(
                f"index generation {generation} has no manifest at {self.location}; "
                "run `civassist ingest`"
            )
        return Manifest.from_json(text, self.location)

    def publish(self, manifest: Manifest) -> None:
        self._put(f"manifest:{manifest.generation}", manifest.to_json())
        self._put(_CURRENT, manifest.generation)
        self._seen = None

    def generations(self) -> list[str]:
        meta = self._collection()
        result = self.store.guard("get", lambda: meta.get(include=[]))
        return sorted(i.split(":", 1)[1] for i in result["ids"] if i.startswith("manifest:"))

    def remove(self, generation: str) -> None:
        meta = self._collection()
        self.store.guard("delete", lambda: meta.delete(ids=[f"manifest:{generation}"]), read=False)


def open_store(settings: Settings, *, retry: bool = True) -> VectorStore:
    """The vector store the settings name (embedded under the index folder, or a server)."""
    return VectorStore(
        settings.chroma_url, IndexFiles(settings.index_dir).segments_dir,
        settings.collection_prefix, retry,
    )  # fmt: skip


def open_catalog(settings: Settings, store: VectorStore) -> Catalog:
    """Local manifests in embedded mode; the server's meta collection in server mode."""
    if store.url:
        return ServerCatalog(store)
    return FileCatalog(IndexFiles(settings.index_dir))


def lexical_folder(settings: Settings, generation: str) -> Path:
    """Where a reader keeps the BM25 index of ``generation`` (built once, then loaded)."""
    if settings.chroma_url:
        return settings.cache_dir / "bm25" / f"{settings.collection_prefix}-{generation}"
    return settings.index_dir / generation / "bm25"


def segment_tokens_file(settings: Settings, segment: str) -> Path | None:
    """Where a reader keeps a segment's BM25 tokens: inside its embedded folder (removed with
    it); in server mode nowhere (kept in memory only: a local file would outlive the segment)."""
    if settings.chroma_url:
        return None
    return IndexFiles(settings.index_dir).segments_dir / segment / TOKENS_FILE
