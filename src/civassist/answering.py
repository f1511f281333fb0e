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
from typing import TYPE_CHECKING

from civassist.answerability import Decision, Policy, coverage, topic_terms
from civassist.answerability import decide as decide_policy
from civassist.citing import DraftSentence, Support, find_support, number_citations, render
from civassist.citing import missing_facts as missing_in
from civassist.condense import Turn, bounded, rewrite_followup, validate_history
from civassist.corpus.roles import is_sources, paper_source
from civassist.corpus.sentences import sentence_spans, split_sentences
from civassist.errors import BackendUnavailable
from civassist.generation.base import Draft, Generator, StreamingGenerator
from civassist.generation.extractive import MIN_SENTENCE_WORDS, Candidate, ExtractiveGenerator
from civassist.guard import strip_instructions
from civassist.index.lexical import tokenize
from civassist.index.snapshot import Snapshot
from civassist.known_names import background_names, unknown_focus, unknown_names
from civassist.names import cover_each, initials_of, normalised
from civassist.outline import find_outline
from civassist.question import PRESCRIBES, QuestionFrame, asking_words, frame, named_things
from civassist.retrieval import HybridRetriever, Retrieval, check_query
from civassist.settings import Settings
from civassist.similarity import SentenceSimilarity
from civassist.types import Answer, AnswerEvent, AnswerSentence, Chunk, Citation, Passage

if TYPE_CHECKING:
    from civassist.generation.reader import ModelReader


@dataclass(frozen=True)
class Evidence:
    """How well the retrieved passages cover the question."""

    coverage: float  # idf-weighted share of the question's terms found in the top passages
    top_dense: float  # best cosine similarity of the question and a passage
    missing_terms: tuple[str, ...]


# How much naming the question's subject counts beside meaning when ranking the paper's own
# passages ("What does the paper say about the AIIB?": the paper's AIIB section names it once).
PAPER_NAME_WEIGHT = 0.3
# Extra passages fetched so that dropping "Sources" lists still leaves top_k passages.
SOURCES_SLACK = 3
READER_CANDIDATES = 3  # sentences the model reader reads (each costs ~1-3 s on 2 cores)


