"""The bundled embedding model exported to ONNX, so that chunks and queries embed without torch.

sentence-transformers stays the model of record: the export is checked against it on a fixed
sample (cosine ≥ :data:`MIN_COSINE`) before it is used. Ingest and queries then run the exported
graph (mean pooling and L2 normalisation inside it) with onnxruntime and tokenizers, which load in
a fraction of a second. The graph is exported with eager attention and fused offline by
``onnxruntime.transformers.optimizer`` (attention, embedding and skip layer norms, GELU: ~17%
faster on these cores; the default sdpa attention exports a graph whose attention does not fuse);
the check runs on the fused graph. An int8 quantisation was 3% faster still but its vectors
differ (cosine ~0.99), so it is not used (docs/measurements.md, issue 11).

Layout under the cache folder (``$CIVASSIST_HOME/cache``)::

    onnx/<key>/model.onnx      the graph: input_ids, attention_mask, token_type_ids → embedding
    onnx/<key>/tokenizer.json  the model's tokenizer, truncating and padding like the model
    onnx/<key>/export.json     what was exported and how well it matched
    onnx/<key>.failed.json     an export that failed its check (sentence-transformers embeds)

``<key>`` hashes the model's files and the export recipe, so a new model or recipe exports anew.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

EXPORT_RECIPE = 2  # bump when the graph or the tokenizer settings change
OPSET = 17
MIN_COSINE = 0.9999
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")

# The fixed sample the export is checked on: short and long, plain and odd.
CHECK_SAMPLE = (
    "What is the Global Civilization Initiative?",
    "south-south cooperation",
    "Which cases show capacity building in agriculture, and what did they achieve?",
    "Ça va? Überprüfung der Übersetzung — 中文 and emoji 🌍 in one line.",
    "a",
    "The initiative calls for respecting the diversity of civilizations, advocating the common "
    "values of humanity, valuing the inheritance and innovation of civilizations, and "
    "strengthening international people-to-people exchanges and cooperation. " * 6,
    "Numbers like 2023, 1.5% and US$40 billion, and acronyms such as BRICS, FOCAC and UNDP.",
    "   whitespace   and\nnew\tlines   ",
)


class ExportFailed(Exception):
    """The export could not be made, or does not match the model of record.

    ``lasting`` is False when the user can fix it (install onnx, free the cache folder): then no
    failure is recorded and the next ingest tries again.
    """

    def __init__(self, reason: str, lasting: bool = True) -> None:
        super().__init__(reason)
        self.lasting = lasting


def export_key(model_dir: Path) -> str:
    """A hash of the model's files and the export recipe (cheap: no large file is read)."""
    digest = hashlib.sha256(f"recipe={EXPORT_RECIPE};opset={OPSET}\n".encode())
    for line in _recorded_hashes(model_dir):
        digest.update(line.encode() + b"\n")
    return digest.hexdigest()[:16]


def _recorded_hashes(model_dir: Path) -> list[str]:
    """The wheel's recorded content hashes of the model files, or sizes and mtimes without one."""
    for record in model_dir.parent.parent.glob(f"{model_dir.parent.name}-*.dist-info/RECORD"):
        prefix = f"{model_dir.parent.name}/{model_dir.name}/"
        rows = record.read_text(encoding="utf-8").splitlines()
        model_rows = sorted(row for row in rows if row.startswith(prefix))
        if model_rows:
            return model_rows
    return sorted(
        f"{p.relative_to(model_dir)},{p.stat().st_size},{p.stat().st_mtime_ns}"
        for p in model_dir.rglob("*")
        if p.is_file()
    )


def export_folder(cache_dir: Path, key: str) -> Path:
    return cache_dir / "onnx" / key


def failure_file(cache_dir: Path, key: str) -> Path:
    return cache_dir / "onnx" / f"{key}.failed.json"


def is_exported(folder: Path) -> bool:
    return all(
        (folder / name).is_file() for name in ("model.onnx", "tokenizer.json", "export.json")
    )


