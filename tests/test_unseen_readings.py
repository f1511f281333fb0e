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


# A tenth blind dev set (dev10, 2026-12-03), run once before it was read.


def test_a_followup_about_him_keeps_the_earlier_question(assistant: Assistant) -> None:
    history = [
        {"role": "user", "content": "Who was the AIIB's founding president?"},
        {"role": "assistant", "content": "Jin Liqun, a former Chinese vice-minister of finance."},
    ]
    answer = assistant.ask("who took over from him?", history=history)
    assert not answer.abstained  # was read as it stood, and refused
    assert "Zou Jiayi" in answer.answer


def test_the_place_of_a_numbered_meeting_no_source_gives_abstains(assistant: Assistant) -> None:
    answer = assistant.ask(
        "where was the AIIB's 10th annual meeting held, the one where Zou Jiayi got elected"
    )
    assert answer.abstained  # was answered with the headquarters' city


def test_a_share_of_a_stated_sum_no_source_splits_abstains(assistant: Assistant) -> None:
    answer = assistant.ask(
        "How much of AGRA's roughly US$550m 2022 strategy is being paid for by African governments?"
    )
    assert answer.abstained  # was answered with the US$550m total itself


def test_a_count_is_not_read_from_a_resolution_symbol(assistant: Assistant) -> None:
    answer = assistant.ask(
        "How many countries co-sponsored the 2024 UN resolution creating the International Day "
        "for Dialogue among Civilizations?"
    )
    assert answer.abstained


def test_a_relation_with_an_unmentioned_bank_abstains(assistant: Assistant) -> None:
    answer = assistant.ask("How has the AIIB cooperated with the BRICS New Development Bank?")
    assert answer.abstained
    assert "BRICS New Development Bank" in (answer.notice or "")


def test_a_question_in_the_progressive_is_answered(assistant: Assistant) -> None:
    answer = assistant.ask(
        "What was going wrong in the world that, according to the paper, prompted the GCI?"
    )
    assert not answer.abstained  # was "The sources never mention going wrong."
    assert "confrontation" in answer.answer.lower()


def test_a_year_the_sources_say_could_not_be_confirmed_abstains(assistant: Assistant) -> None:
    answer = assistant.ask(
        "In which year did the UNDP's South-South unit start using the name UN Office for "
        "South-South Cooperation?"
    )
    assert answer.abstained  # was answered with "by 2014"
    assert "could not be confirmed" in (answer.notice or "")


# An eleventh blind dev set (dev11, 2026-12-03), run once before it was read.


def test_what_about_a_new_subject_asking_its_own_question(assistant: Assistant) -> None:
    history = [
        {"role": "user", "content": "How many members did the AIIB have as of January 2026?"},
        {"role": "assistant", "content": "111 members as of 16 January 2026."},
    ]
    answer = assistant.ask("what about SELA - how many member states?", history=history)
    assert not answer.abstained  # was spliced into the previous question, and refused
    assert "25 member states" in answer.answer


def test_a_second_role_is_another_role_not_a_position(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Who does the head of the UN's South-South office answer to, and what second role "
        "does that person hold?"
    )
    assert not answer.abstained  # was "The sources found do not mention the second role does."
    assert "Envoy" in answer.answer


def test_what_a_named_party_objected_is_answered(assistant: Assistant) -> None:
    answer = assistant.ask(
        "what objection did the US raise when the UN adopted the resolution on the "
        "International Day for Dialogue among Civilizations"
    )
    assert not answer.abstained  # was "The sources never mention objection."
    assert "United States" in answer.answer


# A twelfth blind dev set (dev12, 2026-12-03), run once before it was read.


def test_a_countrys_share_the_sources_do_not_give_abstains(assistant: Assistant) -> None:
    answer = assistant.ask("what % of AIIB voting shares does the UK hold")
    assert answer.abstained  # was answered with Germany's 4.1%
    india = assistant.ask("What share of AIIB voting power did India hold in mid-2025?")
    assert not india.abstained and "7.6%" in india.answer


