"""The torch-free path: the ONNX export of the bundled model, its check and its fallback."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from civassist.assistant import Assistant
from civassist.index import onnx_embedder
from civassist.index.catalog import open_catalog, open_store
from civassist.index.embedding import ONNX, SENTENCE_TRANSFORMERS, Embedder, model_path
from civassist.ingest import ingest
from civassist.settings import PROJECT_ROOT, Settings

HEAVY = ("torch", "sentence_transformers", "transformers", "sklearn", "gradio")


def _knowledge_paragraphs(n: int) -> list[str]:
    text = (PROJECT_ROOT / "knowledge").rglob("*.md")
    paragraphs = [p.strip() for f in sorted(text) for p in f.read_text().split("\n\n")]
    return [p for p in paragraphs if len(p) > 40][:n]


def test_onnx_and_sentence_transformers_agree_on_a_fixed_sample(tmp_path: Path) -> None:
    embedder = Embedder(tmp_path / "home" / "cache")  # the session's shared export
    assert embedder.prepare_query_model()
    assert embedder.backend == ONNX
    sample = [*onnx_embedder.CHECK_SAMPLE, *_knowledge_paragraphs(40)]
    fast = embedder.embed_batch(sample)
    reference = embedder.embed_reference(sample)
    assert fast.shape == reference.shape == (len(sample), 384)
    cosines = (fast * reference).sum(axis=1)
    assert cosines.min() >= onnx_embedder.MIN_COSINE, cosines.min()
    one = embedder.embed_query(sample[2])
    assert float(one @ reference[2]) >= onnx_embedder.MIN_COSINE
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-5)


def test_the_export_is_keyed_by_the_model_and_recorded(tmp_path: Path) -> None:
    embedder = Embedder(tmp_path / "home" / "cache")
    assert embedder.prepare_query_model()
    key = onnx_embedder.export_key(model_path())
    folder = onnx_embedder.export_folder(tmp_path / "home" / "cache", key)
    info = json.loads((folder / "export.json").read_text())
    assert info["min_cosine"] >= onnx_embedder.MIN_COSINE
    assert info["opset"] == 17 and info["max_length"] == 256
    assert info["fused"] is True  # attention, layer norms and GELU fused (checked all the same)
    assert len(key) == 16 and key == onnx_embedder.export_key(model_path())


@pytest.mark.slow
def test_a_failed_check_falls_back_to_sentence_transformers_with_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "private-cache"  # not the shared export: this one must be made and fail
    monkeypatch.setattr(onnx_embedder, "MIN_COSINE", 1.5)  # no export can pass
    embedder = Embedder(cache)
    with caplog.at_level(logging.WARNING):
        assert not embedder.prepare_query_model()
    assert "differs from sentence-transformers" in caplog.text
    key = onnx_embedder.export_key(model_path())
    assert onnx_embedder.recorded_failure(cache, key) is not None
    assert not onnx_embedder.is_exported(onnx_embedder.export_folder(cache, key))
    assert [p.name for p in (cache / "onnx").iterdir()] == [f"{key}.failed.json"]  # no half export

    # A later process does not export again: it says so and embeds with sentence-transformers.
    caplog.clear()
    monkeypatch.setattr(onnx_embedder, "export", _must_not_export)
    later = Embedder(cache)
    with caplog.at_level(logging.WARNING):
        vectors = later.embed_batch(["What is South-South cooperation?"])
    assert later.backend == SENTENCE_TRANSFORMERS
    assert "embedding uses sentence-transformers" in caplog.text and "delete" in caplog.text
    reference = later.embed_reference(["What is South-South cooperation?"])
    assert np.array_equal(vectors, reference)


def _must_not_export(*_args: object) -> float:
    raise AssertionError("a recorded failure must not be exported again")


def test_a_broken_export_step_is_a_failed_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(_model: object, folder: Path) -> tuple[int, bool]:
        (folder / "model.onnx").write_bytes(b"not a model")
        (folder / "tokenizer.json").write_text("{}")
        return 256, False

    monkeypatch.setattr(onnx_embedder, "_write_export", broken)
    cache = tmp_path / "cache"
    with caplog.at_level(logging.WARNING):
        assert not Embedder(cache).prepare_query_model()
    assert "the ONNX export failed" in caplog.text
    assert sorted(p.name for p in (cache / "onnx").iterdir())[0].endswith(".failed.json")


def test_without_a_cache_folder_everything_uses_sentence_transformers() -> None:
    embedder = Embedder()
    assert not embedder.prepare_query_model()
    assert embedder.backend == SENTENCE_TRANSFORMERS


@pytest.mark.parametrize(
    "command",
    [
        ["ask", "--json", "What is the Global Civilization Initiative?"],
        ["search", "--json", "South-South cooperation in agriculture"],
    ],
)
def test_asking_and_searching_import_neither_torch_nor_sentence_transformers(
    indexed_settings: Settings, command: list[str]
) -> None:
    env = dict(os.environ, CIVASSIST_HOME=str(indexed_settings.home))
    env["PYTHONPATH"] = os.pathsep.join([str(PROJECT_ROOT / "src"), env.get("PYTHONPATH", "")])
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "civassist.cli", *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {
        line.split("|")[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "onnxruntime" in imported and "chromadb" in imported
    assert not imported & {"torch", "sentence_transformers"}, sorted(imported & set(HEAVY))
    # nor tiktoken: nothing is counted for an extractive answer without history
    assert "tiktoken" not in imported
    data = json.loads(result.stdout)
    assert data.get("passages") or data.get("citations")


# Ingest embeds chunks with the checked export too: the model of record's vectors, without torch.


def test_ingest_embeds_chunks_with_the_export_and_they_match_sentence_transformers(
    tmp_path: Path, knowledge_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings.load(home=tmp_path / "home", knowledge=knowledge_copy)
    assert Embedder(settings.cache_dir).prepare_query_model()

    def refuse(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("ingest embedded with sentence-transformers")

    with monkeypatch.context() as patched:
        patched.setattr(Embedder, "embed_reference", refuse)
        report = ingest(settings)
    assert report.embedded == report.chunks > 50 and not report.errors

    store = open_store(settings)
    manifest = open_catalog(settings, store).read(report.generation or "")
    chunks, vectors = [], []
    for segment in manifest.segments:
        got, got_vectors = store.records(segment, vectors=True)
        chunks.extend(got)
        vectors.extend(got_vectors)
    store.close()
    reference = Embedder().embed_reference([c.embedding_text() for c in chunks])
    cosines = (np.asarray(vectors) * reference).sum(axis=1)
    assert len(cosines) == report.chunks
    assert cosines.min() >= onnx_embedder.MIN_COSINE, cosines.min()


def test_ingest_falls_back_to_sentence_transformers_when_the_export_failed(
    tmp_path: Path, knowledge_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    home = tmp_path / "private-home"  # its own cache: the failure must not reach the shared one
    settings = Settings.load(home=home, knowledge=knowledge_copy)
    key = onnx_embedder.export_key(model_path())
    onnx_embedder.record_failure(settings.cache_dir, key, "a failure recorded by the test")
    with caplog.at_level(logging.WARNING):
        report = ingest(settings)
    assert "embedding uses sentence-transformers" in caplog.text
    assert "a failure recorded by the test" in caplog.text
    assert report.embedded == report.chunks > 50 and not report.errors
    assert not onnx_embedder.is_exported(onnx_embedder.export_folder(settings.cache_dir, key))
    hits = Assistant(settings).search("Who founded AGRA?").hits
    assert hits and hits[0].dense > 0 and "AGRA" in hits[0].passage.text


def test_an_ingest_after_the_export_imports_neither_torch_nor_sentence_transformers(
    tmp_path: Path, knowledge_copy: Path
) -> None:
    home = tmp_path / "home"  # shares the session's export (conftest)
    assert Embedder(home / "cache").prepare_query_model()
    env = dict(os.environ, CIVASSIST_HOME=str(home), CIVASSIST_KNOWLEDGE=str(knowledge_copy))
    env["PYTHONPATH"] = os.pathsep.join([str(PROJECT_ROOT / "src"), env.get("PYTHONPATH", "")])
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "civassist.cli", "ingest", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {
        line.split("|")[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "onnxruntime" in imported
    assert not imported & {"torch", "sentence_transformers"}, sorted(imported & set(HEAVY))
    assert json.loads(result.stdout)["chunks"] > 50
