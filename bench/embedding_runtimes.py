"""Embedding throughput of each runtime for the bundled model, and full ingest with each (issue 11).

Run: .venv/bin/python bench/embedding_runtimes.py [--chunks 1000] [--skip ingest] [--rounds 2]

On the synthetic corpus (bench/synthetic_corpus.py, fixed seed), two parts:

- embed only: the corpus's chunk texts through each runtime, in file order in batches of 32 (how
  ingest batched before) and sorted by length (how it batches now): chunks/s of wall time,
  chunks per CPU-second of the process (steadier than wall time on a shared machine), and the
  lowest and mean cosine against sentence-transformers. Runtimes: ``st`` (sentence-transformers,
  the model of record), ``onnx`` (the checked export ingest and queries use: eager attention,
  fused offline by ``onnxruntime.transformers.optimizer``), ``onnx-unfused`` (the export as the
  first recipe made it: sdpa attention, not fused), ``int8`` (the export's MatMul and Attention
  quantised dynamically to int8, per channel);
- full ingest: ``ingest()`` into a fresh index with sentence-transformers and with the ONNX
  export, the model loaded and the export made beforehand, as ``bench/suite.py`` times it.

Prints a table with the load average beside each figure; not a test (times vary with load).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

import synthetic_corpus
from civassist.corpus.chunking import chunk_document
from civassist.corpus.loaders import load_document
from civassist.index import onnx_embedder
from civassist.index.embedding import Embedder, _sentence_transformer, model_path
from civassist.ingest import ingest
from civassist.settings import PROJECT_ROOT, Settings
from civassist.tokens import TokenCounter

RUNTIMES = ("st", "onnx", "onnx-unfused", "int8")
Encode = Callable[[list[str]], NDArray[np.float32]]


class SentenceTransformersEmbedder(Embedder):
    """Ingest through sentence-transformers, as before the ONNX export embedded chunks."""

    def embed_documents(self, texts: list[str], batch_size: int = 32) -> NDArray[np.float32]:
        return self.embed_reference(texts, batch_size)


def chunk_texts(settings: Settings, files: list[Path]) -> list[str]:
    counter = TokenCounter(settings.encoding, settings.cache_dir)
    texts = []
    for path in files:
        doc = load_document(path, path.name, settings.max_file_chars)
        chunks = chunk_document(doc, counter.count, settings.chunk_tokens)
        texts.extend(chunk.embedding_text() for chunk in chunks)
    return texts


def variants(export: Path, work: Path) -> dict[str, Path]:
    """The export as recipe 1 made it (sdpa attention, not fused) and the export in int8."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    folders = {name: work / name for name in ("onnx-unfused", "int8")}
    for folder in folders.values():
        folder.mkdir()
        shutil.copy(export / "tokenizer.json", folder)
    model = _sentence_transformer()
    sample = model.tokenizer(["a first sentence", "and a longer second one"], padding=True,
                             return_tensors="pt")  # fmt: skip
    names = onnx_embedder._INPUTS
    axes = {name: {0: "batch", 1: "sequence"} for name in names}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            onnx_embedder._pooled_encoder(model[0].auto_model).eval(),
            tuple(sample[name] for name in names),
            str(folders["onnx-unfused"] / "model.onnx"),
            input_names=list(names),
            output_names=["embedding"],
            dynamic_axes={**axes, "embedding": {0: "batch"}},
            opset_version=onnx_embedder.OPSET,
            dynamo=False,
        )
    quantize_dynamic(
        str(export / "model.onnx"),
        str(folders["int8"] / "model.onnx"),
        weight_type=QuantType.QInt8,
        per_channel=True,  # per tensor: cosine ~0.94 against sentence-transformers
        op_types_to_quantize=["MatMul", "Attention"],
        extra_options={"DefaultTensorType": 1},  # FLOAT, for the fused ops' outputs
    )
    return folders


def encoders(runtimes: list[str], export: Path, work: Path) -> dict[str, Encode]:
    found: dict[str, Encode] = {}
    reference = Embedder()
    folders = {"onnx": export}
    if {"onnx-unfused", "int8"} & set(runtimes):
        folders.update(variants(export, work))
    for name in runtimes:
        if name == "st":
            found[name] = reference.embed_reference
        else:
            found[name] = onnx_embedder.OnnxEncoder(folders[name]).encode
    return found


