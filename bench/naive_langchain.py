"""The tutorial LangChain pipeline, as a baseline.

RecursiveCharacterTextSplitter (1000/200), the same MiniLM through langchain-huggingface,
langchain-chroma, k=5. Needs the `dev` extra.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class NaivePipeline:
    retriever: Any
    chunks: int
    ingest_seconds: float

    def search(self, question: str) -> list[str]:
        return [d.page_content for d in self.retriever.invoke(question)]


def build(knowledge: Path, persist: Path, model_path: Path) -> NaivePipeline:
    """Split, embed and store every Markdown file under ``knowledge``, as the tutorials do."""
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    started = time.perf_counter()
    docs = [
        Document(page_content=p.read_text(encoding="utf-8"), metadata={"source": str(p)})
        for p in sorted(knowledge.rglob("*.md"))
    ]
    splits = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(
        docs
    )
    embeddings = HuggingFaceEmbeddings(
        model_name=str(model_path),
        model_kwargs={"device": "cpu"},
        encode_kwargs={"normalize_embeddings": True},
    )
    store = Chroma.from_documents(
        splits,
        embeddings,
        collection_name="naive",
        persist_directory=str(persist),
        client_settings=ChromaSettings(anonymized_telemetry=False, is_persistent=True),
    )
    retriever = store.as_retriever(search_kwargs={"k": 5})
    return NaivePipeline(retriever, len(splits), time.perf_counter() - started)
