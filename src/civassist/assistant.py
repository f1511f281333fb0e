"""The one Python API that the CLI, the web app and the eval harness are thin layers over."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from civassist.generation import registry
from civassist.generation.base import Generator
from civassist.index.catalog import open_catalog, open_store
from civassist.ingest import IngestReport, Progress, _no_progress, ingest
from civassist.retrieval import HybridRetriever, Retrieval
from civassist.settings import Settings
from civassist.types import Answer, AnswerEvent

if TYPE_CHECKING:
    from civassist.answering import Answerer
    from civassist.briefing import Briefing
    from civassist.similarity import SentenceSimilarity

GENERATORS = registry.NAMES


@dataclass(frozen=True)
class IndexStatus:
    """What is indexed, where, and with which model."""

    documents: int
    chunks: int
    store: str
    location: str
    embedding_model: str
    generation: str | None
    created: str | None
    knowledge: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class Assistant:
    """civassist's API: ingest knowledge, search it, and (see answering) answer from it.

    Build one per process and reuse it: it loads the embedding model and the index once.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.load()
        self._retriever: HybridRetriever | None = None
        self._answerer: Answerer | None = None
        self._similarity: SentenceSimilarity | None = None
        self._generators: dict[str, Generator] = {}

    @property
    def retriever(self) -> HybridRetriever:
        if self._retriever is None:
            self._retriever = HybridRetriever(self.settings)
        return self._retriever

    def ingest(
        self, paths: list[Path] | None = None, progress: Progress = _no_progress
    ) -> IngestReport:
        """Bring the index in line with ``paths`` (default: the knowledge folder)."""
        embedder = self._retriever.embedder if self._retriever else None
        return ingest(self.settings, paths, embedder=embedder, progress=progress)

    def search(self, query: str, k: int | None = None) -> Retrieval:
        """The best passages for ``query``, dense and lexical results fused."""
        return self.retriever.search(query, k)

    def ask(
        self,
        question: str,
        history: list[dict[str, str]] | None = None,
        generator: str | None = None,
        debug: bool = False,
    ) -> Answer:
        """Answer ``question`` (a follow-up, given ``history``) from the sources, with citations.

        Args:
            question: the user's question.
            history: earlier turns as ``{"role": "user"|"assistant", "content": str}``.
            generator: ``extractive``, ``local`` or ``openai`` (default: the settings').
            debug: keep unsupported sentences, flagged, instead of removing them.

        Returns:
            An :class:`Answer` whose every sentence cites a verbatim, retrieved quote, or an
            abstention listing the closest passages.
        """
        return self._get_answerer().ask(question, history, generator, debug)

    def ask_stream(
        self,
        question: str,
        history: list[dict[str, str]] | None = None,
        generator: str | None = None,
    ) -> Iterator[AnswerEvent]:
        """Like :meth:`ask`, as events: status lines; while a model writes, a ``preview`` (the
        instant extractive answer, checked, as ``answer``) and the model's draft tokens; then
        ``AnswerEvent("final", answer=...)`` with the checked answer (which may differ from the
        draft: unsupported sentences are removed)."""
        return self._get_answerer().stream(question, history, generator)

    def brief(self, topic: str, length: str = "standard", generator: str | None = None) -> Briefing:
        """A structured briefing on ``topic``: every sentence cited and checked like an answer."""
        from civassist.briefing import Briefer

        return Briefer(self).brief(topic, length=length, generator=generator)

    def generator(self, name: str) -> Generator:
        """The generator called ``name``, built once."""
        if name not in self._generators:
            self._generators[name] = registry.build(name, self.settings, self.similarity)
        return self._generators[name]

    @property
    def similarity(self) -> SentenceSimilarity:
        if self._similarity is None:
            from civassist.similarity import SentenceSimilarity

            embedder = self.retriever.embedder
            store = self.settings.cache_dir / f"sentence-vectors-{embedder.name}.npz"
            self._similarity = SentenceSimilarity(embedder, store=store)
        return self._similarity

    def _get_answerer(self) -> Answerer:
        if self._answerer is None:
            from civassist.answering import Answerer
            from civassist.tokens import TokenCounter

            counter = TokenCounter(self.settings.encoding, self.settings.cache_dir)
            self._answerer = Answerer(
                self.settings, self.retriever, self.similarity, self.generator, counter.count
            )
        return self._answerer

    def status(self) -> IndexStatus:
        store = open_store(self.settings)
        catalog = open_catalog(self.settings, store)
        generation = catalog.current()
        if generation is None:
            return IndexStatus(
                0, 0, store.mode, store.location(), "", None, None, str(self.settings.knowledge)
            )
        manifest = catalog.read(generation)
        return IndexStatus(
            documents=len(manifest.documents),
            chunks=manifest.chunk_count,
            store=store.mode,
            location=store.location(),
            embedding_model=str(manifest.params.get("embedding_model", "")),
            generation=generation,
            created=manifest.created,
            knowledge=str(self.settings.knowledge),
        )
