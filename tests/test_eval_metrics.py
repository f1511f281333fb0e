"""Each metric on tiny hand-made cases with a known value, including zero and perfect scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from civassist.errors import InputError
from civassist.evals import metrics as m
from civassist.evals.catalog import METRICS, Context, score
from civassist.evals.dataset import EvalQuestion, load_questions
from civassist.evals.gate import gate
from civassist.evals.runner import answer_row
from civassist.evals.summary import summarise
from civassist.types import Answer, AnswerSentence, Citation, Passage


def _passage(text: str) -> Passage:
    return Passage(1, "c", "x.md", "", "", text, 0, len(text), 0.0)


P1 = _passage("AGRA was founded in 2006 by the Gates Foundation and the Rockefeller Foundation.")
P2 = _passage("The AIIB has its headquarters in Beijing, China.")
P3 = _passage("SELA is based in Caracas.")


def test_retrieval_metrics_perfect_and_zero() -> None:
    quotes = ["founded in 2006 by the Gates Foundation", "headquarters in Beijing"]
    rel = m.relevance([P1, P2, P3], quotes)
    assert rel == [{0}, {1}, set()]
    assert m.hit_at_k(rel, 5).value == 1.0
    assert m.recall_at_k(rel, 5, 2).value == 1.0
    assert m.mrr(rel).value == 1.0
    assert m.ndcg_at_k(rel, 5, 2).value == pytest.approx(1.0)
    none = m.relevance([P3], quotes)
    assert m.hit_at_k(none, 5).value == 0.0 and m.mrr(none).value == 0.0
    assert m.ndcg_at_k(none, 5, 2).value == 0.0 and m.recall_at_k(none, 5, 2).value == 0.0


def test_retrieval_metrics_partial() -> None:
    rel = m.relevance(
        [P3, P1], ["founded in 2006 by the Gates Foundation", "headquarters in Beijing"]
    )
    assert m.mrr(rel).value == 0.5
    assert m.recall_at_k(rel, 5, 2).value == 0.5
    assert m.hit_at_k(rel, 1).value == 0.0
    assert m.ndcg_at_k(rel, 5, 2).value == pytest.approx((1 / 1.585) / (1 + 1 / 1.585), rel=1e-3)


def test_a_quote_split_across_chunks_still_counts() -> None:
    quote = "AGRA was founded in 2006 by the Gates Foundation and the Rockefeller Foundation."
    first_half = "Intro. AGRA was founded in 2006 by the Gates Foundation"
    assert m.quote_in(quote, first_half)
    assert not m.quote_in(quote, "AGRA was founded")


def test_key_fact_coverage() -> None:
    facts = [["gates"], ["rockefeller"], ["2006", "two thousand six"]]
    assert m.key_fact_coverage("Gates and Rockefeller in 2006.", facts).value == 1.0
    half = m.key_fact_coverage("Gates, 2006.", facts)
    assert half.value == pytest.approx(2 / 3) and "rockefeller" in half.reason
    assert m.key_fact_coverage("Nothing.", facts).value == 0.0


def _answer(
    sentences: list[tuple[str, tuple[int, ...]]],
    quote: str,
    passage: str,
    source: str = "x.md",
    start: int = 0,
    abstained: bool = False,
    timings: dict[str, float] | None = None,
) -> Answer:
    citation = Citation(1, source, "", "", passage, quote, start, start + len(passage))
    typed = [AnswerSentence(text, marks) for text, marks in sentences]
    text = " ".join(f"{t} " + "".join(f"[{n}]" for n in marks) for t, marks in sentences)
    return Answer("?", "?", text, abstained, [] if abstained else [citation], [], "extractive",
                  None, timings or {}, [] if abstained else typed)  # fmt: skip


def test_citation_metrics_perfect_and_zero() -> None:
    good = _answer([("AGRA was founded in 2006 by two foundations.", (1,))], P1.text, P1.text)
    assert m.citation_precision(good.sentences, good.citations).value == 1.0
    assert m.citation_recall(good.sentences, good.citations).value == 1.0
    invented = _answer([("AGRA was founded in 1999 by two foundations.", (1,))], P1.text, P1.text)
    assert m.citation_precision(invented.sentences, invented.citations).value == 0.0
    uncited = _answer([("AGRA was founded in 2006.", ()), ("Second sentence.", (1,))],
                      P3.text, P3.text)  # fmt: skip
    assert m.citation_recall(uncited.sentences, uncited.citations).value == 0.0


def test_citation_metrics_read_the_typed_sentences_not_the_text() -> None:
    """A sentence with an abbreviation inside is one sentence with its citation, not two."""
    sentence = "SELA is based in Caracas, see vol. 1 of the treaty series."
    answer = _answer([(sentence, (1,))], sentence, sentence)
    assert m.citation_recall(answer.sentences, answer.citations).value == 1.0


def test_citations_verbatim() -> None:
    files = {"x.md": "Lead. " + P1.text}
    ok = _answer([("A.", (1,))], "founded in 2006", P1.text, start=6)
    assert m.citations_verbatim(ok.citations, files).value == 1.0
    moved = _answer([("A.", (1,))], "founded in 2006", P1.text, start=0)
    assert m.citations_verbatim(moved.citations, files).value == 0.0
    wrong_quote = _answer([("A.", (1,))], "founded in 2007", P1.text, start=6)
    assert m.citations_verbatim(wrong_quote.citations, files).value == 0.0


def _question(**kw) -> EvalQuestion:  # type: ignore[no-untyped-def]
    base = {"id": "q", "kind": "factual", "question": "?", "gold_sections": [], "gold_quotes": [],
            "key_facts": [], "must_abstain": False}  # fmt: skip
    return EvalQuestion(**{**base, **kw})


def test_abstention_and_adversarial_scores_and_summary() -> None:
    abstain_q = _question(id="u", kind="unanswerable", must_abstain=True)
    adv_q = _question(id="a", kind="adversarial", key_facts=[["caracas"]])
    abstained = _answer([], "", "", abstained=True, timings={"total": 5.0, "retrieve": 1.0})
    answered = _answer([("SELA is based in Caracas.", (1,))], P3.text, P3.text,
                       timings={"total": 7.0, "retrieve": 2.0})  # fmt: skip
    s1 = score(abstain_q, abstained, Context({}))
    s2 = score(adv_q, answered, Context({"x.md": P3.text}))
    s3 = score(adv_q, abstained, Context({}))
    assert s1["abstention_correct"].value == 1.0
    assert s2["adversarial_pass"].value == 1.0 and s3["adversarial_pass"].value == 0.0
    assert "citation_precision" not in s1 and s2["citations_verbatim"].value == 1.0
    rows = [
        answer_row(abstain_q, abstained, abstained.to_dict(), s1),
        answer_row(adv_q, abstained, abstained.to_dict(), s3),
    ]
    summary = summarise(rows, [metric.name for metric in METRICS])
    assert summary["overall"]["abstention_precision"] == 0.5
    assert summary["overall"]["abstention_recall"] == 1.0
    assert summary["overall"]["answerable_answered"] == 0.0
    assert summary["per_kind"]["adversarial"]["adversarial_pass"] == 0.0
    assert gate(summary, {"abstention_recall": 0.9}) == []
    assert gate(summary, {"per_kind.adversarial.adversarial_pass": 0.5})


def test_validator_names_file_and_line(tmp_path: Path) -> None:
    good = {"id": "f1", "kind": "factual", "question": "Where is SELA?", "gold_sections": ["S"],
            "gold_quotes": ["SELA is based"], "key_facts": [["caracas"]], "must_abstain": False}  # fmt: skip
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(good) + "\n")
    assert load_questions(path, [P3.text])[0].key_facts == [["caracas"]]
    cases = [
        ("{not json", "q.jsonl:2: invalid JSON"),
        (json.dumps({k: v for k, v in good.items() if k != "kind"} | {"id": "x"}), "q.jsonl:2: missing field 'kind'"),
        (json.dumps(good | {"id": "x", "gold_quotes": ["SELA is in Lima"]}), "q.jsonl:2: gold quote not found"),
        (json.dumps(good | {"id": "x", "kind": "trivia"}), "q.jsonl:2: kind 'trivia'"),
        (json.dumps(good), "q.jsonl:2: duplicate id"),
    ]  # fmt: skip
    for line, message in cases:
        path.write_text(json.dumps(good) + "\n" + line + "\n")
        with pytest.raises(InputError, match=message):
            load_questions(path, [P3.text])
