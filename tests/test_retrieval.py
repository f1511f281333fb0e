"""Hybrid retrieval over the real index: the right sections for known questions, typed passages."""

from __future__ import annotations

import pytest

from civassist.assistant import Assistant
from civassist.errors import InputError

from .conftest import KNOWLEDGE

pytestmark = pytest.mark.e2e

KNOWN = [
    ("What major challenges does South-South cooperation face?", "2. Major Challenges"),
    ("Which three keywords summarise the initiative's core principles?", "2. Core Principles"),
    ("What does the paper recommend about digital innovation?", "4. Invest in Technology"),
    ("How does SELA combine policy coordination with cultural exchange?", "3. Latin American"),
    ("Where did South-South cooperation originate historically?", "1. The Historical Process"),
    (
        "How should South-South cooperation relate to North-South cooperation?",
        "3. Strengthen Integration",
    ),
]


@pytest.mark.parametrize(("question", "section"), KNOWN)
def test_known_questions_find_their_section(
    assistant: Assistant, question: str, section: str
) -> None:
    passages = assistant.search(question, k=5).passages
    assert any(section in p.section for p in passages), [p.section for p in passages]


def test_passages_are_verbatim_typed_and_ranked(assistant: Assistant) -> None:
    passages = assistant.search("Who founded AGRA and who funds it?", k=6).passages
    assert [p.rank for p in passages] == list(range(1, 7))
    assert passages == sorted(passages, key=lambda p: -p.score)
    for p in passages:
        text = (KNOWLEDGE / p.source).read_text(encoding="utf-8")
        assert text[p.start : p.end] == p.text
        assert p.title and isinstance(p.score, float)


def test_empty_and_huge_queries_are_refused(assistant: Assistant) -> None:
    for bad in ("", "   \n\t"):
        with pytest.raises(InputError, match="empty"):
            assistant.search(bad)
    with pytest.raises(InputError, match="limit"):
        assistant.search("why " * 5000)


def test_langchain_retriever(assistant: Assistant) -> None:
    from langchain_core.retrievers import BaseRetriever

    from civassist.lc_retriever import as_langchain_retriever

    retriever = as_langchain_retriever(assistant.retriever, k=3)
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("What are the major challenges?")
    assert len(docs) == 3
    meta = docs[0].metadata
    assert {"id", "source", "title", "section", "start", "end", "score", "rank"} <= set(meta)
    assert (
        docs[0].page_content
        == assistant.search("What are the major challenges?", k=3).passages[0].text
    )