def embed_only(texts: list[str], runtimes: dict[str, Encode], rounds: int) -> list[dict[str, Any]]:
    reference = runtimes["st"](texts) if "st" in runtimes else None
    longest_first = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    rows = []
    for round_ in range(rounds):
        for name, encode in runtimes.items():
            for order in ("file order", "sorted"):
                encode(texts[:8])  # warm
                load = os.getloadavg()[0]
                started, cpu = time.perf_counter(), time.process_time()
                vectors = np.zeros((len(texts), 384), dtype=np.float32)
                if order == "file order":
                    for i in range(0, len(texts), 32):
                        vectors[i : i + 32] = encode(texts[i : i + 32])
                else:
                    for i in range(0, len(texts), 256):
                        group = longest_first[i : i + 256]
                        vectors[group] = encode([texts[j] for j in group])
                wall, cpu = time.perf_counter() - started, time.process_time() - cpu
                row = {"round": round_ + 1, "runtime": name, "order": order,
                       "chunks_per_s": len(texts) / wall, "chunks_per_cpu_s": len(texts) / cpu,
                       "load": (load + os.getloadavg()[0]) / 2}  # fmt: skip
                if reference is not None:
                    cosines = (vectors * reference).sum(axis=1)
                    row.update(cos_min=float(cosines.min()), cos_mean=float(cosines.mean()))
                print(_row(row), flush=True)
                rows.append(row)
    return rows


def full_ingest(corpus: Path, work: Path, shared_cache: Path, rounds: int) -> None:
    for round_ in range(rounds):
        for name, embedder_type in (("st", SentenceTransformersEmbedder), ("onnx", Embedder)):
            home = work / f"home-ingest-{name}-{round_}"
            (home / "cache").mkdir(parents=True)
            (home / "cache" / "onnx").symlink_to(shared_cache / "onnx")
            settings = Settings.load(home=home, knowledge=corpus)
            embedder = embedder_type(settings.cache_dir)
            embedder.embed_documents(["warm up"])  # the model load is not ingest work
            load = os.getloadavg()[0]
            started = time.perf_counter()
            report = ingest(settings, embedder=embedder)
            wall = time.perf_counter() - started
            load = (load + os.getloadavg()[0]) / 2
            stages = ", ".join(f"{k} {v:.1f}" for k, v in report.stages.items() if v >= 0.05)
            print(f"ingest  round {round_ + 1}  {name:10s} {report.chunks} chunks in {wall:6.1f} s "
                  f"= {report.chunks / wall:5.1f} chunks/s  load {load:.2f}  ({stages})",
                  flush=True)  # fmt: skip


def _row(row: dict[str, Any]) -> str:
    cosine = f"cos min {row['cos_min']:.6f} mean {row['cos_mean']:.6f}" if "cos_min" in row else ""
    return (
        f"embed   round {row['round']}  {row['runtime']:10s} {row['order']:10s} "
        f"{row['chunks_per_s']:5.1f} chunks/s  {row['chunks_per_cpu_s']:5.1f} chunks/cpu-s  "
        f"load {row['load']:.2f}  {cosine}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--chunks", type=int, default=1000, help="synthetic corpus size")
    parser.add_argument("--runtimes", default=",".join(RUNTIMES),
                        help=f"comma-separated, of {','.join(RUNTIMES)}")  # fmt: skip
    parser.add_argument("--rounds", type=int, default=1, help="repeat each measure")
    parser.add_argument("--skip", choices=("embed", "ingest"), action="append", default=[])
    args = parser.parse_args()
    runtimes = [r for r in args.runtimes.split(",") if r]
    if set(runtimes) - set(RUNTIMES):
        parser.error(f"unknown runtimes: {', '.join(sorted(set(runtimes) - set(RUNTIMES)))}")
    work = Path(tempfile.mkdtemp(prefix="civassist-embed-bench-"))
    try:
        corpus = synthetic_corpus.build(PROJECT_ROOT / "knowledge", work / "synthetic", args.chunks)
        settings = Settings.load(home=work / "home", knowledge=corpus.folder)
        if not Embedder(settings.cache_dir).prepare_query_model():
            sys.exit("the ONNX export failed; see the notice above")
        export = onnx_embedder.export_folder(
            settings.cache_dir, onnx_embedder.export_key(model_path())
        )
        print(f"[bench] {os.cpu_count()} cpus, load {os.getloadavg()}", file=sys.stderr)
        if "embed" not in args.skip:
            texts = chunk_texts(settings, corpus.files)
            embed_only(texts, encoders(runtimes, export, work), args.rounds)
        if "ingest" not in args.skip:
            full_ingest(corpus.folder, work, settings.cache_dir, args.rounds)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
