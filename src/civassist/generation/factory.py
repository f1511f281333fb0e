"""Build a generator from its name in the settings (one small factory)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from civassist.errors import InputError
from civassist.generation.base import Generator
from civassist.settings import Settings
from civassist.similarity import SentenceSimilarity

if TYPE_CHECKING:
    from langchain_openai import ChatOpenAI


def build_generator(name: str, settings: Settings, similarity: SentenceSimilarity) -> Generator:
    """The generator called ``name``: ``extractive``, ``local`` or ``openai``.

    Raises:
        InputError: an unknown name, or ``openai`` without ``CIVASSIST_OPENAI_BASE_URL``.
        BackendUnavailable: ``local`` without its model packages or runtime.
    """
    if name == "extractive":
        from civassist.generation.extractive import ExtractiveGenerator

        return ExtractiveGenerator(similarity)
    if name == "openai":
        if not settings.openai_base_url:
            raise InputError(
                "the openai generator needs the address of an OpenAI-compatible server: "
                "set CIVASSIST_OPENAI_BASE_URL (e.g. http://127.0.0.1:8080/v1)"
            )
        chat = _chat_model(
            settings, settings.openai_base_url, settings.openai_model, settings.openai_api_key
        )
        return _llm_generator("openai", chat, settings)
    if name == "local":
        from civassist.generation.llama_server import assemble_model, shared_server

        path = assemble_model(settings.local_model, settings.cache_dir)
        server = shared_server(path, threads=settings.local_threads, ctx=settings.local_ctx)
        chat = _chat_model(settings, server.base_url, settings.local_model, None)
        return _llm_generator("local", chat, settings)
    raise InputError(f"the {name!r} generator is not available in this build")


def _chat_model(settings: Settings, base_url: str, model: str, api_key: str | None) -> ChatOpenAI:
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=base_url,
        model=model,
        api_key=api_key or "not-needed",  # type: ignore[arg-type]
        timeout=settings.llm_timeout,
        max_retries=0,  # a failure falls back to the extractive answer at once
        temperature=0,
        max_tokens=settings.llm_max_tokens,  # type: ignore[call-arg]
    )


def _llm_generator(name: str, chat: ChatOpenAI, settings: Settings) -> Generator:
    from civassist.generation.llm import LLMGenerator

    return LLMGenerator(
        name, chat, settings.prompts, settings.llm_timeout, source_chars=settings.llm_source_chars
    )
