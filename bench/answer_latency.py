"""Benchmark: in-process `extractive` answer latency (retrieve + draft + citation check).

Run: .venv/bin/python bench/answer_latency.py [--rounds 5]
Asks every reference question (follow-ups with their history) of evals/questions*.jsonl once to
warm up, then ``--rounds`` more times, on an index built in a temporary home. Prints a JSON
summary; figures go to docs/measurements.md. Not a test: numbers vary with load.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from civassist.assistant import Assistant
from civassist.settings import PROJECT_ROOT, Settings


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    questions = [
        json.loads(line)
        for path in sorted((PROJECT_ROOT / "evals").glob("questions*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    with tempfile.TemporaryDirectory() as home:
        assistant = Assistant(Settings.load(home=Path(home)))
        assistant.ingest()
        for q in questions:  # warm-up: model load, sentence-vector cache
            assistant.ask(q["question"], q.get("history"))
        total, retrieve, generate = [], [], []
        for _ in range(args.rounds):
            for q in questions:
                started = time.perf_counter()
                answer = assistant.ask(q["question"], q.get("history"))
                total.append((time.perf_counter() - started) * 1000)
                retrieve.append(answer.timings_ms["retrieve"])
                generate.append(answer.timings_ms["generate"])
    summary = {
        "questions": len(questions),
        "answers": len(total),
        "total_ms": {
            "p50": _pct(total, 0.5),
            "p95": _pct(total, 0.95),
            "mean": statistics.mean(total),
        },
        "retrieve_ms_p50": _pct(retrieve, 0.5),
        "generate_and_check_ms_p50": _pct(generate, 0.5),
    }
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
