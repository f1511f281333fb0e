"""Thumbs up/down on answers, kept in a SQLite database, and turned into eval cases.

One row per record (the record as JSON) in ``$CIVASSIST_HOME/feedback.sqlite3``, or in the file
``CIVASSIST_FEEDBACK_DB`` names, so that several replicas can share one store. WAL mode lets
readers run while a writer commits; SQLite serialises writers across threads and processes. An
older ``feedback.jsonl`` is imported once.
``export_cases`` gives questions in the ``evals/questions.jsonl`` format: a thumbs-up answer
supplies its cited sections and verbatim quotes as gold; a thumbs-down answer leaves them empty
for the maintainer to fill in.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import threading
import time
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
DB_NAME = "feedback.sqlite3"
LEGACY_NAME = "feedback.jsonl"
_SCHEMA = "CREATE TABLE IF NOT EXISTS feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, record TEXT)"

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
    """The feedback database: SQLite in WAL mode, shared by every process (and replica) that
    points at the same file (``CIVASSIST_FEEDBACK_DB``; default: ``feedback.sqlite3`` in home).
    """

    settings: Settings
    path: Path = field(init=False)

    def __post_init__(self) -> None:
        configured = self.settings.feedback_db
        self.path = Path(configured).expanduser() if configured else self.settings.home / DB_NAME

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA busy_timeout = 30000")
            _use_wal(db)
            db.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise InputError(f"cannot open the feedback database {self.path}: {exc}") from exc
        self._import_legacy(db)
        return db

    def _import_legacy(self, db: sqlite3.Connection) -> None:
        """Move the records of an older JSONL feedback file into the database, once."""
        legacy = self.settings.home / LEGACY_NAME
        if not legacy.is_file():
            return
        with _write_lock:
            try:
                db.execute("BEGIN IMMEDIATE")  # one importer at a time, across processes
                try:
                    lines = legacy.read_text(encoding="utf-8").splitlines()
                except FileNotFoundError:  # another process imported it first
                    db.execute("ROLLBACK")
                    return
                db.executemany(
                    "INSERT INTO feedback (record) VALUES (?)", [(x,) for x in lines if x.strip()]
                )
                legacy.rename(legacy.with_name(LEGACY_NAME + ".imported"))
                db.execute("COMMIT")
            except (OSError, UnicodeDecodeError, sqlite3.Error) as exc:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise InputError(f"cannot import {legacy}: {exc}") from exc

    def add(self, record: FeedbackRecord) -> None:
        """Save ``record``; concurrent writers (threads, processes) are serialised by SQLite."""
        text = json.dumps(record.to_dict(), ensure_ascii=False)
        db = self._connect()
        try:
            db.execute("INSERT INTO feedback (record) VALUES (?)", (text,))
        except sqlite3.Error as exc:
            raise InputError(f"cannot save feedback to {self.path}: {exc}") from exc
        finally:
            db.close()

    def records(self) -> list[FeedbackRecord]:
        """Every saved record, oldest first (none when nothing was saved yet)."""
        if not self.path.exists() and not (self.settings.home / LEGACY_NAME).is_file():
            return []
        db = self._connect()
        try:
            rows = db.execute("SELECT id, record FROM feedback ORDER BY id").fetchall()
        except sqlite3.Error as exc:
            raise InputError(f"cannot read {self.path}: {exc}") from exc
        finally:
            db.close()
        records = []
        for number, text in rows:
            try:
                records.append(FeedbackRecord.from_dict(json.loads(text)))
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


def _use_wal(db: sqlite3.Connection, tries: int = 100) -> None:
    """Put the database in WAL mode (it stays so once set). Switching needs a moment alone
    with the file, and SQLite does not wait for it as it waits for locks elsewhere: a writer
    that opens the file while others are starting got "database is locked" (the suite's
    eight concurrent writers lost one writer's ten records under load, 2026-12-03). Once the
    file is in WAL mode, reading the mode takes no lock; until then, retry for a few seconds."""
    for attempt in range(tries):
        if db.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
            return
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == tries - 1:
                raise
            time.sleep(0.05)
