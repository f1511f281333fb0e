"""The hybrid retriever as a LangChain ``BaseRetriever``, for use in LCEL chains."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from civassist.retrieval import HybridRetriever


class CivassistRetriever(BaseRetriever):
    """LangChain view of :class:`HybridRetriever`: passages as Documents with full metadata."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    hybrid: Any
    k: int = 6

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[LCDocument]:
        result = self.hybrid.search(query, self.k)
        return [
            LCDocument(
                page_content=p.text,
                id=p.id,
                metadata={k: v for k, v in p.to_dict().items() if k != "text"},
            )
            for p in result.passages
        ]


def as_langchain_retriever(hybrid: HybridRetriever, k: int = 6) -> CivassistRetriever:
    return CivassistRetriever(hybrid=hybrid, k=k)
