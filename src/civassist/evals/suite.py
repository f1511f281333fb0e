"""What one ``civassist eval`` runs: the question and briefing sets, their splits, and the run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from civassist.assistant import Assistant
from civassist.evals.dataset import (
    BriefingCase,
    EvalQuestion,
    knowledge_texts,
    load_briefings,
    load_questions,
)
from civassist.evals.judge import Judge
from civassist.evals.runner import EvalRun, Progress, run, run_briefings
from civassist.evals.splits import assign, load_split, select, split_files_for


@dataclass(frozen=True)
class Suite:
    """The questions and briefing topics of one run, each with its split (or none)."""

    questions: list[EvalQuestion]
    briefings: list[BriefingCase] = field(default_factory=list)
    split: str = "all"


def load_suite(
    knowledge: Path,
    question_files: Sequence[Path],
    briefing_file: Path | None = None,
    split_file: Path | None = None,
    split: str = "all",
) -> Suite:
    """Load and validate the sets; ``split_file`` defaults to a split.json beside them."""
    texts = knowledge_texts(knowledge)
    questions = [q for f in question_files for q in load_questions(f, texts)]
    briefings = load_briefings(briefing_file) if briefing_file else []
    sets = [*question_files, *([briefing_file] if briefing_file else [])]
    splits: dict[str, str] = {}
    for path in [split_file] if split_file else split_files_for(sets):
        splits.update(load_split(path))
    questions = select(assign(questions, splits), split)
    briefings = assign(briefings, splits)
    if briefings and split != "all":
        briefings = select(briefings, split)
    return Suite(questions, briefings, split)


def evaluate(
    assistant: Assistant,
    suite: Suite,
    generator: str | None = None,
    progress: Progress | None = None,
    judge: Judge | None = None,
) -> EvalRun:
    """Answer and score the questions, then brief and score the topics (when there are any)."""
    result = run(assistant, suite.questions, generator, progress=progress, judge=judge)
    result.summary["split"] = suite.split
    if suite.briefings:
        rows, summary = run_briefings(assistant, suite.briefings, generator, progress=progress)
        result.briefing_rows = rows
        result.summary["briefings"] = summary
    return result
