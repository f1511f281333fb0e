"""Calibrate the abstention thresholds on the reference questions.

For every question: the evidence signals (coverage of the question's rare terms by the top
passages, best dense similarity). Then a grid search for (min_coverage, min_similarity) that
maximises balanced accuracy between must_abstain and answerable questions.

Run: .venv/bin/python bench/abstention_calibration.py   (uses the index in CIVASSIST_HOME,
ingesting knowledge/ first if needed). Prints JSON.
"""

from __future__ import annotations

import itertools
import json

from civassist.assistant import Assistant
from civassist.condense import rewrite_followup, validate_history
from civassist.evals.dataset import knowledge_texts, load_questions


def main() -> None:
    assistant = Assistant()
    settings = assistant.settings
    if assistant.status().chunks == 0:
        assistant.ingest()
    texts = knowledge_texts(settings.knowledge)
    files = sorted(settings.evals.glob("questions*.jsonl"))
    questions = [q for f in files for q in load_questions(f, texts)]
    answerer = assistant._get_answerer()
    rows = []
    for q in questions:
        query = q.question
        if q.history:
            query = rewrite_followup(q.question, validate_history(q.history))
        evidence = answerer.assess(query, assistant.search(query))
        rows.append((q, evidence))
    grid_cov = [i / 20 for i in range(0, 16)]
    grid_sim = [i / 20 for i in range(0, 12)]
    best = None
    for c, s in itertools.product(grid_cov, grid_sim):
        abstain = [e.coverage < c or e.top_dense < s for _, e in rows]
        pos = [a for (q, _), a in zip(rows, abstain, strict=True) if q.must_abstain]
        neg = [a for (q, _), a in zip(rows, abstain, strict=True) if not q.must_abstain]
        tpr = sum(pos) / len(pos) if pos else 1.0
        tnr = (len(neg) - sum(neg)) / len(neg) if neg else 1.0
        # answering answerable questions matters slightly more than catching every unanswerable
        score = 0.45 * tpr + 0.55 * tnr
        if best is None or score > best[0]:
            best = (score, c, s, tpr, tnr)
    assert best is not None
    print(json.dumps({
        "best": {"min_coverage": best[1], "min_similarity": best[2],
                 "abstain_rate_on_unanswerable": round(best[3], 3),
                 "answer_rate_on_answerable": round(best[4], 3)},
        "current": {"min_coverage": settings.min_coverage,
                    "min_similarity": settings.min_similarity},
        "questions": [
            {"id": q.id, "must_abstain": q.must_abstain, "coverage": round(e.coverage, 3),
             "top_dense": round(e.top_dense, 3), "missing": list(e.missing_terms)}
            for q, e in rows
        ],
    }, indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
