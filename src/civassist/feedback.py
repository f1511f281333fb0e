"""Thumbs up/down on answers, kept as JSONL in the data directory, and turned into eval cases.

One line per record in ``$CIVASSIST_HOME/feedback.jsonl``; writers append under an exclusive
``flock`` so that concurrent chat sessions (or processes) never interleave half lines.
``export_cases`` gives questions in the ``evals/questions.jsonl`` format: a thumbs-up answer
supplies its cited sections and verbatim quotes as gold; a thumbs-down answer leaves them empty
for the maintainer to fill in.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import threading
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from civassist.errors import InputError
from civassist.settings import Settings
from civassist.types import Answer

RATINGS = ("up", "down")
EXPORT_CHOICES = ("all", "up", "down")
MAX_COMMENT_CHARS = 4000

_write_lock = threading.Lock()


@dataclass(frozen=True)
class FeedbackRecord:
    """One rating of one answer, with what is needed to replay the question."""

    timestamp: str
    rating: str  # "up" | "down"
    comment: str
    question: str
    standalone_question: str
    history: list[dict[str, str]]
    answer: str
    citations: list[dict[str, Any]]
    generator: str

    @classmethod
    def for_answer(
        cls,
        answer: Answer,
        rating: str,
        comment: str = "",
        history: list[dict[str, str]] | None = None,
    ) -> FeedbackRecord:
        """A record of ``rating`` ("up" or "down") for ``answer``, asked after ``history``."""
        if rating not in RATINGS:
            raise InputError(f"rating must be 'up' or 'down', got {rating!r}")
        return cls(
            timestamp=datetime.now(UTC).isoformat(timespec="seconds"),
            rating=rating,
            comment=(comment or "").strip()[:MAX_COMMENT_CHARS],
            question=answer.question,
            standalone_question=answer.standalone_question,
            history=[{"role": t["role"], "content": t["content"]} for t in history or []],
            answer=answer.answer,
            citations=[c.to_dict() for c in answer.citations],
            generator=answer.generator,
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeedbackRecord:
        return cls(**{name: data[name] for name in cls.__dataclass_fields__})

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def case_id(self) -> str:
        digest = hashlib.sha1(f"{self.timestamp}\n{self.question}".encode()).hexdigest()
        return f"feedback-{digest[:10]}"

    def to_case(self) -> dict[str, Any]:
        """This record as an eval question (the ``evals/questions.jsonl`` format)."""
        kind = "followup" if self.history else "factual"
        sections: list[str] = []
        quotes: list[str] = []
        must_abstain = False
        if self.rating == "up" and self.citations:
            for citation in self.citations:
                section = str(citation.get("section") or citation.get("title") or "")
                name = section.split(" › ")[-1]
                if name and name not in sections:
                    sections.append(name)
                quote = str(citation.get("quote", ""))
                if quote.strip() and quote not in quotes:
                    quotes.append(quote)
        elif self.rating == "up":
            kind, must_abstain = "unanswerable", True  # a thumbs-up on an abstention
        return {
            "id": self.case_id(),
            "kind": kind,
            "question": self.question,
            "history": self.history,
            "gold_sections": sections,
            "gold_quotes": quotes,
            "key_facts": [],
            "must_abstain": must_abstain,
        }


@dataclass
class FeedbackStore:
    """The feedback file of one civassist home."""

    settings: Settings
    path: Path = field(init=False)

    def __post_init__(self) -> None:
        self.path = self.settings.home / "feedback.jsonl"

    def add(self, record: FeedbackRecord) -> None:
        """Append ``record`` as one line, under a lock shared with other writers."""
        line = json.dumps(record.to_dict(), ensure_ascii=False) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with _write_lock, self.path.open("a", encoding="utf-8") as fh:
                fcntl.flock(fh, fcntl.LOCK_EX)
                try:
                    fh.write(line)
                    fh.flush()
                    os.fsync(fh.fileno())
                finally:
                    fcntl.flock(fh, fcntl.LOCK_UN)
        except OSError as exc:
            raise InputError(f"cannot save feedback to {self.path}: {exc}") from exc

    def records(self) -> list[FeedbackRecord]:
        """Every saved record, oldest first (none when the file does not exist yet)."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {self.path}: {exc}") from exc
        records = []
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                records.append(FeedbackRecord.from_dict(json.loads(line)))
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise InputError(f"{self.path}:{number}: not a feedback record ({exc})") from exc
        return records

    def export_cases(self, only: str = "all") -> list[dict[str, Any]]:
        """Eval questions from the records rated ``only`` ("all", "up" or "down")."""
        if only not in EXPORT_CHOICES:
            raise InputError(f"only must be one of {', '.join(EXPORT_CHOICES)}, got {only!r}")
        cases = []
        seen: dict[str, int] = {}
        for record in self.records():
            if only != "all" and record.rating != only:
                continue
            case = record.to_case()
            base = case["id"]
            seen[base] = seen.get(base, 0) + 1
            if seen[base] > 1:
                case["id"] = f"{base}-{seen[base]}"
            cases.append(case)
        return cases
