"""Run a reference set through the Assistant and score every answer (and briefing)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from civassist.assistant import Assistant
from civassist.errors import CivassistError
from civassist.evals import briefing_metrics, catalog
from civassist.evals.briefing_metrics import BriefingMetric
from civassist.evals.catalog import AnswerMetric, Context, score
from civassist.evals.dataset import BriefingCase, EvalQuestion
from civassist.evals.judge import Judge
from civassist.evals.summary import summarise, summarise_briefings
from civassist.types import Answer

Progress = Callable[[Iterable[Any], str, int], Iterable[Any]]


@dataclass
class EvalRun:
    """Per-question rows, per-briefing rows and the summary of one run."""

    rows: list[dict[str, Any]]
    summary: dict[str, Any] = field(default_factory=dict)
    briefing_rows: list[dict[str, Any]] = field(default_factory=list)


def knowledge_files(knowledge: Path) -> dict[str, str]:
    """Each Markdown or text file of the knowledge folder by its relative path."""
    return {
        p.relative_to(knowledge).as_posix(): p.read_text(encoding="utf-8", errors="replace")
        for p in knowledge.rglob("*")
        if p.is_file() and p.suffix in (".md", ".markdown", ".txt")
    }


def _failed(question: EvalQuestion) -> Answer:
    """An empty answer standing in for one that raised, so that it scores as a miss."""
    return Answer(question.question, question.question, "", False, [], [], "", None, {})


def answer_row(
    question: EvalQuestion, answer: Answer, result: dict[str, Any], scored: dict[str, Any]
) -> dict[str, Any]:
    """One line of results.jsonl: ``result`` is the ``ask --json`` object, unchanged."""
    return {
        "id": question.id,
        "kind": question.kind,
        "split": question.split,
        "must_abstain": question.must_abstain,
        "metrics": {k: v.value for k, v in scored.items()},
        "reasons": {k: v.reason for k, v in scored.items()},
        "sentences": [{"text": s.text, "citations": list(s.citations)} for s in answer.sentences],
        "gold_quotes": question.gold_quotes,
        "result": result,
    }


def run(
    assistant: Assistant,
    questions: list[EvalQuestion],
    generator: str | None = None,
    progress: Progress | None = None,
    judge: Judge | None = None,
    metrics: list[AnswerMetric] | None = None,
) -> EvalRun:
    """Ask every question, score every answer; ``judge`` adds the model-judged metrics."""
    chosen = catalog.METRICS if metrics is None else metrics
    chosen = [*chosen, *(judge.metrics() if judge else [])]
    context = Context(knowledge_files(assistant.settings.knowledge))
    rows = []
    items: Iterable[EvalQuestion] = questions
    if progress is not None:
        items = progress(questions, "evaluating", len(questions))
    for question in items:
        started = time.perf_counter()
        try:
            answer = assistant.ask(question.question, question.history or None, generator)
            result = answer.to_dict()
        except CivassistError as exc:
            answer = _failed(question)
            result = {**answer.to_dict(), "error": str(exc)}
            del result["standalone_question"], result["generator"], result["notice"]
        result.setdefault("timings_ms", {}).setdefault(
            "total", round((time.perf_counter() - started) * 1000, 2)
        )
        rows.append(answer_row(question, answer, result, score(question, answer, context, chosen)))
    summary = summarise(rows, [m.name for m in chosen])
    summary["judge"] = judge.name if judge is not None else None
    return EvalRun(rows, summary)


def run_briefings(
    assistant: Assistant,
    cases: list[BriefingCase],
    generator: str | None = None,
    progress: Progress | None = None,
    metrics: list[BriefingMetric] | None = None,
    length: str = "standard",
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Brief every reference topic and score every briefing: (rows, summary)."""
    chosen = briefing_metrics.BRIEFING_METRICS if metrics is None else metrics
    context = Context(knowledge_files(assistant.settings.knowledge))
    rows = []
    items: Iterable[BriefingCase] = cases
    if progress is not None:
        items = progress(cases, "briefing", len(cases))
    for case in items:
        started = time.perf_counter()
        briefing = assistant.brief(case.topic, length=length, generator=generator)
        seconds = time.perf_counter() - started
        scored = {}
        for metric in chosen:
            result = metric.score(case, briefing, context)
            if result is not None:
                scored[metric.name] = result
        rows.append(
            {
                "id": case.id,
                "topic": case.topic,
                "split": case.split,
                "must_abstain": case.must_abstain,
                "abstained": briefing.abstained,
                "metrics": {k: v.value for k, v in scored.items()},
                "reasons": {k: v.reason for k, v in scored.items()},
                "words": len(briefing.body().split()),
                "seconds": round(seconds, 3),
                "briefing": briefing.to_dict(),
            }
        )
    return rows, summarise_briefings(rows, [m.name for m in chosen])
