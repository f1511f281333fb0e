"""Deterministic follow-up rewriting and history bounds."""

from __future__ import annotations

import pytest

from civassist.condense import Turn, bounded, rewrite_followup, subject_of, validate_history
from civassist.errors import InputError


def _turns(question: str) -> list[Turn]:
    return [Turn("user", question), Turn("assistant", "Some answer [1].")]


@pytest.mark.parametrize(
    ("previous", "followup", "expected"),
    [
        ("Who founded the AIIB?", "And what about AGRA?", "Who founded AGRA?"),
        ("What challenges does South-South cooperation face?", "What about the AIIB?",
         "What challenges does the AIIB face?"),
        ("When was AGRA founded?", "And who funds it?", "Who funds AGRA?"),
        ("What is SELA?", "Where are its headquarters?", "Where are SELA's headquarters?"),
        ("What is the Global Civilization Initiative?", "When was it proposed?",
         "When was Global Civilization Initiative proposed?"),
        ("Who founded AGRA?", "Why?", "Why (Who founded AGRA)?"),
        ("What are the four main challenges facing South-South cooperation?",
         "And how does the paper propose to address them?",
         "How does the paper propose to address the four main challenges facing South-South cooperation?"),
        ("What are the core principles?", "Where do they come from?",
         "Where do the core principles come from?"),
        ("What does the paper recommend about digital cooperation?",
         "Why does it think that is worthwhile?",
         # "it" thinks: the paper the previous question quoted
         "Why does the paper think that is worthwhile (What does the paper recommend about digital cooperation)?"),
        ("Who founded AGRA?", "What does the paper say about SELA?", "What does the paper say about SELA?"),
        # "them" is what the previous question asked about (the challenges), not its subject
        ("What challenges does South-South cooperation face?",
         "And how does the paper propose to address them?",
         "How does the paper propose to address the challenges that South-South cooperation face?"),
        ("Which pathways does the paper propose?", "Who would carry these out?",
         "Who would carry the pathways that the paper propose out?"),
        # a bare "and X?" is "what about X?"
        ("Where is AGRA headquartered?", "and SELA?", "Where is SELA headquartered?"),
        ("Where is AGRA headquartered?", "And the AIIB?", "Where is the AIIB headquartered?"),
        # "him": the earlier question stays beside it, not the bank put in its place (dev10)
        ("Who was the AIIB's founding president?", "who took over from him?",
         "Who took over from him (Who was the AIIB's founding president)?"),
        # no name and no pronoun: "the 2021 revision" is the earlier subject's (dev12, dev13)
        ("What environmental rules did the AIIB adopt when it started?",
         "What changed in the 2021 revision?", "What changed in the 2021 revision (AIIB)?"),
        ("When did the bank adopt the AIIB's environmental framework?",
         "what did the revision add?", "What did the revision add (AIIB)?"),
        # ... but a follow-up that names its own subject is left alone
        ("What environmental rules did the AIIB adopt?", "What does SELA do?", "What does SELA do?"),
        # a name after a preposition is not what "it" is (dev28)
        ("When did SELA's founding convention come into force?",
         "when was it registered with the UN, and by which country?",
         "When was SELA registered with the UN, and by which country?"),
        # "it" is the named thing the subject owns, "its" still the subject's (dev29)
        ("When did the AIIB adopt its Environmental and Social Framework?",
         "was it ever updated?", "Was AIIB's Environmental and Social Framework ever updated?"),
        ("When did the AIIB adopt its Environmental and Social Framework?",
         "who was its president then?", "Who was AIIB's president then?"),
        # ... the whole noun phrase only: "its Beijing headquarters" is not "Beijing"
        ("When did the AIIB open its Beijing headquarters?", "was it busy?", "Was AIIB busy?"),
    ],
)  # fmt: skip
def test_followups_become_standalone(previous: str, followup: str, expected: str) -> None:
    assert rewrite_followup(followup, _turns(previous)) == expected


def test_an_earlier_turn_made_standalone_gets_no_subject_beside_it() -> None:
    # only the question asked now gets the subject beside it: an earlier turn's would become
    # the subject that replaces the next pronoun ("that one" read as "GCI one"; dev19)
    turns = [
        Turn("user", "what are the GCI's core principles according to the paper?"),
        Turn("assistant", "Respect for diversity, mutual learning and exchange, and win-win."),
        Turn("user", "which one is about countries learning from each other?"),
        Turn("assistant", "Mutual learning and exchange."),
    ]
    rewritten = rewrite_followup("and what does the paper say that one should lead to?", turns)
    assert "GCI one" not in rewritten
    assert "countries learning from each other" in rewritten