def recorded_failure(cache_dir: Path, key: str) -> str | None:
    """Why an earlier export of ``key`` failed, or None."""
    try:
        data = json.loads(failure_file(cache_dir, key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return str(data.get("reason", "unknown reason"))


class OnnxEncoder:
    """Runs an exported model: texts → unit vectors, with onnxruntime and tokenizers only."""

    def __init__(self, folder: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # errors only
        self._session = onnxruntime.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.folder = folder

    def encode(self, texts: list[str], batch_size: int = 32) -> NDArray[np.float32]:
        """Unit vectors of ``texts``, batched by length (as sentence-transformers does), so that
        a batch pads little."""
        encodings = self._tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: -sum(encodings[i].attention_mask))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for i in range(0, len(order), batch_size):
            group = order[i : i + batch_size]
            width = max(sum(encodings[j].attention_mask) for j in group)
            feeds = {
                name: np.array([getattr(encodings[j], attr)[:width] for j in group], dtype=np.int64)
                for name, attr in zip(_INPUTS, ("ids", "attention_mask", "type_ids"), strict=True)
            }
            out[group] = self._session.run(["embedding"], feeds)[0]
        return out


def export(model: Any, folder: Path) -> float:
    """Export the loaded SentenceTransformer ``model`` into ``folder`` and check it.

    The files are written to a temporary folder beside ``folder`` and renamed into place only
    when the check passes, so a reader never sees half an export.

    Returns:
        The lowest cosine similarity between the export and ``model`` on :data:`CHECK_SAMPLE`.

    Raises:
        ExportFailed: the export raised, or its vectors differ from the model's.
    """
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
        tmp.chmod(0o755)
    except OSError as exc:
        raise ExportFailed(
            f"cannot write the ONNX export under {folder.parent}: {exc}", False
        ) from exc
    try:
        started = time.perf_counter()
        try:
            max_length, fused = _write_export(model, tmp)
            cosine = check(model, OnnxEncoder(tmp))
        except ExportFailed:
            raise
        except Exception as exc:  # torch.onnx and onnxruntime raise many types
            raise ExportFailed(f"the ONNX export failed ({type(exc).__name__}: {exc})") from exc
        info = {
            "recipe": EXPORT_RECIPE,
            "opset": OPSET,
            "max_length": max_length,
            "fused": fused,
            "min_cosine": round(cosine, 6),
            "sample": len(CHECK_SAMPLE),
            "seconds": round(time.perf_counter() - started, 2),
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        (tmp / "export.json").write_text(json.dumps(info, indent=1), encoding="utf-8")
        if folder.exists() and not is_exported(folder):  # damaged by hand: replace it
            shutil.rmtree(folder, ignore_errors=True)
        try:
            os.replace(tmp, folder)
        except OSError as exc:
            if not is_exported(folder):  # else another process finished the same export first
                raise ExportFailed(f"cannot write the ONNX export to {folder}: {exc}") from exc
        return cosine
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def check(model: Any, encoder: OnnxEncoder) -> float:
    """The lowest cosine between ``model`` and ``encoder`` on the sample, batched and one by one."""
    sample = list(CHECK_SAMPLE)
    reference = np.asarray(
        model.encode(sample, normalize_embeddings=True, show_progress_bar=False), dtype=np.float32
    )
    batched = encoder.encode(sample)
    single = np.concatenate([encoder.encode([text]) for text in sample])
    cosine = float(min((batched * reference).sum(1).min(), (single * reference).sum(1).min()))
    if not cosine >= MIN_COSINE:
        raise ExportFailed(
            f"the ONNX export differs from sentence-transformers (cosine {cosine:.6f} < "
            f"{MIN_COSINE})"
        )
    return cosine


def record_failure(cache_dir: Path, key: str, reason: str) -> None:
    path = failure_file(cache_dir, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"reason": reason, "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def _write_export(model: Any, folder: Path) -> tuple[int, bool]:
    """Write model.onnx and tokenizer.json; the model's maximum sequence length, and whether
    the graph was fused."""
    import importlib.util

    if importlib.util.find_spec("onnx") is None:
        raise ExportFailed("the onnx package is missing: pip install onnx", lasting=False)
    import torch

    transformer = model[0].auto_model
    max_length = int(model.max_seq_length)
    graph = _pooled_encoder(transformer).eval()
    sample = model.tokenizer(
        ["a first example sentence", "and a second, longer example sentence here"],
        padding=True,
        return_tensors="pt",
    )
    axes = {name: {0: "batch", 1: "sequence"} for name in _INPUTS}
    attention = transformer.config._attn_implementation
    switch = getattr(transformer, "set_attn_implementation", None)  # absent in older transformers
    if switch is not None:
        switch("eager")  # the graph onnxruntime's fusions recognise (the same numbers as sdpa)
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tracer notes about shape-dependent branches
            torch.onnx.export(
                graph,
                tuple(sample[name] for name in _INPUTS),
                str(folder / "unfused.onnx"),
                input_names=list(_INPUTS),
                output_names=["embedding"],
                dynamic_axes={**axes, "embedding": {0: "batch"}},
                opset_version=OPSET,
                dynamo=False,
            )
    finally:
        if switch is not None:
            switch(attention)  # the loaded model stays as it was
    fused = _fuse(folder / "unfused.onnx", folder / "model.onnx", transformer.config)
    from tokenizers import Tokenizer

    # a copy: the model's own tokenizer is left as it is
    tokenizer = Tokenizer.from_str(model.tokenizer.backend_tokenizer.to_str())
    tokenizer.enable_truncation(max_length=max_length)
    tokenizer.enable_padding(
        pad_id=model.tokenizer.pad_token_id, pad_token=model.tokenizer.pad_token
    )
    tokenizer.save(str(folder / "tokenizer.json"))
    return max_length, fused


def _fuse(source: Path, target: Path, config: Any) -> bool:
    """Fuse ``source``'s attention, layer norms and GELU into ``target``; as it is if that fails.

    The check that follows runs on whichever graph this leaves. Returns whether it fused.
    """
    try:
        from onnxruntime.transformers import optimizer

        fused = optimizer.optimize_model(
            str(source),
            model_type="bert",
            num_heads=int(config.num_attention_heads),
            hidden_size=int(config.hidden_size),
            opt_level=0,  # the session applies its own optimisations on load
        )
        fused.save_model_to_file(str(target))
    except Exception:  # an optional speed-up: any failure leaves the plain graph
        os.replace(source, target)
        return False
    source.unlink()
    return True


def _pooled_encoder(transformer: Any) -> Any:
    """The transformer, then mean pooling over the attention mask, then L2 normalisation."""
    import torch

    class PooledEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            tokens = self.transformer(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            mean = (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    return PooledEncoder()
