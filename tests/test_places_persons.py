"""The geography table (countries.py) and the reading of people (persons.py), without an index."""

from __future__ import annotations

import pytest

from civassist.countries import country_named, names_country, names_region, region_named
from civassist.persons import (
    Succession,
    asks_for_holder,
    asks_for_person,
    names_first_holder,
    names_person,
    names_successor,
    office_asked,
    people_in,
    succession,
)


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Argentina", "argentina"),
        ("Buenos Aires", "argentina"),
        ("American", "united states"),  # "usa" and "united states" share a capital: one country
        ("british", "united kingdom"),
        ("Kenyan", "kenya"),
        ("Dominican", None),  # Dominica's and the Dominican Republic's: names neither
        ("AGRA", None),
        ("Male", None),  # a common word, left out of the table
    ],
)
def test_a_country_is_named_by_its_name_capital_or_people(name: str, country: str | None) -> None:
    assert country_named(name) == country


def test_a_passage_names_a_country_by_its_city_or_people() -> None:
    assert names_country("adopted in Buenos Aires, with delegations from 138 states", "argentina")
    assert names_country("two American foundations", "united states")
    assert names_country("the Republic of South Korea", "korea")  # a name, not a demonym
    assert not names_country("the Latin American Council", "united states")
    assert not names_country("the Gates Foundation and the Rockefeller Foundation", "united states")


def test_a_region_is_named_by_its_name_or_its_word() -> None:
    assert region_named("African") == "africa"
    assert region_named("Latin American") == "latin america"
    assert region_named("Kenyan") is None  # a country's word, read by country_named
    assert names_region("Alliance for a Green Revolution in Africa", "africa")
    assert names_region("the Latin American Council", "latin america")
    assert not names_region("AGRA is based in Nairobi", "africa")


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Who chaired the Bandung Conference in 1955?", True),
        ("who presided over the BAPA+40 conference", True),
        ("Who is the current Director of UNOSSC?", True),
        ("Who was SELA's first Permanent Secretary?", True),
        ("And who succeeded Hailemariam Desalegn as chair?", True),
        ("Who were the founding leaders of the Non-Aligned Movement?", True),
        ("Who is the author of the policy paper?", True),
        ("Who founded AGRA?", False),  # bodies answer: the Gates and Rockefeller foundations
        ("Who funds AGRA today?", False),
        ("Who benefits from South-South cooperation?", False),
        ("Which countries chaired the G77?", False),
    ],
)
def test_a_question_asks_for_a_person(question: str, asks: bool) -> None:
    assert asks_for_person(question) is asks


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Who runs the AIIB now?", True),
        ("who is running the AIIB these days?", True),
        ("Who's leading AGRA?", True),
        ("Who currently heads SELA's secretariat?", True),
        ("Who is in charge of UNOSSC?", True),
        ("Who is the current Director of UNOSSC?", True),  # an office: asks_for_person
        ("Who founded AGRA?", False),  # bodies answer
        ("Who funds AGRA today?", False),
        ("Who benefits from South-South cooperation?", False),
    ],
)
def test_a_question_asks_for_whoever_holds_a_role(question: str, asks: bool) -> None:
    assert asks_for_holder(question) is asks


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("The founding president of the AIIB was Jin Liqun.", True),
        ("Kofi Annan was announced as AGRA's first chair in June 2007.", True),
        ("Zou Jiayi is the first woman to lead the AIIB.", False),
        ("The first projects were approved in June 2016.", False),
    ],
)
def test_a_sentence_names_the_first_holder_of_an_office(text: str, says: bool) -> None:
    assert names_first_holder(text) is says


def test_who_runs_something_is_not_a_question_that_abstains_without_an_office_name() -> None:
    # the plain verbs rank sentences only; the "no person named" abstention keeps its grammar
    assert not asks_for_person("Who runs the AIIB now?")


