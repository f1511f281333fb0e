"""The answer metrics, listed once: each is a name, what it applies to and a score function.

A new metric is one :class:`Metric` and one entry in :data:`METRICS`; the runner, the summary,
the gate and every report read the list. A score of ``MetricResult(None, why)`` means the metric
does not apply to this answer (no citations to check, say) and is left out of the means.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from civassist.evals import metrics as m
from civassist.evals.dataset import EvalQuestion
from civassist.evals.metrics import MetricResult
from civassist.types import Answer

K = 5
Q = TypeVar("Q")
A = TypeVar("A")


@dataclass(frozen=True)
class Context:
    """What a metric may read besides the question and the answer."""

    files: dict[str, str]  # knowledge file (relative path) -> text


@dataclass(frozen=True)
class Metric(Generic[Q, A]):
    """One metric: ``score(question, answer, context)`` gives a value in [0, 1] and a reason.

    ``kinds`` limits it to some question kinds; ``must_abstain`` to questions that must (True)
    or must not (False) abstain; ``answered`` to answers that did not abstain.
    """

    name: str
    description: str
    score_fn: Callable[[Q, A, Context], MetricResult]
    kinds: frozenset[str] | None = None
    must_abstain: bool | None = None
    answered: bool = False

    def applies(self, question: Q, answer: A) -> bool:
        kind = getattr(question, "kind", None)
        if self.kinds is not None and kind not in self.kinds:
            return False
        if self.must_abstain is not None and getattr(question, "must_abstain", None) != (
            self.must_abstain
        ):
            return False
        return not (self.answered and getattr(answer, "abstained", False))

    def score(self, question: Q, answer: A, context: Context) -> MetricResult | None:
        """The result, or None when the metric does not apply."""
        if not self.applies(question, answer):
            return None
        result = self.score_fn(question, answer, context)
        return None if result.value is None else result


AnswerMetric = Metric[EvalQuestion, Answer]


@lru_cache(maxsize=256)
def _relevance(texts: tuple[str, ...], quotes: tuple[str, ...]) -> list[set[int]]:
    return [{i for i, q in enumerate(quotes) if m.quote_in(q, t)} for t in texts]


def _rel(q: EvalQuestion, a: Answer) -> list[set[int]]:
    return _relevance(tuple(p.text for p in a.passages), tuple(q.gold_quotes))


def _retrieval(
    fn: Callable[[list[set[int]], int], MetricResult],
) -> Callable[[EvalQuestion, Answer, Context], MetricResult]:
    def score(q: EvalQuestion, a: Answer, _: Context) -> MetricResult:
        if not q.gold_quotes:
            return MetricResult(None, "no gold quotes")
        return fn(_rel(q, a), len(q.gold_quotes))

    return score


def key_facts(q: EvalQuestion, a: Answer, _: Context) -> MetricResult:
    if not q.key_facts:
        return MetricResult(None, "no key facts")
    return m.key_fact_coverage(a.answer, q.key_facts)


def abstention_correct(q: EvalQuestion, a: Answer, _: Context) -> MetricResult:
    correct = a.abstained == q.must_abstain
    return MetricResult(
        1.0 if correct else 0.0, f"abstained={a.abstained}, expected {q.must_abstain}"
    )


def adversarial_pass(q: EvalQuestion, a: Answer, context: Context) -> MetricResult:
    """Kept to the sources: right abstention, half the key facts, verbatim citations."""
    correct = a.abstained == q.must_abstain
    facts = None if q.must_abstain else key_facts(q, a, context).value
    verbatim = None if a.abstained else m.citations_verbatim(a.citations, context.files).value
    passed = correct and (facts is None or facts >= 0.5) and verbatim in (None, 1.0)
    return MetricResult(
        1.0 if passed else 0.0,
        "kept to the sources" if passed else "abstention, key facts or citations wrong",
    )


METRICS: list[AnswerMetric] = [
    Metric("hit@5", "a gold passage is in the top 5",
           _retrieval(lambda rel, n: m.hit_at_k(rel, K))),
    Metric("recall@5", "share of gold quotes in the top 5",
           _retrieval(lambda rel, n: m.recall_at_k(rel, K, n))),
    Metric("mrr", "1 / rank of the first gold passage", _retrieval(lambda rel, n: m.mrr(rel))),
    Metric("ndcg@5", "gold passages ranked high, each gold quote counted once",
           _retrieval(lambda rel, n: m.ndcg_at_k(rel, K, n))),
    Metric("key_fact_coverage", "share of key facts in the answer text", key_facts,
           must_abstain=False),
    Metric("citation_precision", "share of (sentence, cited quote) pairs that support",
           lambda q, a, c: m.citation_precision(a.sentences, a.citations), answered=True),
    Metric("citation_recall", "share of sentences with a supporting citation",
           lambda q, a, c: m.citation_recall(a.sentences, a.citations), answered=True),
    Metric("citations_verbatim", "every quote and passage verbatim at its place",
           lambda q, a, c: m.citations_verbatim(a.citations, c.files), answered=True),
    Metric("abstention_correct", "abstained exactly when it must", abstention_correct),
    Metric("adversarial_pass", "an adversarial question kept to the sources", adversarial_pass,
           kinds=frozenset({"adversarial"})),
]  # fmt: skip


def score(
    question: EvalQuestion,
    answer: Answer,
    context: Context,
    metrics: list[AnswerMetric] | None = None,
) -> dict[str, MetricResult]:
    """Every metric of ``metrics`` (default :data:`METRICS`) that applies, by name."""
    out = {}
    for metric in METRICS if metrics is None else metrics:
        result = metric.score(question, answer, context)
        if result is not None:
            out[metric.name] = result
    return out
