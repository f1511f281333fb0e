"""Hand-made eval runs (rows as `civassist eval` writes them) for the report and compare tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from civassist.evals.catalog import METRICS
from civassist.evals.report import write_run
from civassist.evals.runner import EvalRun
from civassist.evals.summary import summarise

MARKUP = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
PASSAGE = "SELA is based in Caracas. It was founded in 1975 by the Panama Convention."


def row(
    qid: str,
    kind: str = "factual",
    metrics: dict[str, float] | None = None,
    question: str | None = None,
    passage: str = PASSAGE,
    answer: str = "SELA is based in Caracas.",
    split: str | None = None,
    abstained: bool = False,
) -> dict[str, Any]:
    """One results.jsonl row with a cited answer over one passage."""
    quote = answer if answer in passage else passage[:20]
    citation = {"id": 1, "source": "cases/sela.md", "title": "SELA", "section": "Overview",
                "passage": passage, "quote": quote, "start": 0, "end": len(passage)}  # fmt: skip
    top = {"rank": 1, "id": "c1", "source": "cases/sela.md", "title": "SELA",
           "section": "Overview", "text": passage, "start": 0, "end": len(passage), "score": 0.5}  # fmt: skip
    values = metrics if metrics is not None else {"hit@5": 1.0, "key_fact_coverage": 1.0}
    return {
        "id": qid,
        "kind": kind,
        "split": split,
        "must_abstain": kind == "unanswerable",
        "metrics": values,
        "reasons": {name: f"reason for {name}" for name in values},
        "sentences": [] if abstained else [{"text": answer, "citations": [1]}],
        "gold_quotes": ["SELA is based in Caracas"],
        "result": {
            "question": question or f"Where is SELA? ({qid})",
            "standalone_question": question or f"Where is SELA? ({qid})",
            "answer": answer if abstained else f"{answer[:-1]} [1].",
            "abstained": abstained,
            "citations": [] if abstained else [citation],
            "passages": [top],
            "generator": "extractive",
            "notice": None,
            "timings_ms": {"retrieve": 10.0, "total": 20.0},
        },
    }


def write(folder: Path, rows: list[dict[str, Any]], **kw: Any) -> EvalRun:
    """Summarise ``rows`` like the runner and write the run folder."""
    run = EvalRun(rows, summarise(rows, [m.name for m in METRICS]))
    run.summary["judge"] = None
    write_run(run, folder, **kw)
    return run