def test_a_word_for_the_result_does_not_refuse_the_question(assistant: Assistant) -> None:
    answer = assistant.ask("What was the upshot of the Mathematica evaluation of AGRA?")
    assert not answer.abstained  # was "The sources never mention upshot."
    assert "Mathematica" in answer.answer


def test_a_named_list_the_sources_never_enumerate_abstains(assistant: Assistant) -> None:
    answer = assistant.ask("Can you list the Ten Principles of Bandung?")
    assert answer.abstained  # was answered with the sentence that names them
    points = assistant.ask("What are the four main points of the Global Civilization Initiative?")
    assert not points.abstained


# A thirteenth blind dev set (dev13, 2026-12-03), run once before it was read.


def test_a_hyphen_joined_pair_of_known_names_is_answered(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Under the 2016 AIIB-World Bank co-financing deal, whose rules apply to jointly "
        "financed projects?"
    )
    assert not answer.abstained  # was "The sources do not mention the AIIB-World Bank."
    assert "World Bank" in answer.answer


def test_a_false_premise_with_a_typed_ask_is_corrected(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Since the United States joined the AIIB in 2016, what share of the voting power does "
        "it hold?"
    )
    assert not answer.abstained  # was refused for want of a percentage
    assert "did not join" in answer.answer


# dev15 (2026-12-03, seventh session): a person asked for, a country named by its capital or
# its people's word. The readings are in persons.py and countries.py (unit tests in
# test_places_persons.py).


@pytest.mark.parametrize(
    "question",
    ["Who chaired the Bandung Conference in 1955?", "Who is the current Director of UNOSSC?"],
)
def test_an_office_whose_holder_no_source_names_abstains(
    assistant: Assistant, question: str
) -> None:
    answer = assistant.ask(question)
    assert answer.abstained  # was answered with the conveners, or with the office itself
    assert "person" in (answer.notice or "")


def test_an_office_whose_holders_are_named_is_answered(assistant: Assistant) -> None:
    answer = assistant.ask("Who were the founding leaders of the Non-Aligned Movement?")
    assert not answer.abstained
    assert "Nehru" in answer.answer


def test_a_country_named_by_its_capital_in_the_passage_is_answered(assistant: Assistant) -> None:
    answer = assistant.ask(
        "How many nations sent delegations to the 1978 technical cooperation conference in "
        "Argentina?"
    )
    assert not answer.abstained  # was "The sources do not give the number …"
    assert "138" in answer.answer


def test_a_countrys_people_named_by_their_institutions_are_answered(assistant: Assistant) -> None:
    answer = assistant.ask(
        "How much did each of the two American philanthropies put in when AGRA got started?"
    )
    assert not answer.abstained
    assert "US$100m" in answer.answer


# A seventeenth blind dev set (dev17, 2026-12-03), run once before it was read.


def test_a_sentence_holding_the_questions_rare_words_lifts_its_passage(
    assistant: Assistant,
) -> None:
    # Settings.sentence_lexical: the small model rated the paper's headings above the one
    # sentence that copies the question's words (its passage was 6th without it)
    answer = assistant.ask("what is a crucial foundation for deepening South-South cooperation?")
    assert any("crucial foundation" in p.text for p in answer.passages[:5])
    assert answer.answer.startswith("Civilizational dialogue is a crucial foundation")


def test_a_numeral_inside_a_name_and_a_choice_between_two(assistant: Assistant) -> None:
    answer = assistant.ask("which came first, the G77 or SELA, and when was each one founded?")
    assert not answer.abstained  # "77" was required of SELA's founding sentence
    assert "1964" in answer.answer and "1975" in answer.answer


def test_a_regions_word_names_the_region(assistant: Assistant) -> None:
    answer = assistant.ask(
        "According to the critics' 2020 study, by how much did harvests of basic food crops "
        "actually go up in the countries the African farming alliance targeted?"
    )
    assert not answer.abstained  # "African" was required word for word
    assert "18%" in answer.answer


def test_a_year_stated_in_passing_is_corrected(assistant: Assistant) -> None:
    answer = assistant.ask(
        "How much of his own money did Kofi Annan put into AGRA when he founded it in 2010?"
    )
    assert not answer.abstained
    assert "2006" in answer.answer and "Gates" in answer.answer


