"""The citation and support logic on hand-made cases (no model needed for the fact checks)."""

from __future__ import annotations

import numpy as np
import pytest

from civassist.citing import (
    Support,
    facts_of,
    find_support,
    missing_facts,
    number_citations,
    render,
    strip_markers,
)
from civassist.types import Passage


def _passage(rank: int, text: str, source: str = "cases/aiib.md") -> Passage:
    return Passage(
        rank, f"{source}#{rank}", source, "T", "S", text, 100 * rank, 100 * rank + len(text), 0.1
    )


AIIB = _passage(
    1,
    "The AIIB began operating in January 2016 with 57 founding members. "
    "Its headquarters is in Beijing, China.",
)
AGRA = _passage(
    2,
    "AGRA was founded in 2006 by the Gates Foundation and the Rockefeller Foundation.",
    "cases/agra.md",
)


def _lexical_only(sentence: str, texts: list[str]) -> np.ndarray:
    return np.zeros(len(texts), dtype=np.float32)


def test_facts_are_numbers_and_names() -> None:
    assert facts_of("The AIIB had 111 members in January 2026, led by Zou Jiayi.") == {
        "AIIB", "111", "January", "2026", "Zou", "Jiayi"
    }  # fmt: skip
    assert facts_of("It grew by 1,000 projects and 4.5% a year.") == {"1000", "4.5"}


def test_an_invented_number_is_not_supported() -> None:
    assert missing_facts("The AIIB began with 57 founding members.", AIIB.text) == []
    assert missing_facts("The AIIB began with 75 founding members.", AIIB.text) == ["75"]
    support, reason = find_support(
        "The AIIB began operating in January 2016 with 64 founding members.",
        [AIIB, AGRA],
        _lexical_only,
        min_score=0.3,
    )
    assert support is None and "64" in reason


def test_an_invented_name_is_not_supported() -> None:
    support, reason = find_support(
        "AGRA was founded in 2006 by the Ford Foundation.", [AIIB, AGRA], _lexical_only, 0.3
    )
    assert support is None and "Ford" in reason


def test_a_supported_sentence_gets_the_exact_quote() -> None:
    support, _ = find_support(
        "AGRA was founded by the Gates Foundation and the Rockefeller Foundation in 2006.",
        [AIIB, AGRA],
        _lexical_only,
        0.3,
    )
    assert support is not None and support.passage == 1
    quote = AGRA.text[support.span[0] : support.span[1]]
    assert quote == AGRA.text  # the one sentence of that passage, verbatim


def test_unrelated_sentence_is_not_supported() -> None:
    support, _ = find_support("Penguins live in Antarctica.", [AIIB, AGRA], _lexical_only, 0.3)
    assert support is None


def test_citations_are_numbered_by_first_appearance_and_deduplicated() -> None:
    agra_span = (0, len(AGRA.text))
    aiib_span = (0, AIIB.text.index(" Its"))
    drafts = [
        ("AGRA dates from 2006.", [Support(1, agra_span, 0.9)]),
        ("The AIIB began in 2016.", [Support(0, aiib_span, 0.9)]),
        ("AGRA had two founders.", [Support(1, agra_span, 0.9)]),
    ]
    sentences, citations = number_citations(drafts, [AIIB, AGRA])
    assert [s.citations for s in sentences] == [(1,), (2,), (1,)]
    assert [c.id for c in citations] == [1, 2]
    assert citations[0].source == "cases/agra.md" and citations[0].quote in citations[0].passage
    assert (citations[1].start, citations[1].end) == (AIIB.start, AIIB.end)
    assert (
        render(sentences)
        == "AGRA dates from 2006 [1]. The AIIB began in 2016 [2]. AGRA had two founders [1]."
    )


def test_model_markers_are_stripped() -> None:
    assert strip_markers("AGRA began in 2006 [1][2]. Next [3, 4]") == "AGRA began in 2006. Next"


@pytest.mark.parametrize("text", ["", "   "])
def test_no_facts_in_empty_text(text: str) -> None:
    assert facts_of(text) == set()
