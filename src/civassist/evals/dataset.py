"""Reference sets as JSONL, with a validator that names the file and line of every problem."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from civassist.errors import InputError

SPLITS = ("dev", "test")
KINDS = (
    "factual", "synthesis", "list", "case", "paraphrase", "unanswerable", "adversarial", "followup"
)  # fmt: skip


@dataclass(frozen=True)
class EvalQuestion:
    """One reference question (the format of evals/questions.jsonl)."""

    id: str
    kind: str
    question: str
    gold_sections: list[str]
    gold_quotes: list[str]
    key_facts: list[list[str]]
    must_abstain: bool
    history: list[dict[str, str]] = field(default_factory=list)
    split: str | None = None  # "dev" (tune on it) or "test" (report only); None: unsplit


@dataclass(frozen=True)
class BriefingCase:
    """One reference briefing topic (the format of evals/briefings.jsonl)."""

    id: str
    topic: str
    key_points: list[list[str]]
    gold_sections: list[str]
    must_abstain: bool = False  # every reference topic is in scope unless it says otherwise
    split: str | None = None


def _read_jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from exc
    rows = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: invalid JSON: {exc.msg}") from exc
        if not isinstance(data, dict):
            raise InputError(f"{path}:{number}: each line must be a JSON object")
        rows.append((number, data))
    if not rows:
        raise InputError(f"{path}: no questions")
    return rows


def _require(
    where: str, data: dict[str, Any], name: str, kind: type, optional: bool = False
) -> Any:
    if name not in data:
        if optional:
            return None
        raise InputError(f"{where}: missing field {name!r}")
    value = data[name]
    if not isinstance(value, kind):
        raise InputError(f"{where}: field {name!r} must be {kind.__name__}")
    return value


def _split(where: str, data: dict[str, Any]) -> str | None:
    split = _require(where, data, "split", str, optional=True)
    if split is not None and split not in SPLITS:
        raise InputError(f"{where}: split {split!r} is not one of {', '.join(SPLITS)}")
    return split  # type: ignore[no-any-return]


def _string_lists(where: str, name: str, value: list[Any]) -> list[list[str]]:
    for item in value:
        if not isinstance(item, list) or not item or not all(isinstance(s, str) for s in item):
            raise InputError(f"{where}: each entry of {name!r} must be a non-empty list of strings")
    return [[s.lower() for s in item] for item in value]


def load_questions(path: Path, knowledge_texts: list[str]) -> list[EvalQuestion]:
    """Parse and validate a question set; gold quotes must be verbatim in the knowledge base."""
    questions = []
    seen: set[str] = set()
    for number, data in _read_jsonl(path):
        where = f"{path}:{number}"
        qid = _require(where, data, "id", str)
        if qid in seen:
            raise InputError(f"{where}: duplicate id {qid!r}")
        seen.add(qid)
        kind = _require(where, data, "kind", str)
        if kind not in KINDS:
            raise InputError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
        question = _require(where, data, "question", str)
        if not question.strip():
            raise InputError(f"{where}: empty question")
        sections = _require(where, data, "gold_sections", list)
        quotes = _require(where, data, "gold_quotes", list)
        for quote in quotes:
            if not isinstance(quote, str) or not quote.strip():
                raise InputError(f"{where}: gold quotes must be non-empty strings")
            if not any(quote in text for text in knowledge_texts):
                raise InputError(
                    f"{where}: gold quote not found in the knowledge base: {quote[:60]!r}"
                )
        facts = _string_lists(where, "key_facts", _require(where, data, "key_facts", list))
        abstain = _require(where, data, "must_abstain", bool)
        history = _require(where, data, "history", list, optional=True) or []
        for turn in history:
            if (
                not isinstance(turn, dict)
                or turn.get("role") not in ("user", "assistant")
                or not isinstance(turn.get("content"), str)
            ):
                raise InputError(f"{where}: history items need role user|assistant and content")
        questions.append(
            EvalQuestion(
                qid,
                kind,
                question,
                [str(s) for s in sections],
                quotes,
                facts,
                abstain,
                history,
                _split(where, data),
            )
        )
    return questions


def load_briefings(path: Path) -> list[BriefingCase]:
    """Parse and validate a briefing set."""
    cases = []
    for number, data in _read_jsonl(path):
        where = f"{path}:{number}"
        cases.append(
            BriefingCase(
                id=_require(where, data, "id", str),
                topic=_require(where, data, "topic", str),
                key_points=_string_lists(
                    where, "key_points", _require(where, data, "key_points", list)
                ),
                gold_sections=[str(s) for s in _require(where, data, "gold_sections", list)],
                must_abstain=bool(_require(where, data, "must_abstain", bool, optional=True)),
                split=_split(where, data),
            )
        )
    return cases


def knowledge_texts(knowledge: Path) -> list[str]:
    """The text of every Markdown and text file in the knowledge folder."""
    return [
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(knowledge.rglob("*"))
        if p.is_file() and p.suffix in (".md", ".markdown", ".txt")
    ]
