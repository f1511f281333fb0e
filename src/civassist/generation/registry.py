"""Every generator in one place: its name, label, availability and construction.

The CLI's choices, the web selector and settings validation read from here. Importing this module
is cheap (no model runtime, no LangChain): construction imports what a generator needs.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from civassist.errors import CivassistError, InputError

if TYPE_CHECKING:
    from langchain_openai import ChatOpenAI

    from civassist.generation.base import Generator
    from civassist.settings import Settings
    from civassist.similarity import SentenceSimilarity


@dataclass(frozen=True)
class GeneratorSpec:
    """One generator: ``unavailable`` says why it cannot run here (None when it can), without
    loading a model; ``build`` makes it."""

    name: str
    label: str  # shown in the web selector
    summary: str  # one line for help texts
    uses_model: bool  # a language model writes the draft (so it can also judge)
    unavailable: Callable[[Settings], str | None]
    build: Callable[[Settings, SentenceSimilarity], Generator]


def _always(_settings: Settings) -> str | None:
    return None


def _build_extractive(_settings: Settings, similarity: SentenceSimilarity) -> Generator:
    from civassist.generation.extractive import ExtractiveGenerator

    return ExtractiveGenerator(similarity)


def _local_unavailable(settings: Settings) -> str | None:
    from civassist.generation.llama_server import MODELS, part_files

    model = MODELS.get(settings.local_model)
    if model is None:
        return f"unknown local model {settings.local_model!r}; known: {', '.join(MODELS)}"
    if importlib.util.find_spec("xllamacpp") is None:
        return f"the llama.cpp runtime is missing; {model.install}"
    try:
        part_files(model)  # finds the chunk files; raises when a package is missing
    except CivassistError as exc:
        return str(exc)
    return None


def _build_local(settings: Settings, _similarity: SentenceSimilarity) -> Generator:
    from civassist.generation.llama_server import assemble_model, shared_server

    path = assemble_model(settings.local_model, settings.cache_dir)
    server = shared_server(path, threads=settings.local_threads, ctx=settings.local_ctx)
    chat = _chat_model(settings, server.base_url, settings.local_model, None)
    return _llm_generator("local", chat, settings)


def _openai_unavailable(settings: Settings) -> str | None:
    if settings.openai_base_url:
        return None
    return (
        "the openai generator needs the address of an OpenAI-compatible server: "
        "set CIVASSIST_OPENAI_BASE_URL (e.g. http://127.0.0.1:8080/v1)"
    )


def _build_openai(settings: Settings, _similarity: SentenceSimilarity) -> Generator:
    reason = _openai_unavailable(settings)
    if reason or not settings.openai_base_url:
        raise InputError(reason or "no server address")
    chat = _chat_model(
        settings, settings.openai_base_url, settings.openai_model, settings.openai_api_key
    )
    return _llm_generator("openai", chat, settings)


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


SPECS: dict[str, GeneratorSpec] = {
    spec.name: spec
    for spec in (
        GeneratorSpec(
            "extractive",
            "Quotes only",
            "quotes the best-supported sentences; no model",
            False,
            _always,
            _build_extractive,
        ),
        GeneratorSpec(
            "local",
            "Local model",
            "the bundled Qwen2.5 model via llama.cpp (pip install 'civassist[local]')",
            True,
            _local_unavailable,
            _build_local,
        ),
        GeneratorSpec(
            "openai",
            "Model server",
            "an OpenAI-compatible server at CIVASSIST_OPENAI_BASE_URL",
            True,
            _openai_unavailable,
            _build_openai,
        ),
    )
}
NAMES: tuple[str, ...] = tuple(SPECS)
MODEL_NAMES: tuple[str, ...] = tuple(name for name, spec in SPECS.items() if spec.uses_model)


def check_name(name: str, what: str = "generator") -> str:
    """``name`` if it names a generator, else InputError listing the names."""
    if name not in SPECS:
        raise InputError(f"unknown {what} {name!r}; choose one of {', '.join(NAMES)}")
    return name


def label(name: str) -> str:
    return SPECS[check_name(name)].label


def unavailable(name: str, settings: Settings) -> str | None:
    """Why generator ``name`` cannot run with ``settings``, or None if it can."""
    return SPECS[check_name(name)].unavailable(settings)


def available(settings: Settings) -> list[str]:
    """The generators usable here, in registry order, checked without loading a model."""
    return [name for name, spec in SPECS.items() if spec.unavailable(settings) is None]


def build(name: str, settings: Settings, similarity: SentenceSimilarity) -> Generator:
    """The generator called ``name``.

    Raises:
        InputError: an unknown name, or ``openai`` without ``CIVASSIST_OPENAI_BASE_URL``.
        BackendUnavailable: ``local`` without its model packages or runtime.
    """
    return SPECS[check_name(name)].build(settings, similarity)
