"""Sweep chunk size and fusion weights; report retrieval metrics on the reference questions.

Run: .venv/bin/python bench/retrieval_sweep.py [--sizes 80 120 200 300] [--k 5]
Each configuration gets its own index in a temp folder (vectors of unchanged chunks are not
shared across sizes). Prints one JSON line per configuration; figures go to docs/measurements.md.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from statistics import fmean

from civassist.assistant import Assistant
from civassist.evals import metrics as m
from civassist.evals.dataset import knowledge_texts, load_questions
from civassist.index.embedding import Embedder
from civassist.settings import PROJECT_ROOT, Settings


def evaluate(assistant: Assistant, questions: list, k: int) -> dict[str, float]:  # type: ignore[type-arg]
    hits, mrrs, recalls = [], [], []
    per_kind: dict[str, list[float]] = {}
    for q in questions:
        if not q.gold_quotes:
            continue
        query = q.question
        if q.history:
            from civassist.condense import rewrite_followup, validate_history

            query = rewrite_followup(q.question, validate_history(q.history))
        passages = assistant.search(query, k).passages
        rel = m.relevance(passages, q.gold_quotes)
        hit = m.hit_at_k(rel, k).value or 0.0
        hits.append(hit)
        mrrs.append(m.mrr(rel).value or 0.0)
        recalls.append(m.recall_at_k(rel, k, len(q.gold_quotes)).value or 0.0)
        per_kind.setdefault(q.kind, []).append(hit)
    return {
        f"hit@{k}": round(fmean(hits), 4),
        "mrr": round(fmean(mrrs), 4),
        f"recall@{k}": round(fmean(recalls), 4),
        **{f"hit@{k}.{kind}": round(fmean(v), 3) for kind, v in sorted(per_kind.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[80, 120, 160, 200, 300])
    parser.add_argument("--weights", type=float, nargs="+", default=[0.5, 1.0, 2.0],
                        help="lexical weight relative to dense")  # fmt: skip
    parser.add_argument("--k", type=int, default=5)
    args = parser.parse_args()
    knowledge = PROJECT_ROOT / "knowledge"
    texts = knowledge_texts(knowledge)
    files = sorted((PROJECT_ROOT / "evals").glob("questions*.jsonl"))
    questions = [q for f in files for q in load_questions(f, texts)]
    embedder = Embedder()
    for size in args.sizes:
        home = Path(tempfile.mkdtemp(prefix=f"civassist-sweep-{size}-"))
        base = Settings.load(home=home, knowledge=knowledge, chunk_tokens=size)
        Assistant(base).ingest()
        for weight in args.weights:
            settings = Settings.load(home=home, knowledge=knowledge, chunk_tokens=size,
                                     lexical_weight=weight)  # fmt: skip
            assistant = Assistant(settings)
            assistant.retriever.embedder = embedder
            chunks = assistant.status().chunks
            print(json.dumps({"chunk_tokens": size, "lexical_weight": weight, "chunks": chunks,
                              **evaluate(assistant, questions, args.k)}), flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
