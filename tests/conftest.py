"""Shared fixtures: every test gets its own civassist home; nothing reads the real environment."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from civassist.settings import PROJECT_ROOT, Settings

KNOWLEDGE = PROJECT_ROOT / "knowledge"


@pytest.fixture(scope="session")
def shared_onnx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the ONNX export of the embedding model, made by the first test that ingests
    (an export takes ~5-20 s; tests/test_onnx_embedder.py exports into private folders)."""
    return tmp_path_factory.mktemp("onnx-export")


def share_onnx_export(home: Path, shared: Path) -> None:
    (home / "cache").mkdir(parents=True, exist_ok=True)
    (home / "cache" / "onnx").symlink_to(shared, target_is_directory=True)


@pytest.fixture(autouse=True)
def clean_environ(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_onnx: Path) -> None:
    """A private CIVASSIST_HOME per test; no CIVASSIST_* or OpenAI settings leak in."""
    for key in list(os.environ):
        if key.startswith(("CIVASSIST_", "OPENAI_")):
            monkeypatch.delenv(key)
    monkeypatch.setenv("CIVASSIST_HOME", str(tmp_path / "home"))
    share_onnx_export(tmp_path / "home", shared_onnx)
    monkeypatch.setenv("CIVASSIST_KNOWLEDGE", str(KNOWLEDGE))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of the real knowledge folder."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


@pytest.fixture(scope="session")
def indexed_settings(
    tmp_path_factory: pytest.TempPathFactory, shared_onnx: Path
) -> Iterator[Settings]:
    """Settings of one real index of the real knowledge folder, built once per test session."""
    from civassist.ingest import ingest

    home = tmp_path_factory.mktemp("indexed-home")
    share_onnx_export(home, shared_onnx)
    settings = Settings.load(home=home, knowledge=KNOWLEDGE)
    report = ingest(settings)
    assert not report.errors, report.errors
    yield settings


@pytest.fixture(scope="session")
def assistant(indexed_settings: Settings):  # type: ignore[no-untyped-def]
    from civassist.assistant import Assistant

    return Assistant(indexed_settings)