class Answerer:
    """Answers questions from the index with checked citations."""

    def __init__(
        self,
        settings: Settings,
        retriever: HybridRetriever,
        similarity: SentenceSimilarity,
        generator_for: Callable[[str], Generator],
        count_tokens: Callable[[str], int],
        policy: Policy | None = None,
    ) -> None:
        self.settings = settings
        self.retriever = retriever
        self.similarity = similarity
        self.generator_for = generator_for
        self.count_tokens = count_tokens
        self.policy = policy or Policy(min_similarity=settings.min_similarity)
        self._ignored_terms = asking_words()
        self._cached_corpus: _Corpus | None = None
        # The reader of the no-model path, with the live index's idf for topic coverage.
        self.reader = ExtractiveGenerator(similarity, idf=retriever.idf)
        self._model_reader: ModelReader | None = None  # made on first use (reader_min > 0)

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
        """Progress events; when ``tokens``, the instant extractive answer as a ``preview``
        while a model writes and the model's draft tokens; then the checked answer.

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
        read = frame(standalone)
        passages = self.retrieve(read)
        passages, outlined = self._with_outline(standalone, passages)
        retrieved = time.perf_counter()
        scored = self.reader.candidates(read, passages, prefer=self._preferred(read))
        decision = self.decide(read, passages, scored, outlined)
        if decision.answer and not outlined and self.settings.reader_min > 0:
            yield AnswerEvent("status", "Reading the closest sentences (bundled model)")
            decision = self._second_opinion(standalone, scored, decision, notices)
        if not decision.answer:
            if decision.notice:
                notices.insert(0, decision.notice)
            yield AnswerEvent("final", answer=self._abstain(
                question, standalone, passages, gen.name, notices, started, retrieved
            ))  # fmt: skip
            return
        yield AnswerEvent("status", f"Writing the answer ({gen.name})")
        # The passages' own answer: instant, and what a model gives way or falls back to.
        instant = self.reader.compose(read, passages, scored)
        # A model's refusal gives way to the instant answer only when a sentence is this close.
        gives_way = max((c.meaning for c in scored), default=0.0) >= self.policy.give_way_similarity
        checked_instant = None
        if gen.name == "extractive":
            draft, used = instant, gen.name
        else:
            if tokens and gives_way:
                # A model takes seconds to read and write (docs/measurements.md, "Fourth
                # pass"); the instant answer is shown, marked, until the checked one comes. Only
                # where a model's refusal would give way to it, so that no abstention follows.
                checked_instant = quick, quick_citations = self._check(instant, passages, debug)
                if any(s.supported for s in quick):
                    preview = self._answered(
                        question, standalone, read, decision, passages, quick, quick_citations,
                        "extractive", list(notices), started, retrieved,
                    )  # fmt: skip
                    yield AnswerEvent("preview", preview.answer, answer=preview)
            shown = focused(passages, scored, self.settings.llm_focus_sentences)
            draft, used = yield from self._draft(gen, standalone, shown, notices, tokens, instant)
        sentences, citations = self._check(draft, passages, debug)
        if not any(s.supported for s in sentences) and used != "extractive" and gives_way:
            # The model found nothing (or nothing it wrote held up). Its refusal stands unless
            # a passage sentence is close in meaning to the question: then the passages'
            # own sentences answer (small models say NOT IN SOURCES too readily).
            retry, retry_citations = checked_instant or self._check(instant, passages, debug)
            if any(s.supported for s in retry):
                notices.append(
                    f"The {used} model's draft had no sentence the sources support; "
                    "this answer quotes the passages instead."
                )
                sentences, citations, used = retry, retry_citations, "extractive"
        if not any(s.supported for s in sentences):
            notices.append("no sentence of the draft answer was supported by the sources")
            yield AnswerEvent("final", answer=self._abstain(
                question, standalone, passages, used, notices, started, retrieved
            ))  # fmt: skip
            return
        answer = self._answered(
            question, standalone, read, decision, passages, sentences, citations, used, notices,
            started, retrieved,
        )  # fmt: skip
        yield AnswerEvent("final", answer=answer)

    def _answered(
        self,
        question: str,
        standalone: str,
        read: QuestionFrame,
        decision: Decision,
        passages: list[Passage],
        sentences: list[AnswerSentence],
        citations: list[Citation],
        used: str,
        notices: list[str],
        started: float,
        retrieved: float,
    ) -> Answer:
        """The answer from checked ``sentences``, with the decision's notice, the premise
        correction and (for "what does the paper say") the provenance notes before ``notices``."""
        cited = [p for p in passages if any(c.passage == p.text for c in citations)]
        premise = [*decision.premise, *self._unknown_question_facts(read, cited)]
        premise = [p for p in dict.fromkeys(premise) if p not in decision.premise]
        if decision.notice:
            notices.insert(0, decision.notice)
        if read.about_paper:
            notices.extend(self._provenance(citations))
        if premise:
            notices.insert(
                0,
                f"The cited passages do not mention {', '.join(premise)}: the sources do not "
                "say what the question assumes; this is what they do say.",
            )
        return Answer(
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

    def retrieve(self, read: QuestionFrame) -> list[Passage]:
        """The top passages; a question about "the paper" gets the paper's own passages first.

        The case files name their subject far more often than the paper does, so a plain
        search for "what does the paper say about the AIIB" finds only the case file: the
        paper's passages are ranked on their own (meaning, plus the question's names) and the
        best few lead, with the search's passages after them as qualification.
        """
        k = self.settings.top_k
        # A "Sources" list is searchable, but it never answers: its slots go to the next passages.
        depth = max(k + SOURCES_SLACK, self.settings.sentence_pool)
        found = self.retriever.search(read.text, k=depth).passages
        found = self._by_sentence(read.text, [p for p in found if not is_sources(p.section)])
        found = _quoted_first(read.text, found)
        found = _each_named(read, found, k)
        if not read.about_paper:
            return [replace(p, rank=rank) for rank, p in enumerate(found, start=1)]
        own = self._paper_passages(read, max(1, k // 2))
        rest = [p for p in found if p.id not in {o.id for o in own}][: k - len(own)]
        return [replace(p, rank=rank) for rank, p in enumerate([*own, *rest], start=1)]

    def _by_sentence(self, question: str, passages: list[Passage]) -> list[Passage]:
        """``passages`` re-ranked with a third list: the best ``sentence_pool`` of them ranked
        by their best sentence's similarity to the question, fused in with ``sentence_weight``.

        A paraphrase ("knocking down customs walls") matches one sentence ("reducing trade
        barriers") better than the passage's one vector, which averages all its sentences. The
        sentence vectors are those the extractive reader uses (cached on disk); only the
        answer path pays for them, so `search` stays the plain hybrid. Blind dev sets
        (2026-12-03, docs/measurements.md "sentence list"), hit@5 / key facts without and with
        it (weight 0.5, pool 12): dev (577) 0.937 / 0.832 and 0.945 / 0.830; dev7 (100, never
        tuned on) 0.925 / 0.766 and 0.938 / 0.766."""
        weight = self.settings.sentence_weight
        pool = passages[: self.settings.sentence_pool]
        if weight <= 0 or len(pool) < 2:
            return passages
        texts: list[str] = []
        owners: list[int] = []
        for index, passage in enumerate(pool):
            for a, b in sentence_spans(passage.text):
                if len(passage.text[a:b].split()) >= MIN_SENTENCE_WORDS:
                    texts.append(passage.text[a:b])
                    owners.append(index)
        if not texts:
            return passages
        best = [-1.0] * len(pool)
        terms = topic_terms(frame(question))
        for index, text, sim in zip(
            owners, texts, self.similarity.scores(question, texts).tolist(), strict=True
        ):
            lexical = self.settings.sentence_lexical * coverage(terms, text, self.retriever.idf)
            best[index] = max(best[index], sim + lexical)
        order = sorted(range(len(pool)), key=lambda i: (-best[i], i))
        bonus = {
            pool[i].id: weight / (self.settings.rrf_k + rank)
            for rank, i in enumerate(order, start=1)
        }
        return sorted(passages, key=lambda p: -(p.score + bonus.get(p.id, 0.0)))

    def _paper_passages(self, read: QuestionFrame, n: int) -> list[Passage]:
        chunks = self._corpus().paper_chunks
        if not chunks:
            return []
        sims = self.similarity.scores(read.text, [c.embedding_text() for c in chunks])
        # A paraphrase matches one sentence better than the whole passage: a passage scores
        # the mean of its own similarity and its best sentence's (blind dev split, about-paper
        # questions, gold passage in the paper's top 3: 27 of 42 by passage alone, 33 by the
        # best sentence alone, 34 by the mean). The same re-ranking of the general search's
        # passages did not help (dev key facts 0.783 -> 0.777), so it is not used there.
        best = [0.0] * len(chunks)
        sentences = self._corpus().paper_sentences()
        found = self.similarity.scores(read.text, [text for _, text in sentences])
        terms = topic_terms(read)
        for (index, text), sim in zip(sentences, found, strict=True):
            lexical = self.settings.sentence_lexical * coverage(terms, text, self.retriever.idf)
            best[index] = max(best[index], float(sim) + lexical)
        names = [n.lower() for n in read.names]
        scored = []
        for chunk, whole, part in zip(chunks, sims, best, strict=True):
            sim = (float(whole) + part) / 2
            text = f"{chunk.section} {chunk.text}".lower()
            named = sum(1 for n in names if n in text) / len(names) if names else 0.0
            # "What does the paper recommend to fix X?": its recommendations, not X's diagnosis
            prescribes = read.prescriptive and bool(PRESCRIBES.search(text))
            scored.append((float(sim) + PAPER_NAME_WEIGHT * (named + prescribes), chunk))
        scored.sort(key=lambda item: -item[0])
        return [Passage.from_chunk(c, 0, round(score, 6)) for score, c in scored[:n]]

    def decide(
        self,
        read: QuestionFrame,
        passages: list[Passage],
        scored: list[Candidate] | None = None,
        outlined: bool = False,
    ) -> Decision:
        """The answerability decision for ``read`` over ``passages`` (answerability.py)."""
        if scored is None:
            scored = self.reader.candidates(read, passages, prefer=self._preferred(read))
        if outlined:
            return Decision(True, "ok")
        knows = self.retriever.knows
        premises: list[str] = []
        missing = unknown_names(read, knows, self._texts, premises, self._initialisms)
        focus = unknown_focus(read, knows)
        top = max((self._dense(read.text, passages)), default=0.0)
        common = background_names(read, self.retriever.idf, self.policy, self._texts)
        return decide_policy(read, scored, top, missing, focus, self.policy, common, premises)

    def _second_opinion(
        self, question: str, scored: list[Candidate], decision: Decision, notices: list[str]
    ) -> Decision:
        """The bundled model reads the three best sentences: when none answers the question
        (``Settings.reader_min``), the answer abstains (docs/reader.md, docs/measurements.md
        "reader as a second opinion")."""
        from civassist.generation.reader import ModelReader

        best = [c.text for c in sorted(scored, key=lambda c: -c.score)[:READER_CANDIDATES]]
        try:
            if self._model_reader is None:
                self._model_reader = ModelReader.bundled(self.settings)
            chances = self._model_reader.judge(question, best)
        except BackendUnavailable as exc:
            notices.append(f"The model reader is unavailable ({exc}); answered without it.")
            return decision
        if max(chances, default=0.0) >= self.settings.reader_min:
            return decision
        return Decision(
            False,
            "reader",
            "The bundled model read the closest sentences and found none that answers this.",
        )

    def _dense(self, question: str, passages: list[Passage]) -> list[float]:
        texts = [f"{p.title} › {p.section}\n\n{p.text}" if p.section else p.text for p in passages]
        return [float(x) for x in self.similarity.scores(question, texts)]

    def _texts(self) -> list[str]:
        return self._corpus().texts()

    def _initialisms(self) -> set[str]:
        return self._corpus().initialisms()

    def _paper(self) -> str:
        return self._corpus().paper

    def _corpus(self) -> _Corpus:
        """What the answerer derives from the live generation, computed once per generation."""
        snapshot = self.retriever.snapshot()
        cached = self._cached_corpus
        if cached is None or cached.snapshot is not snapshot:
            cached = self._cached_corpus = _Corpus(snapshot)
        return cached

    def _provenance(self, citations: list[Citation]) -> list[str]:
        """For a question about the paper: which citations are the paper's own words and which
        come from the case materials that qualify it."""
        paper = self._paper()
        own = [f"[{c.id}]" for c in citations if c.source == paper]
        other = [f"[{c.id}]" for c in citations if c.source != paper]
        if not other:
            return []
        if not own:
            return [
                f"The paper itself says nothing on this; {', '.join(other)} "
                "come from the case materials."
            ]
        return [
            f"The paper's own words: {', '.join(own)}; from the case materials, which "
            f"qualify it: {', '.join(other)}."
        ]

    def _preferred(self, read: QuestionFrame) -> str | None:
        return self._paper() if read.about_paper else None

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
        """The focus words of ``question`` that no passage in the index contains, if any."""
        missing = unknown_focus(frame(question), self.retriever.knows)
        return " ".join(missing) or None

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
        instant: Draft,
    ) -> Generator_[AnswerEvent, None, tuple[Draft, str]]:
        """The generator's draft (streaming its tokens when it can), or, when it fails, the
        ``instant`` extractive one (the answer the user may already see as the preview)."""
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
            return instant, "extractive"

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

    def _unknown_question_facts(self, read: QuestionFrame, passages: list[Passage]) -> list[str]:
        """Names and numbers in the question that no cited passage has (a false premise?).

        Only the question's names read whole count, so a capitalised opener ("Just", "Using")
        is never taken for a name.
        """
        corpus = " ".join(f"{p.title} {p.section} {p.text}" for p in passages)
        out = []
        for fact in missing_in(read.text, corpus):
            if any(ch.isdigit() for ch in fact):
                out.append(fact)
                continue
            # a word of a name is reported as the whole name: "the African Union", not "Union"
            # (dev33, read 2026-12-04: "The cited passages do not mention 2010, Union")
            out.extend(n for n in read.names if fact in n.split())
        return list(dict.fromkeys(out))

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


class _Corpus:
    """The paper, its quotable chunks and the normalised texts of one index generation."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        sizes: dict[str, int] = {}
        for chunk in snapshot.chunks:
            sizes[chunk.source] = sizes.get(chunk.source, 0) + 1
        self.paper = paper_source(snapshot.documents, sizes)
        self.paper_chunks = [
            c for c in snapshot.chunks if c.source == self.paper and not is_sources(c.section)
        ]
        self._texts: list[str] | None = None
        self._sentences: list[tuple[int, str]] | None = None
        self._initialisms: set[str] | None = None

    def initialisms(self) -> set[str]:
        """The initials of every run of capitalised words in the index, an acronym counting
        its letters ("UNGA" for "UN General Assembly", "AIIB" for "Asian Infrastructure
        Investment Bank"): an acronym a question uses may be written out (made once)."""
        if self._initialisms is None:
            found: set[str] = set()
            for chunk in self.snapshot.chunks:
                found |= initials_of(chunk.text)
            self._initialisms = found
        return self._initialisms

    def paper_sentences(self) -> list[tuple[int, str]]:
        """The paper's sentences of four words or more, each with its chunk's index."""
        if self._sentences is None:
            self._sentences = [
                (index, text)
                for index, chunk in enumerate(self.paper_chunks)
                for text in split_sentences(chunk.text)
                if len(text.split()) >= MIN_SENTENCE_WORDS
            ]
        return self._sentences

    def texts(self) -> list[str]:
        """Every chunk's title, section and text, normalised for phrase lookups (made once)."""
        if self._texts is None:
            self._texts = [
                normalised(f"{c.title} {c.section} {c.text}") for c in self.snapshot.chunks
            ]
        return self._texts


def _each_named(read: QuestionFrame, passages: list[Passage], k: int) -> list[Passage]:
    """The top ``k`` of ``passages``, where a question about several named things ("Where are
    the AIIB, AGRA and SELA each based?") has a passage naming each: a thing none of the top
    ``k`` names brings its best passage from further down, in place of the lowest passage about
    a thing already covered (dev set, 2026-12-03: the AIIB's passage fell to rank 7)."""
    things = named_things(read)
    if len(things) < 2:
        return passages[:k]
    return cover_each(passages[:k], passages[k:], things, _described, k)


# A phrase the question quotes ("the paper says the AIIB embodies "institutional equality" -
# does the case file back that up?") of two words or more.
_QUOTED = re.compile(r"[\"“”]([^\"“”]{3,80}?\s[^\"“”]{1,80}?)[\"“”]")


def _quoted_first(question: str, passages: list[Passage]) -> list[Passage]:
    """``passages`` with those that hold a phrase the question quotes first, in rank order: a
    quoted phrase is found where it is written. dev17 (2026-12-03, read): the case file's
    sentence on the AIIB's "institutional equality" ranked 7th and was not read."""
    phrases = [normalised(p) for p in _QUOTED.findall(question)]
    if not phrases:
        return passages
    holds = [p for p in passages if any(ph in normalised(p.text) for ph in phrases)]
    return [*holds, *(p for p in passages if p not in holds)]


def _described(passage: Passage) -> str:
    return f"{passage.title} {passage.section} {passage.text}"


def _timings(started: float, retrieved: float, done: float) -> dict[str, float]:
    return {
        "retrieve": (retrieved - started) * 1000,
        "generate": (done - retrieved) * 1000,
        "total": (done - started) * 1000,
    }


def focused(passages: list[Passage], scored: list[Candidate], limit: int) -> list[Passage]:
    """The passages cut to their ``limit`` best candidate sentences, in reading order.

    A model reads far less (its prompt sets the time to the first token on a CPU) and only
    what the answer is likely to be made of. Every passage keeps its place, so a model's
    ``[n]`` still names the same passage; one with no chosen sentence is left empty and not
    shown. The support check still reads the whole retrieved passages. ``limit`` 0: unchanged.
    """
    if limit <= 0 or not scored:
        return passages
    best = sorted(scored, key=lambda c: -c.score)[:limit]
    spans: dict[int, list[tuple[int, int]]] = {}
    for cand in best:
        spans.setdefault(cand.passage, []).append(cand.span)
    out = []
    for index, passage in enumerate(passages):
        chosen = sorted(spans.get(index, []))
        text = " ".join(passage.text[a:b] for a, b in chosen)
        out.append(replace(passage, text=text))
    return out
