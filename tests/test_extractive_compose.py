"""How the extractive generator composes an answer from scored sentences (no model, no index)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from civassist.generation.extractive import PREMISE_PENALTY, Candidate, ExtractiveGenerator
from civassist.question import frame
from civassist.types import Passage


def _passage(rank: int, title: str, text: str) -> Passage:
    return Passage(rank, f"p{rank}", f"{title}.md", title, title, text, 0, len(text), 1.0)


def _generator() -> ExtractiveGenerator:
    return ExtractiveGenerator(similarity=None)  # type: ignore[arg-type]  # scores given


def _candidates(passages: list[Passage], scores: list[float]) -> list[Candidate]:
    out = []
    for order, (p, score) in enumerate(zip(passages, scores, strict=True)):
        out.append(
            Candidate(
                p.rank, (0, len(p.text)), p.text, score, order, context=p.title, around=p.text
            )
        )
    return out


def test_a_question_asking_for_no_single_value_may_take_more_sentences() -> None:
    topics = "trade finance health schools farming roads energy water".split()
    texts = [f"The {topic} point {n} stands alone." for n, topic in enumerate(topics)]
    passages = [_passage(n, f"Doc{n}", t) for n, t in enumerate(texts)]
    scored = _candidates(passages, [1.0 - 0.02 * n for n in range(8)])
    generator = _generator()
    broad = generator.compose(frame("Why does the paper stress cooperation?"), passages, scored)
    typed = generator.compose(frame("In which year did cooperation start?"), passages, scored)
    assert len(broad.sentences) == generator.broad_sentences == 6
    assert len(typed.sentences) == generator.max_sentences == 4


def test_each_thing_a_question_names_gets_its_own_sentence() -> None:
    texts = [
        "AGRA is headquartered in Nairobi, Kenya.",
        "AGRA was announced in 2006 by two foundations.",
        "AGRA dropped its long name in 2022.",
        "AGRA works on food systems across Africa.",
        "SELA's Permanent Secretariat is in Caracas.",
    ]
    passages = [_passage(n, "AGRA" if n < 4 else "SELA", t) for n, t in enumerate(texts)]
    scored = _candidates(passages, [0.9, 0.85, 0.8, 0.75, 0.3])
    draft = _generator().compose(frame("Where are AGRA and SELA each based?"), passages, scored)
    chosen = [s.text for s in draft.sentences]
    assert chosen[0] == texts[0]
    assert texts[4] in chosen  # SELA's sentence, below the usual floor, replaces an AGRA one
    assert len(chosen) == 4


def test_the_passages_of_a_question_about_several_things_name_each_of_them() -> None:
    from civassist.answering import _each_named
    from civassist.question import named_things

    read = frame("Where are the AIIB, AGRA and SELA each based?")
    assert named_things(read) == ["AIIB", "AGRA", "SELA"]
    agra = [_passage(n, "AGRA", f"AGRA fact number {n}.") for n in range(4)]
    sela = _passage(4, "SELA", "SELA's secretariat is in Caracas.")
    aiib = _passage(5, "AIIB", "The AIIB is headquartered in Beijing.")
    top = _each_named(read, [*agra, sela, aiib], 4)
    assert [p.title for p in top] == ["AGRA", "AGRA", "SELA", "AIIB"]


def test_a_judgment_brings_the_figures_that_follow_it() -> None:
    text = (
        "The AIIB's voting power is unequal, which qualifies the paper's claim. "
        "As of mid-2025, China held about 26.5% of AIIB voting shares."
    )
    passage = _passage(0, "AIIB", text)
    cut = text.index("As of")
    claim = Candidate(0, (0, cut - 1), text[: cut - 1], 0.9, 0, context="AIIB", around=text)
    figures = Candidate(0, (cut, len(text)), text[cut:], 0.2, 1, context="AIIB", around=text)
    other = _passage(1, "Paper", "The AIIB embodies institutional equality in its practice.")
    scored = [claim, figures, *_candidates([other], [0.85])]
    draft = _generator().compose(
        frame("Does the case file agree that the AIIB embodies institutional equality?"),
        [passage, other],
        scored,
    )
    chosen = [s.text for s in draft.sentences]
    assert text[cut:] in chosen  # below the floor, but the judgment's evidence


def test_a_sentence_with_figures_brings_no_evidence() -> None:
    text = "China held about 26.5% of AIIB voting shares. India held about 7.6% in 2025."
    passage = _passage(0, "AIIB", text)
    cut = text.index("India")
    first = Candidate(0, (0, cut - 1), text[: cut - 1], 0.9, 0, context="AIIB", around=text)
    second = Candidate(0, (cut, len(text)), text[cut:], 0.1, 1, context="AIIB", around=text)
    draft = _generator().compose(frame("What share does China hold?"), [passage], [first, second])
    assert [s.text for s in draft.sentences] == [text[: cut - 1]]


class _Overlap:
    """Word overlap as the similarity: enough to order sentences in a unit test."""

    def scores(self, query: str, texts: list[str]) -> list[float]:
        asked = set(query.lower().split())
        return [len(asked & set(t.lower().split())) / len(asked | set(t.lower().split()))
                for t in texts]  # fmt: skip


def test_the_stated_claim_is_not_the_answer_its_evidence_is() -> None:
    # extractive.PREMISE_SIMILARITY: a sentence restating the paper's claim that the question
    # states ranks below the dated evidence asked for
    question = ("The paper says South-South cooperation originated in the mid-20th century. "
                "What concrete events back that up?")  # fmt: skip
    claim = _passage(0, "Paper", "The paper says South-South cooperation originated in the "
                     "mid-20th century.")  # fmt: skip
    events = _passage(1, "Milestones", "The concrete events: the Asian-African Conference met "
                      "at Bandung in April 1955.")  # fmt: skip
    asked = frame(question)
    assert asked.premise
    generator = ExtractiveGenerator(similarity=_Overlap(), max_sentences=1, broad_sentences=1)  # type: ignore[arg-type]
    scored = generator.candidates(asked, [claim, events])
    plain = generator.candidates(replace(asked, premise=""), [claim, events])
    assert scored[0].score == pytest.approx(plain[0].score - PREMISE_PENALTY)  # the claim again
    assert scored[1].score == pytest.approx(plain[1].score)  # the evidence, with its figure


@pytest.mark.parametrize(
    ("text", "latest"),
    [
        ("Zou Jiayi took office as AIIB president on 16 January 2026.", (2026, 1, 16)),
        ("Jin Liqun served two terms that ended on 15 January 2026.", (2026, 1, 15)),
        ("Clarems Endara held the post in 2021–2024.", (2024, 0, 0)),
        ("The bank's Board of Governors met on 16–17 January 2016.", (2016, 1, 16)),
        ("No date here.", None),
    ],
)
def test_the_latest_date_a_sentence_states(text: str, latest: tuple[int, int, int] | None) -> None:
    from civassist.numerals import latest_date

    assert latest_date(text) == latest


def test_who_holds_a_role_now_favours_the_latest_dated_holder() -> None:
    from civassist.generation.extractive import _latest_holders

    texts = [
        "The founding president of the AIIB was Jin Liqun, whose terms ended on 15 January 2026.",
        "Zou Jiayi took office as AIIB president on 16 January 2026.",
        "The AIIB had 111 members as of 16 January 2026.",  # no person: not a holder
    ]
    assert _latest_holders(frame("Who runs the AIIB now?"), texts) == {1}
    # not a question about now, nor one about a role
    assert _latest_holders(frame("Who was the AIIB's first president?"), texts) == set()
    assert _latest_holders(frame("Who founded AGRA?"), texts) == set()
