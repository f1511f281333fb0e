"""Suggested questions: starters spread over the paper and one per case file, and follow-ups
about the sections next to the ones an answer cited.

Which document is the paper and which are cases comes from :class:`KnowledgeRoles` (front matter
or the ``paper`` setting), not from folder names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

from civassist.types import Answer, Chunk
from civassist.web.headings import plain, tail
from civassist.web.roles import KnowledgeRoles

T = TypeVar("T")
Key = tuple[str, str, str]  # (source, title, section)

_ACRONYM_IN_TITLE = re.compile(r"\(([A-Z]{2,8})\)")
_SKIPPED_SECTIONS = frozenset({"", "Sources", "Introduction", "Conclusion"})
_CASE_QUESTIONS = (
    ("found", "Who founded {name}?"),
    ("headquarter", "Where is {name} headquartered?"),
    ("funding", "Who funds {name}?"),
    ("membership", "Who are the members of {name}?"),
    ("announce", "When was {name} announced?"),
    ("leadership", "Who leads {name}?"),
    ("criticism", "How has {name} been criticised?"),
    ("qualif", "How does the {name} case qualify the paper?"),
    ("relates to the paper", "How does {name} relate to the paper?"),
)


def starter_questions(
    chunks: Sequence[Chunk], roles: KnowledgeRoles, papers: int = 3, cases: int = 3
) -> list[str]:
    """Questions to start with: sections spread over the paper, then one per case file."""
    openers = section_openers(chunks, roles)
    paper_sections = [
        (c.source, c.title, c.section)
        for c in openers
        if not roles.is_case(c.source) and tail(c.section) not in _SKIPPED_SECTIONS
    ]
    picked = [_question_for(key, roles) for key in _spread(paper_sections, papers)]
    case_picks: dict[str, str] = {}
    for chunk in openers:
        if roles.is_case(chunk.source) and chunk.source not in case_picks:
            question = _case_question(chunk.title, chunk.section, fallback=False)
            if question:
                case_picks[chunk.source] = question
    return [q for q in [*picked, *list(case_picks.values())[:cases]] if q]


def follow_up_questions(
    answer: Answer,
    chunks: Sequence[Chunk],
    roles: KnowledgeRoles,
    asked: Sequence[str] = (),
    limit: int = 3,
) -> list[str]:
    """Questions about the sections next to the cited ones (the closest, after an abstention),
    leaving out the ``asked`` ones."""
    order = [(c.source, c.title, c.section) for c in section_openers(chunks, roles)]
    position = {key: i for i, key in enumerate(order)}
    used = list(dict.fromkeys((c.source, c.title, c.section) for c in answer.citations))
    targets: list[Key] = []
    if answer.abstained:
        targets = [(p.source, p.title, p.section) for p in answer.passages[:limit]]
    for key in used:
        i = position.get(key)
        if i is None:
            continue
        for j in (i + 1, i - 1):
            if 0 <= j < len(order) and order[j][0] == key[0] and order[j] not in used:
                targets.append(order[j])
    seen = {q.lower() for q in (*asked, answer.question, answer.standalone_question)}
    out: list[str] = []
    for target in targets:
        question = _question_for(target, roles)
        if question and question.lower() not in seen and question not in out:
            out.append(question)
    return out[:limit]


def section_openers(chunks: Sequence[Chunk], roles: KnowledgeRoles) -> list[Chunk]:
    """The first chunk of each (document, section): the paper first, then the cases."""
    seen: dict[tuple[str, str], Chunk] = {}
    for chunk in sorted(chunks, key=lambda c: (roles.is_case(c.source), c.source, c.ordinal)):
        seen.setdefault((chunk.source, chunk.section), chunk)
    return list(seen.values())


def _question_for(key: Key, roles: KnowledgeRoles) -> str | None:
    source, title, section = key
    if tail(section) in _SKIPPED_SECTIONS:
        return None
    if roles.is_case(source):
        return _case_question(title, section, fallback=True)
    return f"What does the paper say about “{plain(tail(section))}”?"


def _case_question(title: str, section: str, fallback: bool) -> str | None:
    name = _short_name(title)
    lowered = section.lower()
    for key, template in _CASE_QUESTIONS:
        if key in lowered:
            return template.format(name=name)
    return f"What do the sources say about {name}: {plain(tail(section))}?" if fallback else None


def _short_name(title: str) -> str:
    match = _ACRONYM_IN_TITLE.search(title)
    if match:
        return match.group(1)
    first = title.split(" ", 1)[0]
    return first if first.isupper() and len(first) > 1 else title


def _spread(items: list[T], count: int) -> list[T]:
    if len(items) <= count:
        return items
    if count == 1:
        return items[:1]
    return [items[round(i * (len(items) - 1) / (count - 1))] for i in range(count)]