def test_a_pronoun_beside_an_abbreviation_leans_on_the_earlier_question(
    assistant: Assistant,
) -> None:
    history = [
        {"role": "user", "content": "Who proposed the AIIB?"},
        {"role": "assistant", "content": "Chinese President Xi Jinping, in October 2013."},
    ]
    answer = assistant.ask("and how many countries signed the MoU to set it up?", history=history)
    assert not answer.abstained
    assert "21" in answer.answer


def test_a_why_the_sources_say_was_never_explained_abstains(assistant: Assistant) -> None:
    # asked in four blind dev sets; the sources say the reason was not given
    answer = assistant.ask("Why did AGRA decide to drop 'green revolution' from its name in 2022?")
    assert answer.abstained
    assert "did not explain why" in (answer.notice or "")


def test_a_three_word_focus_the_sources_never_use_abstains(assistant: Assistant) -> None:
    answer = assistant.ask(
        "What's the current exchange rate between the Chinese yuan and the US dollar?"
    )
    assert answer.abstained


def test_the_successor_of_the_last_named_holder_abstains(assistant: Assistant) -> None:
    answer = assistant.ask(
        "When did Hailemariam Desalegn's term as AGRA chair end, and who succeeded him?"
    )
    assert answer.abstained  # was answered with the earlier chair, or with AGRA's president
    history = [
        {"role": "user", "content": "Who was the AIIB's founding president?"},
        {"role": "assistant", "content": "Jin Liqun, a former Chinese vice-minister of finance."},
    ]
    assert "Zou Jiayi" in assistant.ask("who took over from him?", history=history).answer


def test_a_quoted_phrase_is_found_where_it_is_written(assistant: Assistant) -> None:
    answer = assistant.ask(
        'the paper says the AIIB embodies "institutional equality" - does the AIIB case file '
        "back that up?"
    )
    assert "voting power is unequal" in answer.answer  # the case file's sentence ranked 7th


# -- dev20 (read 2026-12-04) -----------------------------------------------------------------


def test_an_as_of_date_does_not_say_when_a_country_joined(assistant: Assistant) -> None:
    answer = assistant.ask("in what year did mexico join SELA?")
    assert answer.abstained  # was answered with the member list "as of October 2024"


def test_how_a_country_explained_itself_needs_its_own_words(assistant: Assistant) -> None:
    answer = assistant.ask("How did India explain its position on UN resolution A/78/L.75?")
    assert answer.abstained
    assert "India" in (answer.notice or "")  # the United States' explanation is not India's


def test_a_name_that_only_identifies_the_body_is_not_required(assistant: Assistant) -> None:
    answer = assistant.ask(
        "By how much did harvests of basic food crops really go up in the target countries of "
        "that Gates-backed African farming group?"
    )
    assert not answer.abstained
    assert "18%" in answer.answer


def test_a_hoped_for_number_is_the_aim(assistant: Assistant) -> None:
    answer = assistant.ask(
        "how many small farm families was the gates/rockefeller group hoping to double "
        "earnings for?"
    )
    assert not answer.abstained  # was "The sources never mention small."
    assert "30 million" in answer.answer


def test_a_briefing_request_after_its_occasion_keeps_what_it_is_about(
    assistant: Assistant,
) -> None:
    briefing = assistant.brief(
        "I'm meeting AGRA's leadership in Nairobi next week. Give me a short brief on who they "
        "are, who pays for them, and how their track record has been judged."
    )
    assert not briefing.abstained  # the subject was "who they are, …", without AGRA
    text = briefing.body()
    assert "Gates" in text and "Rockefeller" in text and "Mathematica" in text


@pytest.mark.parametrize(
    "question",
    [
        "Which country was the most recent to leave SELA?",
        "Which single AIIB project got the largest loan, and how much was it?",
    ],
)
def test_which_one_ranks_first_needs_a_sentence_that_ranks(
    assistant: Assistant, question: str
) -> None:
    assert assistant.ask(question).abstained  # was answered with the member list, the totals


def test_a_ranking_the_sources_state_is_answered(assistant: Assistant) -> None:
    answer = assistant.ask("Who is the biggest shareholder in the AIIB?")
    assert not answer.abstained and "China" in answer.answer


