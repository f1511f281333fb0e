"""Optional model-judged metrics, added to an eval run when an LLM backend is configured.

Both are yes/no questions to a chat model (prompts/judge_*.prompt), so they are only as good as
that model: their names start with ``judge_`` and reports label them as model-judged. The
offline metrics in :mod:`civassist.evals.metrics` never depend on them.

- ``judge_faithfulness``: share of (answer sentence, cited quote) pairs the model says the quote
  supports.
- ``judge_answer_relevance``: 1 when the model says the answer addresses the question, else 0.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from civassist.errors import BackendUnavailable, CivassistError
from civassist.evals.catalog import AnswerMetric, Context, Metric
from civassist.evals.dataset import EvalQuestion
from civassist.evals.metrics import MetricResult
from civassist.prompts import load_prompt
from civassist.types import Answer

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

JUDGE_METRICS = ("judge_faithfulness", "judge_answer_relevance")


class Judge:
    """Asks ``chat_model`` yes/no questions about a typed :class:`Answer`."""

    def __init__(self, chat_model: BaseChatModel, prompts_dir: Path, name: str) -> None:
        self.chat_model = chat_model
        self.name = name
        self._faithful = load_prompt(prompts_dir, "judge_faithfulness")
        self._relevant = load_prompt(prompts_dir, "judge_relevance")

    def metrics(self) -> list[AnswerMetric]:
        """The two judge metrics, to append to the runner's metric list."""
        return [
            Metric(JUDGE_METRICS[0], "model-judged: cited quotes support their sentences",
                   self._guarded(self.faithfulness), answered=True),
            Metric(JUDGE_METRICS[1], "model-judged: the answer addresses the question",
                   self._guarded(self.relevance), answered=True),
        ]  # fmt: skip

    def score(self, answer: Answer) -> dict[str, MetricResult]:
        """The judge metrics that apply (none for an abstention or an empty answer)."""
        if answer.abstained or not answer.answer:
            return {}
        out = {}
        for name, fn in zip(JUDGE_METRICS, (self.faithfulness, self.relevance), strict=True):
            result = fn(answer)
            if result.value is not None:
                out[name] = result
        return out

    def faithfulness(self, answer: Answer) -> MetricResult:
        """Share of (sentence, first cited quote) pairs the model says the quote supports."""
        quotes = {c.id: c.quote for c in answer.citations}
        pairs = [
            (s.text, quotes[s.citations[0]])
            for s in answer.sentences
            if s.citations and s.citations[0] in quotes and s.text.strip()
        ]
        if not answer.answer or not pairs:
            return MetricResult(None, "no cited sentence")
        yes = sum(self._yes(self._faithful.render(passage=q, statement=s)) for s, q in pairs)
        return MetricResult(
            yes / len(pairs), f"{self.name} judged {yes} of {len(pairs)} citations supporting"
        )

    def relevance(self, answer: Answer) -> MetricResult:
        """1 when the model says the answer addresses the question, else 0."""
        if not answer.answer:
            return MetricResult(None, "empty answer")
        relevant = self._yes(self._relevant.render(question=answer.question, answer=answer.answer))
        return MetricResult(
            1.0 if relevant else 0.0,
            f"{self.name} judged the answer {'on' if relevant else 'off'} the question",
        )

    @staticmethod
    def _guarded(
        fn: Callable[[Answer], MetricResult],
    ) -> Callable[[EvalQuestion, Answer, Context], MetricResult]:
        def score(question: EvalQuestion, answer: Answer, context: Context) -> MetricResult:
            try:
                return fn(answer)
            except CivassistError as exc:
                return MetricResult(None, str(exc))

        return score

    def _yes(self, messages: list[tuple[str, str]]) -> bool:
        try:
            reply = self.chat_model.invoke(messages)
        except Exception as exc:  # the client's own errors: connection, timeout, HTTP
            raise BackendUnavailable(f"the judge model failed: {exc}") from exc
        text = str(getattr(reply, "content", reply)).strip().lower()
        return text.startswith("yes")