def test_no_history_leaves_the_question_alone() -> None:
    assert rewrite_followup("What about it?", []) == "What about it?"


def test_subjects() -> None:
    assert subject_of("Who founded AGRA?") == "AGRA"
    assert (
        subject_of("What does the Global Civilization Initiative say?")
        == "Global Civilization Initiative"
    )
    assert subject_of("how are you?") is None


def test_history_is_validated_and_bounded() -> None:
    turns = validate_history(
        [{"role": "user", "content": "a " * 50}, {"role": "assistant", "content": "b"}]
    )
    assert len(turns) == 2
    assert bounded(turns, lambda s: len(s.split()), budget=10) == [turns[1]]
    for bad in (
        {"role": "user"},
        [{"role": "bot", "content": "x"}],
        [{"role": "user", "content": 3}],
    ):
        with pytest.raises(InputError):
            validate_history(bad)


@pytest.mark.parametrize(
    ("answer", "followup", "expected"),
    [
        ("Respect for diversity; mutual learning and exchange; and win-win and shared benefits.",
         "What does the second one mean?", "What does mutual learning and exchange mean?"),
        ("Uneven resources, a lack of unified rules, cultural differences, and weak voice.",
         "Why is the second of those a problem?", "Why is a lack of unified rules a problem?"),
        ("- 1. Strengthening Dialogue [1]\n- 2. Building a Framework [2]\n- 3. Promoting Policy [3]",
         "Tell me more about the third one.", "Tell me more about Promoting Policy."),
        ("Three keywords [1]: Respect for Diversity: Civilizations differ [2]. Mutual Learning: Learn [3].",
         "Explain the last one.", "Explain Mutual Learning."),
    ],
)  # fmt: skip
def test_ordinal_references_pick_the_item_from_the_last_answer(
    answer: str, followup: str, expected: str
) -> None:
    turns = [Turn("user", "What are they?"), Turn("assistant", answer)]
    assert rewrite_followup(followup, turns) == expected


def test_roman_numerals_are_not_subjects() -> None:
    assert subject_of("What does section III propose?") is None


def test_a_followup_of_a_followup_reaches_the_first_question() -> None:
    turns = [
        Turn("user", "Who proposed the Global Civilization Initiative?"),
        Turn("assistant", "Xi Jinping."),
        Turn("user", "What are its four main points?"),
        Turn("assistant", "Respect; mutual learning; values; exchanges."),
    ]
    assert (
        rewrite_followup("Which of those does the paper leave out?", turns)
        == "Which of Global Civilization Initiative's four main points does the paper leave out?"
    )


def test_a_pronoun_after_a_question_about_an_unnamed_thing_means_that_thing() -> None:
    turns = [
        Turn("user", "tell me more about lack of unified institutions and rules"),
        Turn("assistant", "South-South cooperation still lacks a mature framework [1]."),
    ]
    assert (
        rewrite_followup("and what does the paper recommend to fix that?", turns)
        == "What does the paper recommend to fix lack of unified institutions and rules?"
    )


def test_the_subject_is_the_name_that_heads_the_question_not_a_prepositions_object() -> None:
    assert subject_of("What was the False Promises report about AGRA?") == "False Promises"
    assert subject_of("How does the AIIB work with the World Bank?") == "AIIB"
    assert subject_of("What does the paper say about AGRA?") == "AGRA"


def test_a_pronoun_that_says_or_suggests_means_the_paper_the_last_question_quoted() -> None:
    turns = [
        Turn("user", "What major challenges does the paper say South-South cooperation faces?"),
        Turn("assistant", "It lists uneven resources, a lack of unified institutions and rules, "
                          "and cultural differences."),
    ]  # fmt: skip
    rewritten = rewrite_followup(
        "how does it suggest dealing with the cultural differences?", turns
    )
    assert rewritten == "How does the paper suggest dealing with the cultural differences?"


def test_a_followup_that_names_its_subject_up_front_keeps_it() -> None:
    turns = [
        Turn("user", "What does the paper say mutual learning does for South-South cooperation?"),
        Turn("assistant", "It says mutual learning drives institutional innovation."),
    ]
    rewritten = rewrite_followup(
        "and the win-win part, why does the paper think that matters?", turns
    )
    assert rewritten == "Why does the paper think the win-win part matters?"


