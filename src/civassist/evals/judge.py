"""Optional model-judged metrics, added to an eval run when an LLM backend is configured.

Both are yes/no questions to a chat model (prompts/judge_*.prompt), so they are only as good as
that model: their names start with ``judge_`` and reports label them as model-judged. The
offline metrics in :mod:`civassist.evals.metrics` never depend on them.

- ``judge_faithfulness``: share of (answer sentence, cited quote) pairs the model says the quote
  supports.
- ``judge_answer_relevance``: 1 when the model says the answer addresses the question, else 0.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from civassist.errors import BackendUnavailable
from civassist.evals.metrics import MetricResult
from civassist.prompts import load_prompt

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

JUDGE_METRICS = ("judge_faithfulness", "judge_answer_relevance")
_CITED = re.compile(r"(?P<text>[^\[\]]*?)(?P<marks>(?:\s*\[\d+\])+)")


def cited_sentences(answer: str) -> list[tuple[str, list[int]]]:
    """Each stretch of the answer that ends in ``[n]`` markers, with those numbers."""
    out = []
    for match in _CITED.finditer(answer):
        text = match.group("text").strip(" .;:\n-")
        if text:
            out.append((text, [int(n) for n in re.findall(r"\d+", match.group("marks"))]))
    return out


class Judge:
    """Asks ``chat_model`` yes/no questions about an answer (an ``ask --json`` object)."""

    def __init__(self, chat_model: BaseChatModel, prompts_dir: Path, name: str) -> None:
        self.chat_model = chat_model
        self.name = name
        self._faithful = load_prompt(prompts_dir, "judge_faithfulness")
        self._relevant = load_prompt(prompts_dir, "judge_relevance")

    def score(self, result: dict[str, Any]) -> dict[str, MetricResult]:
        """The judge metrics that apply (none for an abstention or an errored answer)."""
        if result.get("abstained") or result.get("error") or not result.get("answer"):
            return {}
        quotes = {c["id"]: c["quote"] for c in result.get("citations", [])}
        pairs = [
            (text, quotes[n])
            for text, numbers in cited_sentences(result["answer"])
            for n in numbers[:1]
            if n in quotes
        ]
        out = {}
        if pairs:
            yes = sum(self._yes(self._faithful.render(passage=q, statement=s)) for s, q in pairs)
            out["judge_faithfulness"] = MetricResult(
                yes / len(pairs), f"{self.name} judged {yes} of {len(pairs)} citations supporting"
            )
        relevant = self._yes(
            self._relevant.render(question=result["question"], answer=result["answer"])
        )
        out["judge_answer_relevance"] = MetricResult(
            1.0 if relevant else 0.0,
            f"{self.name} judged the answer {'on' if relevant else 'off'} the question",
        )
        return out

    def _yes(self, messages: list[tuple[str, str]]) -> bool:
        try:
            reply = self.chat_model.invoke(messages)
        except Exception as exc:  # the client's own errors: connection, timeout, HTTP
            raise BackendUnavailable(f"the judge model failed: {exc}") from exc
        text = str(getattr(reply, "content", reply)).strip().lower()
        return text.startswith("yes")