def test_the_evidence_for_a_stated_claim_is_the_answer_not_the_claim(
    assistant: Assistant,
) -> None:
    answer = assistant.ask(
        "The paper complains that South-South cooperation has no mature institutional "
        "framework. What UN structures for it already existed from the 1970s onwards?"
    )
    assert not answer.abstained
    assert "1974" in answer.answer or "1978" in answer.answer  # was the complaint, quoted back


def test_a_rank_and_other_countries_asked_after_it(assistant: Assistant) -> None:
    first = assistant.ask("Who is the AIIB's second-largest shareholder?")
    assert not first.abstained and "India" in first.answer  # "the next-largest" in the sources
    history = [
        {"role": "user", "content": "Who is the AIIB's second-largest shareholder?"},
        {"role": "assistant", "content": "India, with about 7.6% of voting shares."},
    ]
    answer = assistant.ask("what about russia and germany?", history=history)
    assert not answer.abstained
    assert "5.9%" in answer.answer and "4.1%" in answer.answer


# Eleventh pass (2026-12-04): a role's holder is a person, and the first holder is the one the
# sources call first of that office (persons.asks_for_holder, persons.names_first_holder).


def test_who_runs_an_organisation_now_is_answered_with_its_people(assistant: Assistant) -> None:
    answer = assistant.ask("Who runs the AIIB now?")
    assert not answer.abstained
    assert "Zou Jiayi" in answer.answer
    first = answer.sentences[0].text
    assert "Board of Governors" not in first  # was the headquarters sentence
    assert "Zou Jiayi" in first  # the latest-dated holder, not the founding president


def test_the_first_holder_of_an_office_opens_the_answer(assistant: Assistant) -> None:
    answer = assistant.ask("Who was the AIIB's first president?")
    assert not answer.abstained
    assert "Jin Liqun" in answer.sentences[0].text  # was "… the first woman to lead the AIIB"


def test_what_someone_said_needs_their_words_not_others_words_about_them(
    assistant: Assistant,
) -> None:
    # the sources report no words of Kofi Annan's: AGRA's self-description names him as founder
    answer = assistant.ask(
        "What did Kofi Annan say about the green revolution when he became AGRA's chair?"
    )
    assert answer.abstained
    assert "Kofi Annan" in (answer.notice or "")


def test_an_objection_under_a_document_symbol_is_reported(assistant: Assistant) -> None:
    answer = assistant.ask("What objection did the United States raise about resolution A/78/L.75?")
    assert not answer.abstained
    assert "no clear meaning" in answer.answer


def test_who_chaired_after_someone_names_the_later_chairs(assistant: Assistant) -> None:
    answer = assistant.ask("who chaired AGRA after kofi annan?")
    assert not answer.abstained
    assert "Strive Masiyiwa" in answer.answer


# Blind dev sets dev31 and dev33 (written 2026-12-04, run once on the session's start code,
# then read).


