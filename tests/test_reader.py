"""The reader: log-probability parsing and yes/no scoring with a fake completion function, and the
real bundled model end to end."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest

from civassist.errors import BackendUnavailable
from civassist.generation.reader import (
    ModelReader,
    first_token_logprobs,
    http_completion,
    yes_probability,
)
from civassist.settings import PROJECT_ROOT, Settings

PROMPTS = PROJECT_ROOT / "prompts"


def _reply(*alternatives: tuple[str, float]) -> dict[str, Any]:
    """A llama.cpp chat completion body whose one generated token had these alternatives."""
    top = [{"id": i, "token": t, "bytes": list(t.encode()), "logprob": lp}
           for i, (t, lp) in enumerate(alternatives)]  # fmt: skip
    token = {**top[0], "top_logprobs": top} if top else {"token": "", "logprob": 0.0}
    return {
        "object": "chat.completion",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": token["token"]},
                     "logprobs": {"content": [token]}}],
        "timings": {"prompt_n": 20, "cache_n": 40},
    }  # fmt: skip


class FakeCompletion:
    """Records each request and answers from a queue of reply bodies."""

    def __init__(self, replies: list[dict[str, Any]]) -> None:
        self.replies = list(replies)
        self.requests: list[dict[str, Any]] = []

    def __call__(self, body: dict[str, Any]) -> dict[str, Any]:
        self.requests.append(body)
        return self.replies.pop(0)


def test_first_token_logprobs_reads_the_alternatives_in_order() -> None:
    reply = _reply(("No", -0.2), ("Yes", -1.8), ("no", -4.0))
    assert first_token_logprobs(reply) == [("No", -0.2), ("Yes", -1.8), ("no", -4.0)]


@pytest.mark.parametrize(
    "body",
    [
        {"error": {"code": 500, "message": "boom"}},
        {"choices": [{"message": {"content": "yes"}}]},  # a server that ignores `logprobs`
        {"choices": [{"logprobs": {"content": []}}]},
        {"choices": [{"logprobs": {"content": [{"token": "x", "top_logprobs": [{"t": 1}]}]}}]},
    ],
)
def test_a_reply_without_logprobs_is_backend_unavailable(body: dict[str, Any]) -> None:
    with pytest.raises(BackendUnavailable, match="log-probabilities"):
        first_token_logprobs(body)


def test_an_empty_alternatives_list_is_backend_unavailable() -> None:
    body = {"choices": [{"logprobs": {"content": [{"token": "", "top_logprobs": []}]}}]}
    with pytest.raises(BackendUnavailable, match="empty"):
        first_token_logprobs(body)


def test_yes_probability_sums_every_spelling_and_normalises_against_no() -> None:
    top = [("Yes", math.log(0.5)), (" yes", math.log(0.1)), ("No", math.log(0.3)),
           ("NO.", math.log(0.1)), ("The", math.log(0.05)), ("_no", math.log(0.01))]  # fmt: skip
    assert yes_probability(top) == pytest.approx(0.6 / 1.0)


def test_yes_probability_bounds_a_missing_side_by_the_least_likely_token() -> None:
    only_no = [("No", math.log(0.9)), ("The", math.log(0.01))]
    assert yes_probability(only_no) == pytest.approx(0.01 / 0.91)
    only_yes = [("Yes", math.log(0.9)), ("The", math.log(0.01))]
    assert yes_probability(only_yes) == pytest.approx(0.9 / 0.91)
    neither = [("The", math.log(0.6)), ("Let", math.log(0.2))]
    assert yes_probability(neither) == pytest.approx(0.5)


def test_judge_scores_each_candidate_alone_behind_a_shared_prefix() -> None:
    fake = FakeCompletion([
        _reply(("Yes", math.log(0.8)), ("No", math.log(0.2))),
        _reply(("No", math.log(0.9)), ("Yes", math.log(0.1))),
    ])  # fmt: skip
    reader = ModelReader(fake, PROMPTS, model="m", top_logprobs=5)
    scores = reader.judge(
        "Who  founded\nAGRA?", ["AGRA was founded by two foundations.", "It rains."]
    )
    assert scores == pytest.approx([0.8, 0.1])
    first, second = fake.requests
    for body in fake.requests:
        assert body["max_tokens"] == 1
        assert body["logprobs"] is True and body["top_logprobs"] == 5
        assert body["cache_prompt"] is True and body["temperature"] == 0
    # everything up to the sentence is the same text in both requests: llama.cpp reuses its cache
    assert first["messages"][0] == second["messages"][0]
    one, two = first["messages"][-1]["content"], second["messages"][-1]["content"]
    prefix = one[: one.index("AGRA was founded")]
    assert two.startswith(prefix) and "Who founded AGRA?" in prefix
    assert "It rains." in two and "AGRA was founded" not in two


def test_judge_cuts_long_candidates_and_can_turn_the_cache_off() -> None:
    fake = FakeCompletion([_reply(("No", -0.1), ("Yes", -2.5))])
    reader = ModelReader(fake, PROMPTS, cache_prompt=False, max_sentence_chars=50)
    reader.judge("Q?", ["word " * 100])
    body = fake.requests[0]
    assert body["cache_prompt"] is False
    assert "word " * 10 in body["messages"][-1]["content"]
    assert "word " * 11 not in body["messages"][-1]["content"]


def test_judge_of_no_candidates_asks_nothing() -> None:
    fake = FakeCompletion([])
    assert ModelReader(fake, PROMPTS).judge("Q?", []) == []
    assert fake.requests == []


def test_an_unreachable_server_is_backend_unavailable() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    complete = http_completion(f"http://127.0.0.1:{port}/v1", timeout=5)
    with pytest.raises(BackendUnavailable, match="cannot reach the model"):
        ModelReader(complete, PROMPTS).judge("Q?", ["A sentence."])


# --- the real bundled model ---------------------------------------------------------------------

PAIRS = [
    (
        "Who founded AGRA?",
        "AGRA was founded in 2006 by the Bill & Melinda Gates Foundation and the Rockefeller "
        "Foundation.",
        "Different civilizations face common challenges such as climate change.",
    ),
    (
        "Where is AGRA headquartered?",
        "AGRA is headquartered in Nairobi, Kenya.",
        "The Asian Infrastructure Investment Bank began operations in January 2016.",
    ),
]


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModelReader]:
    """The reader on the default bundled model (``local`` extra) over a real llama.cpp server.

    It needs no index, so it assembles the model in a home of its own rather than ingesting.
    """
    pytest.importorskip("xllamacpp")
    settings = Settings.load(home=tmp_path_factory.mktemp("reader-home"), llm_timeout=600.0)
    yield ModelReader.bundled(settings)


@pytest.mark.e2e
@pytest.mark.slow
@pytest.mark.parametrize(("question", "answering", "unrelated"), PAIRS)
def test_the_bundled_model_prefers_the_sentence_that_answers(
    reader: ModelReader, question: str, answering: str, unrelated: str
) -> None:
    scores = reader.judge(question, [answering, unrelated])
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores[0] > scores[1] + 0.2, scores


# --- the reader as a second opinion in the answer path (Settings.reader_min) ---------------


def _answerer_with_reader(settings: Settings, complete: Any) -> Any:
    from dataclasses import replace

    from civassist.assistant import Assistant

    answerer = Assistant(replace(settings, reader_min=0.5))._get_answerer()
    answerer._model_reader = ModelReader(complete, PROMPTS)
    return answerer


def test_the_reader_finding_no_answering_sentence_makes_the_answer_abstain(
    indexed_settings: Settings,
) -> None:
    no = _reply(("No", -0.05), ("Yes", -3.0))
    fake = FakeCompletion([no, no, no])
    answer = _answerer_with_reader(indexed_settings, fake).ask("Who founded AGRA?")
    assert answer.abstained and len(fake.requests) == 3
    assert "found none that answers" in (answer.notice or "")


def test_the_reader_finding_an_answering_sentence_lets_the_answer_stand(
    indexed_settings: Settings,
) -> None:
    yes = _reply(("Yes", -0.05), ("No", -3.0))
    no = _reply(("No", -0.05), ("Yes", -3.0))
    answer = _answerer_with_reader(indexed_settings, FakeCompletion([no, yes, no])).ask(
        "Who founded AGRA?"
    )
    assert not answer.abstained and "Gates" in answer.answer


def test_an_unavailable_reader_is_said_and_the_answer_goes_out(indexed_settings: Settings) -> None:
    def down(body: dict[str, Any]) -> dict[str, Any]:
        raise BackendUnavailable("llama.cpp is not running")

    answer = _answerer_with_reader(indexed_settings, down).ask("Who founded AGRA?")
    assert not answer.abstained
    assert "model reader is unavailable" in (answer.notice or "")