def test_people_are_read_from_how_the_passage_writes_them() -> None:
    passage = (
        "Ambassador Clarems Endara held the post of SELA Permanent Secretary in 2021–2024. "
        "In 2022, AGRA's president was Agnes Kalibata, who was also the UN Special Envoy for "
        "the 2021 Food Systems Summit, according to IATP and Food Tank (26 October 2022). "
        "AGRA's later chairs were Strive Masiyiwa, from 2013 to 2019, and Hailemariam "
        "Desalegn, from 2019. The founding leaders of the Non-Aligned Movement were Tito of "
        "Yugoslavia, Nasser of Egypt and Nehru of India. Zou Jiayi took office on 16 January "
        "2026. The Bandung Conference of 1955 was convened by Indonesia, Burma and India."
    )
    people = people_in(passage)
    for person in (
        "Clarems Endara",
        "Agnes Kalibata",
        "Strive Masiyiwa",
        "Hailemariam Desalegn",
        "Tito",
        "Nasser",
        "Nehru",
        "Zou Jiayi",
    ):
        assert person in people
    for thing in (
        "Food Tank",
        "Food Systems Summit",
        "Yugoslavia",
        "Egypt",
        "October",
        "Indonesia",
        "Bandung Conference",
    ):
        assert thing not in people


def test_a_sentence_names_a_person_other_than_the_questions_own() -> None:
    passage = "In 2022, AGRA's president was Agnes Kalibata, who was also the UN Special Envoy."
    sentence = passage
    assert names_person(sentence, passage, set())
    assert not names_person(sentence, passage, {"agnes kalibata", "kalibata"})
    office = "The Director of UNOSSC reports to the UNDP Administrator."
    assert not names_person(office, office, set())


def test_reading_people_stays_linear_on_a_hostile_passage() -> None:
    import time

    start = time.perf_counter()
    people_in("AGRA's chairs were " + "Aa, " * 8000)  # one long enumeration, 32,000 characters
    assert time.perf_counter() - start < 2.0  # 0.07 s here; quadratic took 0.5 s at a quarter


def test_a_successor_question_reads_the_predecessor_and_the_office() -> None:
    asked = succession("Who succeeded Hailemariam Desalegn as AGRA chair, and in what year?")
    assert asked == Succession("Hailemariam Desalegn", "chair")
    asked = succession(
        "When did Hailemariam Desalegn's term as AGRA chair end, and who succeeded him?"
    )
    assert asked == Succession("Hailemariam Desalegn", "chair")
    assert succession("who took over from him?") == Succession("", "")
    assert succession("Who chaired the Bandung Conference?") is None
    assert asks_for_person("When did his term end, and who succeeded him?")


def test_a_successor_is_named_after_the_predecessor_and_holds_the_office() -> None:
    passage = (
        "Former UN Secretary-General Kofi Annan was announced as AGRA's first chair in 2007. "
        "AGRA's later chairs were Strive Masiyiwa, from 2013 to 2019, and Hailemariam Desalegn, "
        "from 2019. In 2022, AGRA's president was Agnes Kalibata, who was also a UN envoy."
    )
    after_annan = Succession("Kofi Annan", "chair")
    after_desalegn = Succession("Hailemariam Desalegn", "chair")
    later = "AGRA's later chairs were Strive Masiyiwa, from 2013 to 2019, and Hailemariam Desalegn."
    president = "In 2022, AGRA's president was Agnes Kalibata, who was also a UN envoy."
    first = "Former UN Secretary-General Kofi Annan was announced as AGRA's first chair in 2007."
    assert names_successor(later, passage, {"kofi annan", "annan"}, after_annan)
    assert not names_successor(later, passage, {"hailemariam desalegn", "desalegn"}, after_desalegn)
    assert not names_successor(president, passage, {"desalegn"}, after_desalegn)  # not the chair
    assert not names_successor(first, passage, {"desalegn"}, after_desalegn)  # the first chair
    told = "Zou Jiayi took office as AIIB president in 2026, succeeding Jin Liqun."
    assert names_successor(told, told, {"jin liqun", "liqun"}, Succession("Jin Liqun", "president"))


def test_a_person_question_naming_an_office_needs_a_sentence_naming_it() -> None:
    assert office_asked("Who were the AIIB's vice-presidents under Jin Liqun?") == "vice-president"
    assert office_asked("who heads the bank?") == ""  # the asker's word, not the office's
    assert asks_for_person("What is the name of the current Director of UNOSSC?")
    assert asks_for_person("Who took over from Agnes Kalibata as president of AGRA?")
    assert asks_for_person("Who were the AIIB's vice-presidents under Jin Liqun?")
    both = "Both AIIB presidents so far, Jin Liqun and Zou Jiayi, are former vice-ministers."
    passage = f"AIIB President Zou Jiayi took office in 2026. {both}"
    known = {"jin liqun", "liqun", "aiib"}
    assert names_person(both, passage, known, "president")
    assert not names_person(both, passage, known, "vice-president")
