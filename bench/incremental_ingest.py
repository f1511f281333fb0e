"""Benchmark: re-ingest after editing one file versus an unchanged re-ingest (issue 11, item 1).

Run: PYTHONPATH=src .venv/bin/python bench/incremental_ingest.py [--synthetic 1000] [--rounds 3]
     (or --copies 10: the knowledge files copied 10 times, the corpus of the first figures)

Builds a corpus in a temp folder (a synthetic one of ``--synthetic`` chunks, 100 per file, from
bench/synthetic_corpus.py; or copies of the knowledge files), ingests it in full, then
``--rounds`` times: an unchanged re-ingest, then a re-ingest after changing one sentence of one
file (a different file each round). The embedding model is loaded before timing: an unchanged
re-ingest legitimately never loads it, and a cold process pays its load once whatever the edit
(``--cold`` adds `civassist ingest` processes, where that load is included). Prints one JSON
object with the median seconds per ingest stage (see ``IngestReport.stages``).

``--fast-build`` makes the first, full ingest with a stand-in embedder (deterministic pseudo-random
unit vectors) so that a 10k-chunk index is built in minutes on 2 cores; the timed re-ingests embed
with the real model as always (only the edited chunk needs embedding: the others keep their
vectors, whatever they are). ``--serve-rss`` then starts `civassist serve` on the index and reports
its resident memory once it answers HTTP (serve loads the index with a warm-up question first).
Not a test: absolute numbers vary with load; compare ratios.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

import processes
import synthetic_corpus
from civassist.index.embedding import Embedder
from civassist.ingest import IngestReport, ingest
from civassist.retrieval import HybridRetriever
from civassist.settings import PROJECT_ROOT, Settings


class StandInEmbedder(Embedder):
    """Unit vectors seeded by the text's hash: instant, for building a large index to edit."""

    def embed_documents(self, texts: list[str], batch_size: int = 32) -> NDArray[np.float32]:
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            row = np.random.default_rng(seed).standard_normal(self.dimensions)
            rows.append(row / np.linalg.norm(row))
        return np.asarray(rows, dtype=np.float32).reshape(-1, self.dimensions)


def _corpus(args: argparse.Namespace, work: Path) -> tuple[Path, list[Path]]:
    knowledge = work / "knowledge"
    if args.synthetic:
        corpus = synthetic_corpus.build(PROJECT_ROOT / "knowledge", knowledge, args.synthetic)
        return knowledge, corpus.files
    for i in range(args.copies):
        shutil.copytree(PROJECT_ROOT / "knowledge", knowledge / f"c{i:03d}")
    return knowledge, sorted(knowledge.glob("c*/paper.md"))


def _stage_medians(reports: list[IngestReport]) -> dict[str, float]:
    stages = [getattr(r, "stages", {}) for r in reports]  # older code had no stages
    names = sorted({name for s in stages for name in s})
    return {n: round(statistics.median(s.get(n, 0.0) for s in stages), 4) for n in names}


def _cold(settings: Settings, knowledge: Path, target: Path, rounds: int) -> dict[str, Any]:
    """`civassist ingest --json` processes: unchanged, then after an edit, ``rounds`` times."""
    env = dict(
        os.environ, CIVASSIST_HOME=str(settings.home), CIVASSIST_KNOWLEDGE=str(knowledge),
        HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False",
    )  # fmt: skip
    command = [sys.executable, "-m", "civassist.cli", "ingest", "--json"]
    rng = random.Random(11)
    unchanged: list[float] = []
    edited: list[float] = []
    embed_stage: list[float] = []
    for _ in range(rounds):
        for times in (unchanged, edited):
            if times is edited:
                synthetic_corpus.edit_one_file(target, rng)
            started = time.perf_counter()
            done = subprocess.run(command, env=env, capture_output=True, check=True, text=True)
            times.append(time.perf_counter() - started)
            if times is edited:
                stages = json.loads(done.stdout).get("stages", {})
                embed_stage.append(stages.get("embed", 0.0))
    u, e = statistics.median(unchanged), statistics.median(edited)
    without_model = [t - s for t, s in zip(edited, embed_stage, strict=True)]
    return {
        "unchanged_s": [round(x, 3) for x in unchanged],
        "edit_one_file_s": [round(x, 3) for x in edited],
        "ratio_median": round(e / u, 1),
        "edit_embed_stage_s": [round(x, 3) for x in embed_stage],
        "edit_without_embed_stage_s": [round(x, 3) for x in without_model],
        "ratio_without_embed_stage": round(statistics.median(without_model) / u, 1),
        "note": "the embed stage of an edit process includes importing torch and loading the "
        "model to embed the one changed chunk; an unchanged re-ingest never loads it",
    }


