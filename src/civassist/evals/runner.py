"""Run a reference set through the Assistant and score every answer."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import fmean
from typing import Any

from civassist.assistant import Assistant
from civassist.errors import CivassistError
from civassist.evals import metrics as m
from civassist.evals.dataset import EvalQuestion
from civassist.evals.judge import JUDGE_METRICS, Judge

K = 5
Progress = Callable[[Iterable[Any], str, int], Iterable[Any]]

# Metrics where a larger value is better (all of ours) and that are averaged per question.
QUESTION_METRICS = (
    "hit@5", "recall@5", "mrr", "ndcg@5", "key_fact_coverage", "citation_precision",
    "citation_recall", "citations_verbatim", "abstention_correct", "adversarial_pass",
)  # fmt: skip


@dataclass
class EvalRun:
    """Per-question rows and the summary of one run."""

    rows: list[dict[str, Any]]
    summary: dict[str, Any] = field(default_factory=dict)


def _knowledge_files(knowledge: Path) -> dict[str, str]:
    return {
        p.relative_to(knowledge).as_posix(): p.read_text(encoding="utf-8", errors="replace")
        for p in knowledge.rglob("*")
        if p.is_file() and p.suffix in (".md", ".markdown", ".txt")
    }


def score(
    question: EvalQuestion, result: dict[str, Any], files: dict[str, str]
) -> dict[str, m.MetricResult]:
    """Every metric that applies to ``question`` for the answer ``result``."""
    out: dict[str, m.MetricResult] = {}
    if question.gold_quotes:
        rel = m.relevance(result["passages"], question.gold_quotes)
        n = len(question.gold_quotes)
        out["hit@5"] = m.hit_at_k(rel, K)
        out["recall@5"] = m.recall_at_k(rel, K, n)
        out["mrr"] = m.mrr(rel)
        out["ndcg@5"] = m.ndcg_at_k(rel, K, n)
    abstained = bool(result["abstained"])
    if question.key_facts and not question.must_abstain:
        out["key_fact_coverage"] = m.key_fact_coverage(result["answer"], question.key_facts)
    if not abstained:
        for name, metric in (
            ("citation_precision", m.citation_precision(result)),
            ("citation_recall", m.citation_recall(result)),
            ("citations_verbatim", m.citations_verbatim(result, files)),
        ):
            if metric.value is not None:
                out[name] = metric
    correct = abstained == question.must_abstain
    out["abstention_correct"] = m.MetricResult(
        1.0 if correct else 0.0,
        f"abstained={abstained}, expected {question.must_abstain}",
    )
    if question.kind == "adversarial":
        facts_ok = "key_fact_coverage" not in out or (out["key_fact_coverage"].value or 0) >= 0.5
        verbatim_ok = out.get("citations_verbatim", m.MetricResult(1.0, "")).value == 1.0
        passed = correct and facts_ok and verbatim_ok
        out["adversarial_pass"] = m.MetricResult(
            1.0 if passed else 0.0,
            "kept to the sources" if passed else "abstention, key facts or citations wrong",
        )
    return out


def run(
    assistant: Assistant,
    questions: list[EvalQuestion],
    generator: str | None = None,
    progress: Progress | None = None,
    judge: Judge | None = None,
) -> EvalRun:
    """Ask every question, score every answer; ``judge`` adds the model-judged metrics."""
    files = _knowledge_files(assistant.settings.knowledge)
    rows = []
    items: Iterable[EvalQuestion] = questions
    if progress is not None:
        items = progress(questions, "evaluating", len(questions))
    for question in items:
        started = time.perf_counter()
        try:
            result = assistant.ask(question.question, question.history or None, generator).to_dict()
        except CivassistError as exc:
            result = {
                "question": question.question,
                "error": str(exc),
                "answer": "",
                "abstained": False,
                "citations": [],
                "passages": [],
                "timings_ms": {},
            }
        result.setdefault("timings_ms", {}).setdefault(
            "total", (time.perf_counter() - started) * 1000
        )
        scored = score(question, result, files)
        if judge is not None:
            try:
                scored.update(judge.score(result))
            except CivassistError as exc:
                scored.update({name: m.MetricResult(None, str(exc)) for name in JUDGE_METRICS})
        rows.append(
            {
                "id": question.id,
                "kind": question.kind,
                "metrics": {k: v.value for k, v in scored.items()},
                "reasons": {k: v.reason for k, v in scored.items()},
                "result": result,
            }
        )
    summary = summarise(rows, questions)
    summary["judge"] = judge.name if judge is not None else None
    return EvalRun(rows, summary)


def _means(rows: list[dict[str, Any]]) -> dict[str, float]:
    out = {}
    for name in (*QUESTION_METRICS, *JUDGE_METRICS):
        values = [r["metrics"][name] for r in rows if r["metrics"].get(name) is not None]
        if values:
            out[name] = round(fmean(values), 4)
    return out


def _kind_summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"n": len(rows), **_means(rows)}


def summarise(rows: list[dict[str, Any]], questions: list[EvalQuestion]) -> dict[str, Any]:
    expected = {q.id: q.must_abstain for q in questions}
    abstained = [r for r in rows if r["result"].get("abstained")]
    should = [r for r in rows if expected[r["id"]]]
    true_pos = sum(1 for r in abstained if expected[r["id"]])
    overall: dict[str, Any] = _means(rows)
    overall["abstention_precision"] = round(true_pos / len(abstained), 4) if abstained else 1.0
    overall["abstention_recall"] = round(true_pos / len(should), 4) if should else 1.0
    retrieve = [r["result"]["timings_ms"].get("retrieve", 0.0) for r in rows]
    total = [r["result"]["timings_ms"].get("total", 0.0) for r in rows]
    kinds = sorted({r["kind"] for r in rows})
    return {
        "questions": len(rows),
        "errors": sum(1 for r in rows if "error" in r["result"]),
        "generator": next(
            (r["result"].get("generator") for r in rows if r["result"].get("generator")), None
        ),
        "overall": overall,
        "per_kind": {
            k: {
                "n": sum(1 for r in rows if r["kind"] == k),
                **_means([r for r in rows if r["kind"] == k]),
            }
            for k in kinds
        },
        "latency_ms": {
            "retrieve_p50": round(m.percentile(retrieve, 0.5), 2),
            "retrieve_p95": round(m.percentile(retrieve, 0.95), 2),
            "answer_p50": round(m.percentile(total, 0.5), 2),
            "answer_p95": round(m.percentile(total, 0.95), 2),
        },
    }


def gate(summary: dict[str, Any], minimums: dict[str, float]) -> list[str]:
    """The failures of ``summary`` against ``minimums`` ("hit@5" or "per_kind.list.hit@5")."""
    failures = []
    for name, minimum in minimums.items():
        if name.startswith("per_kind."):
            _, kind, metric = name.split(".", 2)
            value = summary["per_kind"].get(kind, {}).get(metric)
        else:
            value = summary["overall"].get(name)
        if value is None or value < minimum:
            failures.append(f"{name} = {value} is below the minimum {minimum}")
    return failures
