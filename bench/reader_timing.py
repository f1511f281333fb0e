"""Time the reader with and without llama.cpp's prompt cache on 3 questions of a reader_eval run.

Run: python bench/reader_timing.py MODEL THREADS RESULT.json MODELS_DIR
(MODELS_DIR holds the assembled <MODEL>.gguf, e.g. $CIVASSIST_HOME/cache/models)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from civassist.generation.llama_server import LlamaServer
from civassist.generation.reader import ModelReader, http_completion

PROMPTS = Path(__file__).resolve().parents[1] / "prompts"


def main() -> None:
    model, threads, result, models = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    cases = json.loads(Path(result).read_text(encoding="utf-8"))["cases"][:3]
    server = LlamaServer(Path(models) / f"{model}.gguf", threads=threads)
    reader = ModelReader(http_completion(server.base_url, 600), PROMPTS, model=model)
    reader.judge("Warm-up?", ["A sentence."])
    for cache in (True, False):
        reader.cache_prompt = cache
        label = "cache" if cache else "nocache"
        seconds = []
        for case in cases:
            started = time.perf_counter()
            reader.judge(case["query"], case["candidates"])
            seconds.append(time.perf_counter() - started)
            print(model, threads, label, case["id"], len(case["candidates"]), round(seconds[-1], 2))
        count = sum(len(c["candidates"]) for c in cases)
        print(model, threads, label, "s per candidate", round(sum(seconds) / count, 3))


if __name__ == "__main__":
    main()
