"""ask(): condense → retrieve → judge the evidence → generate → cite and check → decide.

Trust comes from this code, not from a prompt: a sentence survives only with a verbatim
supporting quote from a retrieved passage; weak evidence or no surviving sentence means an
abstention that lists the closest passages.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from collections.abc import Generator as Generator_
from dataclasses import dataclass, replace

from civassist.citing import DraftSentence, Support, find_support, number_citations, render
from civassist.citing import missing_facts as missing_in
from civassist.condense import Turn, bounded, rewrite_followup, validate_history
from civassist.errors import BackendUnavailable
from civassist.generation.base import Draft, Generator, StreamingGenerator
from civassist.guard import strip_instructions
from civassist.index.lexical import tokenize
from civassist.outline import find_outline
from civassist.retrieval import HybridRetriever, Retrieval, check_query
from civassist.settings import Settings
from civassist.similarity import SentenceSimilarity
from civassist.types import Answer, AnswerEvent, AnswerSentence, Chunk, Passage

# Words that say what kind of answer is wanted, or how a person talks, not what it is about.
_ASKING_WORDS = frozenset(
    tokenize(
        "mention mentions discuss discusses describe explain summarise summarize list main key "
        "give briefly detail details overview document author authors writer source sources "
        "text section role important example examples kind kinds type types way ways "
        "does do did paper claim claims argue argues propose proposes think thinks people "
        "make makes idea ideas view views suppose supposed worth worthwhile try tries actually "
        "check really kind sort thing things stuff basically exactly"
    )
)

# "What is the GDP of …", "What is the interest rate …", "How many employees …": the words
# asked about, when they head the question. A second word is taken only after "what is the".
_FOCUS = re.compile(
    r"^\s*(?:(?:and|so|but)[\s,]+)?(?:"
    r"what\s+(?:is|are|was|were)\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+'s\s+)?"
    r"(?:current\s+|latest\s+|total\s+|annual\s+|average\s+|exact\s+)?"
    r"(?P<what>[A-Za-z][\w-]*(?:\s+(?!(?:of|for|in|on|at|to|by|with|between|behind|and|or|that|"
    r"which|who|does|do|did|is|are|was|were|has|have|had|can|will)\b)[A-Za-z][\w-]*(?<!ed)(?<!ing)"
    r"(?![\w'-]))?)"
    r"|how\s+many\s+(?P<many>[A-Za-z][\w-]*))",
    re.IGNORECASE,
)
# Words that name a kind of answer ("the rationale for …"), which the sources need not contain.
_GENERIC_HEADS = frozenset(
    tokenize(
        "rationale argument arguments thesis scope weakness weaknesses strength strengths "
        "takeaway takeaways answer reason reasons logic essence gist nature definition status "
        "stance opinion verdict summary conclusion point points purpose significance meaning "
        "relationship relationships difference differences connection link links lesson lessons"
    )
)


def _asking_words() -> frozenset[str]:
    """Our list plus a general English stopword list (shipped in civassist/data)."""
    from civassist.stopwords import ENGLISH_STOP_WORDS

    return _ASKING_WORDS | frozenset(tokenize(" ".join(ENGLISH_STOP_WORDS)))


@dataclass(frozen=True)
class Evidence:
    """How well the retrieved passages cover the question."""

    coverage: float  # idf-weighted share of the question's terms found in the top passages
    top_dense: float  # best cosine similarity of the question and a passage
    missing_terms: tuple[str, ...]


class Answerer:
    """Answers questions from the index with checked citations."""

    def __init__(
        self,
        settings: Settings,
        retriever: HybridRetriever,
        similarity: SentenceSimilarity,
        generator_for: Callable[[str], Generator],
        count_tokens: Callable[[str], int],
    ) -> None:
        self.settings = settings
        self.retriever = retriever
        self.similarity = similarity
        self.generator_for = generator_for
        self.count_tokens = count_tokens
        self._ignored_terms = _asking_words()

    def ask(
        self,
        question: str,
        history: object = None,
        generator: str | None = None,
        debug: bool = False,
    ) -> Answer:
        """The checked answer (see the module docstring)."""
        final = None
        for event in self.stream(question, history, generator, debug, tokens=False):
            final = event.answer or final
        assert final is not None
        return final

    def stream(
        self,
        question: str,
        history: object = None,
        generator: str | None = None,
        debug: bool = False,
        tokens: bool = True,
    ) -> Iterator[AnswerEvent]:
        """Progress events, the model's draft tokens when ``tokens``, then the checked answer.

        Bad input raises InputError before the first event.
        """
        started = time.perf_counter()
        question = check_query(question, self.settings.max_question_chars)
        turns = bounded(validate_history(history), self.count_tokens, self.settings.history_tokens)
        gen = self.generator_for(generator or self.settings.generator)
        return self._events(question, turns, gen, debug, tokens, started)

    def _events(
        self,
        question: str,
        turns: list[Turn],
        gen: Generator,
        debug: bool,
        tokens: bool,
        started: float,
    ) -> Iterator[AnswerEvent]:
        notices: list[str] = []
        asked, dropped = strip_instructions(question)
        if dropped:
            notices.append("Instructions inside the question were ignored; the sources decide.")
        standalone = self._standalone(asked, turns, gen, notices)
        yield AnswerEvent("status", f"Searching the sources for: {standalone}")
        retrieval = self.retriever.search(standalone)
        passages, outlined = self._with_outline(standalone, retrieval.passages)
        retrieved = time.perf_counter()
        evidence = self.assess(standalone, retrieval)
        unknown = None if outlined else self.unknown_focus(standalone)
        if unknown:
            notices.insert(0, f"The sources never mention {unknown!r}.")
        # A question that names a section of sections is answered from it, however short it is.
        if unknown or (not outlined and self._too_weak(evidence)):
            yield AnswerEvent("final", answer=self._abstain(
                question, standalone, passages, gen.name, notices, started, retrieved
            ))  # fmt: skip
            return
        yield AnswerEvent("status", f"Writing the answer ({gen.name})")
        draft, used = yield from self._draft(gen, standalone, passages, notices, tokens)
        sentences, citations = self._check(draft, passages, debug)
        if not any(s.supported for s in sentences) and used != "extractive":
            # The model found nothing (or nothing it wrote held up), yet the evidence passed:
            # small models say NOT IN SOURCES too readily. The passages' own sentences decide.
            fallback = self.generator_for("extractive")
            retry, retry_citations = self._check(
                fallback.generate(standalone, passages), passages, debug
            )
            if any(s.supported for s in retry):
                notices.append(
                    f"The {used} model's draft had no sentence the sources support; "
                    "this answer quotes the passages instead."
                )
                sentences, citations, used = retry, retry_citations, fallback.name
        if not any(s.supported for s in sentences):
            notices.append("no sentence of the draft answer was supported by the sources")
            yield AnswerEvent("final", answer=self._abstain(
                question, standalone, passages, used, notices, started, retrieved
            ))  # fmt: skip
            return
        cited = [p for p in passages if any(c.passage == p.text for c in citations)]
        premise = self._unknown_question_facts(standalone, cited)
        if premise:
            notices.insert(0, f"The sources do not mention {', '.join(premise)}.")
        answer = Answer(
            question=question,
            standalone_question=standalone,
            answer=render(sentences),
            abstained=False,
            citations=citations,
            passages=passages,
            generator=used,
            notice=" ".join(notices) or None,
            timings_ms=_timings(started, retrieved, time.perf_counter()),
            sentences=sentences,
        )
        yield AnswerEvent("final", answer=answer)

    def _with_outline(self, question: str, passages: list[Passage]) -> tuple[list[Passage], bool]:
        """A list question about a section of sections reads every subsection's first chunk.

        Returns the passages and whether such a section was found.
        """
        outline = find_outline(
            question,
            self.retriever.chunks(),
            self.similarity.scores,
            self._ignored_terms,
            self.retriever.idf,
        )
        if outline is None:
            return passages, False
        by_id = {p.id: p for p in passages}
        lead = [by_id.get(c.id) or c for c in outline.children]
        rest = [p for p in passages if p.id not in {c.id for c in outline.children}]
        ordered = [*lead, *rest]
        return [
            Passage.from_chunk(p, rank, 0.0) if isinstance(p, Chunk) else replace(p, rank=rank)
            for rank, p in enumerate(ordered, start=1)
        ], True

    def assess(self, question: str, retrieval: Retrieval) -> Evidence:
        """Coverage of the question's terms by the top passages, and the best similarity."""
        ignore = self._ignored_terms
        terms = [t for t in dict.fromkeys(tokenize(question)) if t not in ignore]
        top = retrieval.hits[:3]
        found: set[str] = set()
        for hit in top:
            p = hit.passage
            found.update(tokenize(f"{p.title} {p.section} {p.text}"))
        weights = {t: self.retriever.idf(t) for t in terms}
        total = sum(weights.values())
        covered = sum(w for t, w in weights.items() if t in found)
        return Evidence(
            coverage=covered / total if total else 0.0,
            top_dense=max((h.dense for h in retrieval.hits), default=0.0),
            missing_terms=tuple(t for t in terms if t not in found),
        )

    def unknown_focus(self, question: str) -> str | None:
        """The words a "what is the X of …" / "how many X …" question asks about, when no
        passage in the whole index contains one of them: then no passage can answer it."""
        match = _FOCUS.match(question)
        if match is None:
            return None
        words = match.group("what") or match.group("many")
        ignored = self._ignored_terms | _GENERIC_HEADS
        stems = [t for t in tokenize(words) if t not in ignored]
        if not stems or all(self.retriever.knows(t) for t in stems):
            return None
        return str(words)

    def _too_weak(self, evidence: Evidence) -> bool:
        return (
            evidence.coverage < self.settings.min_coverage
            or evidence.top_dense < self.settings.min_similarity
        )

    def _standalone(
        self, question: str, turns: list[Turn], gen: Generator, notices: list[str]
    ) -> str:
        if not turns:
            return question
        condense = getattr(gen, "condense", None)
        if condense is not None:
            try:
                rewritten = condense(question, turns)
                if rewritten:
                    return str(rewritten)
            except BackendUnavailable as exc:
                notices.append(f"follow-up rewritten without the model ({exc})")
        return rewrite_followup(question, turns)

    def _draft(
        self,
        gen: Generator,
        question: str,
        passages: list[Passage],
        notices: list[str],
        tokens: bool,
    ) -> Generator_[AnswerEvent, None, tuple[Draft, str]]:
        """The generator's draft (streaming its tokens when it can), or the extractive one."""
        try:
            if tokens and isinstance(gen, StreamingGenerator):
                text = ""
                for token in gen.stream(question, passages):
                    text += token
                    yield AnswerEvent("token", token)
                return gen.parse(text), gen.name
            return gen.generate(question, passages), gen.name
        except BackendUnavailable as exc:
            if gen.name == "extractive":
                raise
            notices.append(
                f"The {gen.name} generator failed ({exc}); this is an extractive answer."
            )
            fallback = self.generator_for("extractive")
            return fallback.generate(question, passages), fallback.name

    def _check(
        self, draft: Draft, passages: list[Passage], debug: bool
    ) -> tuple[list[AnswerSentence], list]:  # type: ignore[type-arg]
        kept: list[tuple[str, list[Support]]] = []
        flagged: dict[int, str] = {}
        for sentence in draft.sentences:
            support, reason = self._support(sentence, passages)
            if support is not None:
                kept.append((sentence.text, [support]))
            elif debug:
                flagged[len(kept)] = reason
                kept.append((sentence.text, []))
        sentences, citations = number_citations(kept, passages)
        if debug:
            sentences = [
                AnswerSentence(s.text, s.citations, False, flagged[i]) if i in flagged else s
                for i, s in enumerate(sentences)
            ]
        return sentences, citations

    def _support(
        self, sentence: DraftSentence, passages: list[Passage]
    ) -> tuple[Support | None, str]:
        if sentence.passage is not None and sentence.span is not None:
            text = passages[sentence.passage].text
            a, b = sentence.span
            if text[a:b] == sentence.text and not missing_in(sentence.text, text):
                return Support(sentence.passage, sentence.span, 1.0), ""
        return find_support(
            sentence.text, passages, self.similarity.scores, self.settings.min_support
        )

    def _unknown_question_facts(self, question: str, passages: list[Passage]) -> list[str]:
        """Names and numbers in the question that no cited passage has (a false premise?)."""
        corpus = " ".join(f"{p.title} {p.section} {p.text}" for p in passages)
        return missing_in(question, corpus)

    def _abstain(
        self,
        question: str,
        standalone: str,
        passages: list[Passage],
        generator: str,
        notices: list[str],
        started: float,
        retrieved: float,
    ) -> Answer:
        closest = passages[:3]
        lines = ["The sources do not cover this question."]
        if closest:
            places = "; ".join(
                f"{p.title} › {p.section.split(' › ')[-1]}" if p.section else p.title
                for p in closest
            )
            lines.append(f"The closest passages are: {places}.")
        return Answer(
            question=question,
            standalone_question=standalone,
            answer=" ".join(lines),
            abstained=True,
            citations=[],
            passages=passages,
            generator=generator,
            notice=" ".join(["The sources do not cover this question.", *notices]),
            timings_ms=_timings(started, retrieved, time.perf_counter()),
        )


def _timings(started: float, retrieved: float, done: float) -> dict[str, float]:
    return {
        "retrieve": (retrieved - started) * 1000,
        "generate": (done - retrieved) * 1000,
        "total": (done - started) * 1000,
    }