def test_a_which_after_a_preposition_names_what_the_sources_never_mention(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("When and in which journal was the paper published?")
    assert answer.abstained  # was answered with the paper's opening sentences
    assert "journal" in (answer.notice or "")


def test_the_count_of_an_occasion_may_sit_in_the_sentence_before_the_value(
    assistant: Assistant,
) -> None:
    answer = assistant.ask(
        "when 21 countries first signed up for the AIIB back in 2014, how much money was the "
        "bank meant to be allowed to have on paper?"
    )
    assert not answer.abstained  # was "The sources do not give the amount …"
    assert "US$100 billion" in answer.answer


def test_a_misdated_founding_in_a_when_clause_is_corrected(assistant: Assistant) -> None:
    answer = assistant.ask(
        "When the African Union set up AGRA in 2010, how much money did it commit?"
    )
    assert not answer.abstained  # was "The sources do not give the amount …"
    assert "US$150 million" in answer.answer and "Rockefeller" in answer.answer
    assert "2010" in (answer.notice or "") and "Union:" not in (answer.notice or "")


def test_a_total_for_a_year_the_sources_do_not_give_abstains(assistant: Assistant) -> None:
    assert assistant.ask("what was the AIIB's total lending in 2020 alone?").abstained


def test_a_date_in_a_region_the_dated_sentence_never_names_abstains(
    assistant: Assistant,
) -> None:
    answer = assistant.ask(
        "When did the AIIB approve its first project in Latin America, and what was it?"
    )
    assert answer.abstained  # was answered with the first four projects of 24 June 2016


def test_why_a_misdated_rename_happened_is_answered_with_the_real_rename(
    assistant: Assistant,
) -> None:
    answer = assistant.ask(
        "why did AGRA rename itself the 'Africa Green Revolution Alliance' back in 2019?"
    )
    assert not answer.abstained  # was "The sources say: AGRA's critics noted …"
    assert "September 2022" in answer.answer
    assert "2019" in (answer.notice or "")


def test_a_claim_typed_without_the_article_is_still_the_papers(assistant: Assistant) -> None:
    answer = assistant.ask(
        "paper says south-south coop started in the mid-20th century. what concrete dates and "
        "events back that up?"
    )
    assert answer.answer.startswith("South-South cooperation has a documented institutional")


def test_whose_account_is_asked_for_does_not_refuse_the_figure(assistant: Assistant) -> None:
    for question in (  # dev15 and dev11 (read 2026-12-04)
        "The study by German NGOs on AGRA: how much did harvests of staple crops actually go up "
        "in the countries AGRA focused on?",
        "According to the NGO critics, by how much did staple harvests actually go up in the "
        "countries AGRA concentrated on?",
    ):
        answer = assistant.ask(question)
        assert not answer.abstained, question  # was "The sources do not give the amount …"
        assert "18%" in answer.answer
    other = assistant.ask(
        "By what percentage did the Mathematica evaluation find that yields rose among the "
        "farmers AGRA reached?"
    )
    assert other.abstained  # dev13: the 18% is the False Promises study's


def test_a_sentence_using_the_acronym_ranks_with_the_written_out_name(
    assistant: Assistant,
) -> None:
    # dev28 (read 2026-12-04): the meeting's name was missing; its sentence says "the GCI"
    answer = assistant.ask(
        "At what event was the GCI launched, and how many parties were represented there?"
    )
    assert "CPC in Dialogue with World Political Parties High-Level Meeting" in answer.answer
    assert "more than 500" in answer.answer


# Blind dev sets dev34 and dev35 (written 2026-12-04, run once before being read), and the dev
# questions they recalled.


def test_a_written_out_name_reads_the_sentence_that_abbreviates_it(assistant: Assistant) -> None:
    answer = assistant.ask(
        "At what event was the Global Civilization Initiative launched, and how many parties "
        "and organisations were represented?"
    )
    assert not answer.abstained  # was "The sources do not give the number …" (dev18, dev34)
    assert "more than 500" in answer.answer


def test_a_count_of_countries_is_not_answered_by_another_count(assistant: Assistant) -> None:
    # dev6, dev16, dev19: "77 developing countries" is a name here, not a head count
    assert assistant.ask(
        "How many countries took part in the first UNCTAD in Geneva in 1964?"
    ).abstained
    assert assistant.ask(
        "How many countries have formally endorsed the Global Civilization Initiative?"
    ).abstained


def test_naming_all_of_a_counted_list_needs_the_list(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Which 21 Asian countries signed the AIIB memorandum of understanding in October 2014? "
        "Can you name them all?"
    )
    assert answer.abstained  # was answered with the sentence that counts them


def test_what_the_paper_says_about_something_it_never_mentions_abstains(
    assistant: Assistant,
) -> None:
    answer = assistant.ask(
        "What does the paper say about the Belt and Road Initiative and how it relates to the GCI?"
    )
    assert answer.abstained
    assert "Belt and Road Initiative" in (answer.notice or "")


def test_a_givers_total_needs_a_sentence_about_the_giver(assistant: Assistant) -> None:
    assert assistant.ask("How much money did USAID give AGRA in total?").abstained
    gates = assistant.ask("How much did the Gates Foundation give AGRA at its launch?")
    assert not gates.abstained and "US$100m" in gates.answer
