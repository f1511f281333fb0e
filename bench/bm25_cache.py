"""Benchmark: the BM25 index of one generation built and saved, versus loaded from the saved copy.

Run: PYTHONPATH=src .venv/bin/python bench/bm25_cache.py 20000
Texts are knowledge paragraphs with shuffled words (fixed seed), ~160 words each. Prints JSON.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from civassist.index.lexical import LexicalIndex
from civassist.settings import PROJECT_ROOT


def _never() -> list[str]:
    raise AssertionError("the saved index was rebuilt")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    paragraphs = [
        p
        for f in sorted((PROJECT_ROOT / "knowledge").rglob("*.md"))
        for p in f.read_text(encoding="utf-8").split("\n\n")
        if len(p) > 200
    ]
    rng = random.Random(7)
    texts = []
    for _ in range(count):
        words = rng.choice(paragraphs).split()
        rng.shuffle(words)
        texts.append(" ".join(words[:160]))
    folder = Path(tempfile.mkdtemp()) / "bm25"
    try:
        started = time.perf_counter()
        LexicalIndex.open(folder, lambda: texts)
        build = time.perf_counter() - started
        started = time.perf_counter()
        index = LexicalIndex.open(folder, _never)
        load = time.perf_counter() - started
        started = time.perf_counter()
        index.search("AGRA founded Gates Rockefeller", 30)
        query = time.perf_counter() - started
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)
    print(json.dumps({
        "texts": count, "build_and_save_s": round(build, 2), "load_s": round(load, 3),
        "first_query_ms": round(query * 1000, 1),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
