"""Benchmark: ingest time, unchanged re-ingest, retrieval latency versus the bare dense query.

Run: .venv/bin/python bench/ingest_retrieval.py [--repeat 200]
Prints a JSON summary; figures go to docs/measurements.md. Not a test: numbers vary with load.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from civassist.assistant import Assistant
from civassist.settings import PROJECT_ROOT, Settings

QUERIES = [
    "What are the core principles of the Global Civilization Initiative?",
    "What challenges does South-South cooperation face?",
    "Who founded AGRA and who funds it?",
    "How many members does the AIIB have?",
    "Where is SELA headquartered?",
    "What does the paper recommend on digital cooperation?",
    "How does civilizational exchange enhance mutual understanding?",
    "When was the Global Civilization Initiative proposed?",
    "What is the Buenos Aires Plan of Action?",
    "How should South-South cooperation connect with global governance?",
]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="passes over the query list")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="civassist-bench-"))
    settings = Settings.load(home=home, knowledge=PROJECT_ROOT / "knowledge")
    assistant = Assistant(settings)
    retriever = assistant.retriever
    retriever.embedder.embed_query("warm up the model")  # model load is not ingest work

    t0 = time.perf_counter()
    report = assistant.ingest()
    ingest_s = time.perf_counter() - t0
    reingest = []
    for _ in range(5):
        t0 = time.perf_counter()
        assistant.ingest()
        reingest.append(time.perf_counter() - t0)
    env = dict(os.environ, CIVASSIST_HOME=str(home), CIVASSIST_KNOWLEDGE=str(settings.knowledge))
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "civassist.cli", "ingest"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    reingest_cli_s = time.perf_counter() - t0

    for q in QUERIES:  # warm caches (BM25 build, Chroma client)
        assistant.search(q)
    generation = retriever.snapshot().generation
    full, bare = [], []
    for _ in range(args.repeat):
        for q in QUERIES:
            t0 = time.perf_counter()
            assistant.search(q)
            full.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            vector = retriever.embedder.embed_query(q)
            retriever.store.query(generation, vector, settings.top_k)
            bare.append((time.perf_counter() - t0) * 1000)
    result = {
        "documents": report.documents,
        "chunks": report.chunks,
        "chunk_tokens": settings.chunk_tokens,
        "ingest_s": round(ingest_s, 2),
        "reingest_unchanged_s_median": round(statistics.median(reingest), 4),
        "reingest_unchanged_cli_process_s": round(reingest_cli_s, 2),
        "retrieval_ms_p50": round(_pct(full, 0.5), 2),
        "retrieval_ms_p95": round(_pct(full, 0.95), 2),
        "bare_ms_p50": round(_pct(bare, 0.5), 2),
        "bare_ms_p95": round(_pct(bare, 0.95), 2),
        "ratio_p50": round(_pct(full, 0.5) / _pct(bare, 0.5), 2),
        "ratio_p95": round(_pct(full, 0.95) / _pct(bare, 0.95), 2),
        "queries": len(full),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
