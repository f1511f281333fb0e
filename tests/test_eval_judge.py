"""The optional model-judged eval metrics: parsing and scoring on a queued-reply chat model,
the runner and report wiring on the real index, and the real bundled model as the judge."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from civassist.errors import BackendUnavailable
from civassist.evals.judge import Judge
from civassist.settings import PROJECT_ROOT, Settings
from civassist.types import Answer, AnswerSentence, Citation

PROMPTS = PROJECT_ROOT / "prompts"
QUOTE_1 = "AGRA is headquartered in Nairobi, Kenya."
QUOTE_2 = "The AIIB had 57 founding members."


def _citation(number: int, quote: str) -> Citation:
    return Citation(number, "x.md", "", "", quote, quote, 0, len(quote))


def _result(**changes: Any) -> Answer:
    sentences = [("AGRA is based in Nairobi.", (1,)), ("The AIIB started with 57 members.", (2,))]
    sentences = changes.pop("sentences", sentences)
    answer = Answer(
        question="Where is AGRA based and how many members did the AIIB start with?",
        standalone_question="",
        answer=" ".join(text for text, _ in sentences),
        abstained=False,
        citations=changes.pop("citations", [_citation(1, QUOTE_1), _citation(2, QUOTE_2)]),
        passages=[],
        generator="extractive",
        notice=None,
        timings_ms={},
        sentences=[AnswerSentence(text, marks) for text, marks in sentences],
    )
    return replace(answer, **changes)


def _judge(*replies: str) -> Judge:
    return Judge(FakeListChatModel(responses=list(replies)), PROMPTS, "fake")


def test_faithfulness_is_the_share_of_supported_pairs_and_relevance_a_yes() -> None:
    scores = _judge("Yes.", "no", "yes").score(_result())
    assert scores["judge_faithfulness"].value == 0.5
    assert "1 of 2" in scores["judge_faithfulness"].reason
    assert scores["judge_answer_relevance"].value == 1.0


def test_perfect_and_zero_scores() -> None:
    perfect = _judge("yes", "yes", "yes").score(_result())
    zero = _judge("no", "no", "No, it does not.").score(_result())
    assert perfect["judge_faithfulness"].value == 1.0
    assert perfect["judge_answer_relevance"].value == 1.0
    assert zero["judge_faithfulness"].value == 0.0
    assert zero["judge_answer_relevance"].value == 0.0


def test_abstentions_and_errors_are_not_judged() -> None:
    assert _judge().score(_result(abstained=True)) == {}
    assert _judge().score(_result(answer="")) == {}


def test_a_failing_judge_model_is_backend_unavailable() -> None:
    class Broken(FakeListChatModel):
        def invoke(self, *args: Any, **kwargs: Any) -> Any:
            raise ConnectionError("refused")

    judge = Judge(Broken(responses=["yes"]), PROMPTS, "broken")
    with pytest.raises(BackendUnavailable, match="the judge model failed"):
        judge.score(_result())


@pytest.mark.e2e
def test_the_runner_adds_labelled_judge_metrics(assistant: Any) -> None:
    from civassist.evals.dataset import EvalQuestion
    from civassist.evals.report import summary_markdown
    from civassist.evals.runner import run

    question = EvalQuestion(
        id="j1", kind="case", question="Who founded AGRA?", history=[], gold_sections=[],
        gold_quotes=[], key_facts=[["gates"]], must_abstain=False,
    )  # fmt: skip
    plain = run(assistant, [question])
    assert "judge_faithfulness" not in plain.summary["overall"]
    judged = run(assistant, [question], judge=_judge(*["yes"] * 20))
    assert judged.summary["overall"]["judge_faithfulness"] == 1.0
    assert judged.summary["overall"]["judge_answer_relevance"] == 1.0
    assert judged.rows[0]["reasons"]["judge_faithfulness"].startswith("fake judged")
    assert "**model-judged** by the `fake`" in summary_markdown(judged.summary)


@pytest.mark.e2e
@pytest.mark.slow
def test_the_bundled_model_as_judge_tells_support_from_its_absence(
    indexed_settings: Settings,
) -> None:
    from civassist.assistant import Assistant

    assistant = Assistant(replace(indexed_settings, llm_timeout=300.0))
    judge = Judge(assistant.generator("local").chat_model, PROMPTS, "local")  # type: ignore[attr-defined]
    supported = judge.score(_result(sentences=[("AGRA is headquartered in Nairobi.", (1,))],
                                    citations=[_citation(1, QUOTE_1)]))  # fmt: skip
    unsupported = judge.score(_result(sentences=[("AGRA is headquartered in Lima, Peru.", (1,))],
                                      citations=[_citation(1, QUOTE_2)]))  # fmt: skip
    assert supported["judge_faithfulness"].value == 1.0
    assert unsupported["judge_faithfulness"].value == 0.0