def test_what_about_a_new_subject_with_its_own_question() -> None:
    # dev11 (2026-12-03): spliced into the previous question as "How many members did SELA -
    # how many member states have …"
    turns = _turns("How many members did the AIIB have as of January 2026?")
    assert rewrite_followup("what about SELA - how many member states?", turns) == (
        "How many member states (SELA)?"
    )


def test_an_acronym_heading_a_name_gives_the_whole_name_as_subject() -> None:
    # dev11 (2026-12-03): "Why was it moved?" was read as "Why was UN moved?"
    assert subject_of("When was the UN Day for South-South Cooperation first set?") == (
        "UN Day for South-South Cooperation"
    )
    assert subject_of("What is the AIIB?") == "AIIB"


def test_a_pronoun_after_the_questions_own_thing_means_that_thing() -> None:
    # dev13 (2026-12-03): "how big was it" was read as "how big was Global Civilization Initiative"
    turns = _turns("When was the Global Civilization Initiative announced?")
    assert rewrite_followup("what was the event called, and how big was it?", turns) == (
        "What was the event called, and how big was it "
        "(When was the Global Civilization Initiative announced)?"
    )


def test_a_fronted_subject_may_end_with_a_dash() -> None:
    turns = _turns("What was the Buenos Aires Plan of Action?")
    assert (
        rewrite_followup(
            "And the anniversary conference forty years later - when was it held?", turns
        )
        == "When was the anniversary conference forty years later held?"
    )


def test_review_followups_stay_narrow() -> None:
    turns = _turns("When was AGRA founded?")
    assert rewrite_followup("And SELA, who runs it?", turns) == "Who runs SELA?"
    assert rewrite_followup("What is the size of its membership?", turns) == (
        "What is the size of AGRA's membership?"
    )
    assert subject_of("What does AIIB President Jin Liqun say about climate?") == "AIIB"


def test_an_object_pronoun_beside_a_new_name_leans_on_the_earlier_question() -> None:
    turns = _turns("Who proposed the AIIB?")
    assert rewrite_followup("and how many countries signed the MoU to set it up?", turns) == (
        "How many countries signed the MoU to set it up (Who proposed the AIIB)?"
    )
    assert rewrite_followup("Did the UK join it?", turns) == (
        "Did the UK join it (Who proposed the AIIB)?"
    )
    # "it" after the question's own name in an earlier clause is that name
    assert rewrite_followup("What does SELA do, and who funds it?", turns) == (
        "What does SELA do, and who funds it?"
    )


def test_a_determiner_is_not_a_pronoun_but_still_leans_back() -> None:
    turns = _turns("Who proposed the AIIB?")
    assert rewrite_followup("what else did he do on that trip?", turns) == (
        "What else did he do on that trip (Who proposed the AIIB)?"
    )
    assert rewrite_followup("why does that matter?", turns) == "Why does AIIB matter?"


def test_it_after_a_question_about_what_was_done_is_the_thing_done() -> None:
    turns = _turns("What did the UN General Assembly adopt on 7 June 2024?")
    assert rewrite_followup("did any country push back on it?", turns) == (
        "Did any country push back on it (What did the UN General Assembly adopt on 7 June 2024)?"
    )
    # what a body does is the body's
    assert rewrite_followup("where is it based?", _turns("What does AGRA do?")) == (
        "Where is AGRA based?"
    )


def test_them_may_mean_the_things_listed_two_questions_back() -> None:
    turns = [
        Turn("user", "what challenges does the paper list for south-south cooperation"),
        Turn("assistant", "Uneven resources, a lack of unified institutions and rules, …"),
        Turn("user", "what does it say about the cultural differences one?"),
        Turn("assistant", "That without in-depth cultural exchange, momentum is hard to keep."),
    ]
    assert rewrite_followup("so what does the paper conclude from all of them?", turns) == (
        "What does the paper conclude from all of the challenges that the paper list for "
        "south-south cooperation?"
    )


def test_other_countries_after_a_country_answer_are_asked_the_same_question() -> None:
    # condense._same_kind_as_answer: the countries take the answer's place, not the bank's
    turns = [
        Turn("user", "Who is the AIIB's second-largest shareholder?"),
        Turn("assistant", "India, with about 7.6% of voting shares, behind China's 26.5%."),
    ]
    assert rewrite_followup("what about russia and germany?", turns) == (
        "Russia and germany (Who is the AIIB's second-largest shareholder?)"
    )
    # a case after a case keeps its place in the question
    where = [Turn("user", "Where is the AIIB headquartered?"), Turn("assistant", "In Beijing.")]
    assert rewrite_followup("and SELA?", where) == "Where is SELA headquartered?"
