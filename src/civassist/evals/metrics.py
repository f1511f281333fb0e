"""Answer-quality metrics that need no LLM judge; each returns a value and a short reason.

A passage is relevant when it contains a gold quote; a quote split across two chunks still
counts when at least half of it stands in the passage as one run.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from civassist.citing import containment, missing_facts
from civassist.types import AnswerSentence, Citation, Passage


@dataclass(frozen=True)
class MetricResult:
    """A metric's value for one question and why."""

    value: float | None  # None: not applicable to this question
    reason: str


def _norm(text: str) -> str:
    return " ".join(text.split())


def quote_in(quote: str, passage: str) -> bool:
    """True when the passage holds the quote, or at least half of it as one unbroken run."""
    q, p = _norm(quote), _norm(passage)
    if q in p:
        return True
    match = SequenceMatcher(None, q, p, autojunk=False).find_longest_match(0, len(q), 0, len(p))
    return match.size >= max(20, len(q) // 2)


def relevance(passages: Sequence[Passage], gold_quotes: list[str]) -> list[set[int]]:
    """For each passage, which gold quotes it holds."""
    return text_relevance([p.text for p in passages], gold_quotes)


def text_relevance(texts: Sequence[str], gold_quotes: list[str]) -> list[set[int]]:
    """For each text, which gold quotes it holds (for retrievers that return plain text)."""
    return [{i for i, q in enumerate(gold_quotes) if quote_in(q, t)} for t in texts]


def hit_at_k(rel: list[set[int]], k: int) -> MetricResult:
    hits = [i + 1 for i, r in enumerate(rel[:k]) if r]
    if hits:
        return MetricResult(1.0, f"first gold passage at rank {hits[0]}")
    return MetricResult(0.0, f"no gold passage in the top {k}")


def recall_at_k(rel: list[set[int]], k: int, n_gold: int) -> MetricResult:
    found = set().union(*rel[:k]) if rel[:k] else set()
    return MetricResult(len(found) / n_gold, f"{len(found)} of {n_gold} gold quotes in the top {k}")


def mrr(rel: list[set[int]]) -> MetricResult:
    for i, r in enumerate(rel):
        if r:
            return MetricResult(1.0 / (i + 1), f"first gold passage at rank {i + 1}")
    return MetricResult(0.0, "no gold passage retrieved")


def ndcg_at_k(rel: list[set[int]], k: int, n_gold: int) -> MetricResult:
    seen: set[int] = set()
    gains = []
    for r in rel[:k]:  # a passage gains only for gold quotes not already found above it
        gains.append(1.0 if r - seen else 0.0)
        seen |= r
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(k, n_gold)))
    return MetricResult(dcg / ideal if ideal else 0.0, f"DCG {dcg:.2f} of ideal {ideal:.2f}")


def key_fact_coverage(answer: str, key_facts: list[list[str]]) -> MetricResult:
    text = answer.lower()
    missing = [alts[0] for alts in key_facts if not any(a in text for a in alts)]
    covered = len(key_facts) - len(missing)
    reason = f"{covered}/{len(key_facts)} key facts" + (
        f"; missing: {', '.join(missing)}" if missing else ""
    )
    return MetricResult(covered / len(key_facts), reason)


def _sentences(sentences: Sequence[AnswerSentence]) -> list[tuple[str, tuple[int, ...]]]:
    return [(s.text.strip(), s.citations) for s in sentences if s.text.strip()]


def _supports(sentence: str, citation: Citation) -> bool:
    return containment(sentence, citation.quote) >= 0.6 and not missing_facts(
        sentence, citation.passage
    )


def citation_precision(
    sentences: Sequence[AnswerSentence], citations: Sequence[Citation]
) -> MetricResult:
    """Share of (sentence, cited quote) pairs where the quote supports the sentence."""
    by_id = {c.id: c for c in citations}
    pairs = [(s, by_id.get(n)) for s, marks in _sentences(sentences) for n in marks]
    if not pairs:
        return MetricResult(None, "no citations")
    good = sum(1 for s, c in pairs if c is not None and _supports(s, c))
    return MetricResult(good / len(pairs), f"{good}/{len(pairs)} citations support their sentence")


def citation_recall(
    sentences: Sequence[AnswerSentence], citations: Sequence[Citation]
) -> MetricResult:
    """Share of answer sentences that carry at least one supporting citation."""
    by_id = {c.id: c for c in citations}
    texts = _sentences(sentences)
    if not texts:
        return MetricResult(None, "empty answer")
    good = sum(1 for s, marks in texts if any(n in by_id and _supports(s, by_id[n]) for n in marks))
    return MetricResult(good / len(texts), f"{good}/{len(texts)} sentences supported")


def citations_verbatim(citations: Sequence[Citation], files: dict[str, str]) -> MetricResult:
    """Every quote is in its passage and every passage is at its place in its knowledge file."""
    bad = []
    for c in citations:
        text = files.get(c.source)
        if c.quote not in c.passage:
            bad.append(f"[{c.id}] quote not in passage")
        elif text is not None and text[c.start : c.end] != c.passage:
            bad.append(f"[{c.id}] passage not at {c.source}:{c.start}")
        elif text is None and not any(c.passage in t for t in files.values()):
            bad.append(f"[{c.id}] passage not in the knowledge base")
    if not citations:
        return MetricResult(None, "no citations")
    return MetricResult(0.0 if bad else 1.0, "; ".join(bad) or "all verbatim")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]
