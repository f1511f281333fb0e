"""Benchmark: re-ingest after editing one file versus an unchanged re-ingest (issue 11, item 4).

Run: PYTHONPATH=src .venv/bin/python bench/incremental_ingest.py [--copies 20] [--rounds 3]
Builds a corpus of the knowledge files copied ``--copies`` times into a temp folder, ingests it
in full, then ``--rounds`` times: an unchanged re-ingest, then a re-ingest after appending one
paragraph to one file. The embedding model is loaded before timing, so the figures are the
index's own cost (a cold CLI process adds the model import). Prints one JSON object.
Not a test: absolute numbers vary with load; compare the ratio within one run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from civassist.index.embedding import Embedder
from civassist.ingest import ingest
from civassist.retrieval import HybridRetriever
from civassist.settings import PROJECT_ROOT, Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="civassist-incr-"))
    try:
        knowledge = work / "knowledge"
        for i in range(args.copies):
            shutil.copytree(PROJECT_ROOT / "knowledge", knowledge / f"c{i:03d}")
        settings = Settings.load(home=work / "home", knowledge=knowledge)
        embedder = Embedder()
        embedder.embed_batch(["warm up"])
        started = time.perf_counter()
        report = ingest(settings, embedder=embedder)
        full = time.perf_counter() - started
        unchanged: list[float] = []
        edited: list[float] = []
        target = knowledge / "c000" / "paper.md"
        for round_ in range(args.rounds):
            started = time.perf_counter()
            ingest(settings, embedder=embedder)
            unchanged.append(time.perf_counter() - started)
            with target.open("a", encoding="utf-8") as fh:
                fh.write(f"\n## Edit {round_}\n\nA closing paragraph about okapi {round_}.\n")
            started = time.perf_counter()
            ingest(settings, embedder=embedder)
            edited.append(time.perf_counter() - started)
        started = time.perf_counter()
        retriever = HybridRetriever(settings, embedder)
        retriever.search("Who founded AGRA?")
        first_search = time.perf_counter() - started
        started = time.perf_counter()
        HybridRetriever(settings, embedder).search("Who founded AGRA?")
        second_reader = time.perf_counter() - started
        summary = {
            "chunks": report.chunks,
            "full_ingest_s": round(full, 2),
            "unchanged_s": [round(x, 3) for x in unchanged],
            "edit_one_file_s": [round(x, 3) for x in edited],
            "ratio_median": round(statistics.median(edited) / statistics.median(unchanged), 1),
            "first_search_new_reader_s": round(first_search, 2),
            "first_search_second_reader_s": round(second_reader, 2),
            "index_mb": round(
                sum(p.stat().st_size for p in settings.index_dir.rglob("*") if p.is_file()) / 1e6,
                1,
            ),
        }
        print(json.dumps(summary))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