_QUERIES = (
    "Who founded AGRA?", "What are the core principles of the Global Civilization Initiative?",
    "Where is SELA based?", "How many founding members did the AIIB have?",
    "What challenges does South-South cooperation face?", "What does the paper recommend?",
    "When was the Bandung conference held?", "What is the AIIB's voting structure?",
)  # fmt: skip


def _warm_searches(reader: HybridRetriever, rounds: int = 5) -> dict[str, float]:
    """p50/p95 of warm hybrid searches (the reader already loaded), in ms."""
    times = []
    for _ in range(rounds):
        for q in _QUERIES:
            t0 = time.perf_counter()
            reader.search(q)
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {
        "p50": round(statistics.median(times), 2),
        "p95": round(times[int(0.95 * (len(times) - 1))], 2),
        "n": len(times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--synthetic", type=int, default=0, help="synthetic corpus of N chunks")
    parser.add_argument("--copies", type=int, default=20, help="copies of the knowledge files")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--fast-build", action="store_true", help="stand-in vectors for the build")
    parser.add_argument("--cold", type=int, default=0, help="rounds of cold CLI processes")
    parser.add_argument(
        "--serve-rss", action="store_true", help="then start `civassist serve` on the index"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="civassist-incr-"))
    try:
        knowledge, files = _corpus(args, work)
        settings = Settings.load(home=work / "home", knowledge=knowledge)
        embedder = Embedder(settings.cache_dir)
        started = time.perf_counter()
        embedder.embed_documents(["warm up"])
        model_load = time.perf_counter() - started
        builder = StandInEmbedder(settings.cache_dir) if args.fast_build else embedder
        started = time.perf_counter()
        report = ingest(settings, embedder=builder)
        full = time.perf_counter() - started
        # a reader was there before the edits, as in use: the base segment's BM25 tokens exist
        HybridRetriever(settings, embedder).search("Who founded AGRA?")
        rng = random.Random(7)
        unchanged: list[IngestReport] = []
        edited: list[IngestReport] = []
        for round_ in range(args.rounds):
            unchanged.append(ingest(settings, embedder=embedder))
            synthetic_corpus.edit_one_file(files[(round_ + 1) % len(files)], rng)
            edited.append(ingest(settings, embedder=embedder))
            assert edited[-1].updated and edited[-1].embedded, edited[-1]
        started = time.perf_counter()
        HybridRetriever(settings, embedder).search("Who founded AGRA?")
        first_search = time.perf_counter() - started
        started = time.perf_counter()
        reader = HybridRetriever(settings, embedder)
        reader.search("Who founded AGRA?")
        second_reader = time.perf_counter() - started
        searches = _warm_searches(reader)
        u = statistics.median(r.seconds for r in unchanged)
        e = statistics.median(r.seconds for r in edited)
        summary: dict[str, Any] = {
            "chunks": report.chunks,
            "files": report.documents,
            "load_before": [round(x, 2) for x in os.getloadavg()],
            "model_load_s": round(model_load, 2),
            "full_ingest_s": round(full, 2),
            "full_ingest_embedder": "stand-in" if args.fast_build else "sentence-transformers",
            "unchanged_s": [round(r.seconds, 3) for r in unchanged],
            "edit_one_file_s": [round(r.seconds, 3) for r in edited],
            "edit_embedded_chunks": [r.embedded for r in edited],
            "ratio_median": round(e / u, 1),
            "unchanged_stages_s": _stage_medians(unchanged),
            "edit_stages_s": _stage_medians(edited),
            "first_search_new_reader_s": round(first_search, 2),
            "first_search_second_reader_s": round(second_reader, 2),
            "warm_search_ms": searches,
            "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "index_mb": round(
                sum(p.stat().st_size for p in settings.index_dir.rglob("*") if p.is_file()) / 1e6,
                1,
            ),
        }
        if args.cold:
            summary["cold_cli"] = _cold(settings, knowledge, files[0], args.cold)
        if args.serve_rss:
            # serve answers a warm-up question before it listens: its RSS holds the loaded index
            summary["serve"] = processes.serve_memory(settings.home, knowledge)
        summary["load_after"] = [round(x, 2) for x in os.getloadavg()]
        print(json.dumps(summary))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
