"""Questions of a fifth blind dev set (dev5, 2026-12-03) that today's readings answer right and
the readings before them did not (real index, real embedding model).

Each names the mechanism; the unit tests in test_answerability.py and test_condense.py pin the
reading itself without an index.
"""

from __future__ import annotations

import pytest

from civassist.assistant import Assistant

pytestmark = pytest.mark.e2e


def test_a_modifier_of_the_answer_type_does_not_refuse_the_question(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Which calendar date did the UN General Assembly set aside as the International Day "
        "for Dialogue among Civilizations?"
    )
    assert not answer.abstained  # was "The sources never mention calendar date."
    assert "10 June" in answer.answer


def test_a_word_naming_a_kind_of_answer_does_not_refuse_the_question(
    assistant: Assistant,
) -> None:
    answer = assistant.ask(
        "Which element does the paper single out as essential if cooperation among developing "
        "countries is to deliver lasting development?"
    )
    assert not answer.abstained  # was "The sources never mention element."
    assert "policy coordination" in answer.answer.lower()


def test_a_comparison_with_something_never_mentioned_abstains(assistant: Assistant) -> None:
    answer = assistant.ask("how does the BRICS New Development Bank compare with the AIIB?")
    assert answer.abstained
    assert "BRICS New Development Bank" in (answer.notice or "")


def test_someones_words_the_sources_do_not_report_abstain(assistant: Assistant) -> None:
    answer = assistant.ask(
        "What did World Bank President Jim Yong Kim say about the AIIB when he signed the 2016 "
        "co-financing agreement?"
    )
    assert answer.abstained
    assert "Jim Yong Kim said" in (answer.notice or "")


def test_a_wrong_year_on_a_named_event_is_answered_with_the_right_one(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("How many countries attended the 1961 Bandung Conference?")
    assert not answer.abstained
    assert "1955" in answer.answer and "29 countries" in answer.answer


def test_several_named_things_are_each_answered(assistant: Assistant) -> None:
    answer = assistant.ask("Where are the AIIB, AGRA and SELA each based?")
    assert not answer.abstained
    for name in ("AIIB", "AGRA", "SELA"):
        assert name in answer.answer
    assert "Nairobi" in answer.answer and "Caracas" in answer.answer


def test_a_name_joined_to_another_by_and_keeps_its_typed_answer(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Which Chinese leader proposed both the AIIB and the Global Civilization Initiative, and "
        "when did he put each one forward?"
    )
    assert not answer.abstained
    assert "October 2013" in answer.answer and "15 March 2023" in answer.answer


def test_a_paraphrase_finds_its_passage_by_the_sentence_that_matches(
    assistant: Assistant,
) -> None:
    # the sentence list (Answerer._by_sentence): "lady … running the lender" matches the one
    # sentence naming the AIIB's first woman president, not the passage as a whole
    answer = assistant.ask(
        "which lady is running the beijing-based infrastructure lender these days"
    )
    assert any("Zou Jiayi" in p.text for p in answer.passages[:5])
