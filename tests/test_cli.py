"""The CLI through click's runner: the JSON contracts and the error messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from civassist.cli import main
from civassist.settings import Settings

from .conftest import KNOWLEDGE

pytestmark = pytest.mark.e2e


@pytest.fixture
def runner(indexed_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("CIVASSIST_HOME", str(indexed_settings.home))
    return CliRunner()


def test_search_json_contract(runner: CliRunner) -> None:
    result = runner.invoke(main, ["search", "--json", "-k", "4", "Who founded AGRA?"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"query", "passages"} and data["query"] == "Who founded AGRA?"
    assert len(data["passages"]) == 4
    for rank, p in enumerate(data["passages"], start=1):
        assert set(p) == {
            "rank",
            "id",
            "source",
            "title",
            "section",
            "text",
            "start",
            "end",
            "score",
        }
        assert p["rank"] == rank and isinstance(p["score"], float)
        file_text = (KNOWLEDGE / p["source"]).read_text(encoding="utf-8")
        assert file_text[p["start"] : p["end"]] == p["text"]


def test_status_json(runner: CliRunner) -> None:
    result = runner.invoke(main, ["status", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (
        data["store"] == "embedded"
        and data["documents"] >= 2
        and data["chunks"] > data["documents"]
    )
    assert data["embedding_model"] == "all-MiniLM-L6-v2"


def test_plain_search_output(runner: CliRunner) -> None:
    result = runner.invoke(main, ["search", "major challenges"])
    assert result.exit_code == 0
    assert "[1] paper.md" in result.stdout


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_query_is_a_clear_error(runner: CliRunner, query: str) -> None:
    result = runner.invoke(main, ["search", query])
    assert result.exit_code == 2
    assert "error: the question is empty" in result.stderr
    assert "Traceback" not in result.output


def test_status_and_search_without_index(tmp_path: Path) -> None:
    runner = CliRunner()
    status = runner.invoke(main, ["status", "--json"])
    assert status.exit_code == 0 and json.loads(status.stdout)["documents"] == 0
    search = runner.invoke(main, ["search", "anything"])
    assert search.exit_code == 1 and "run `civassist ingest` first" in search.stderr


def test_ingest_summary_and_per_file_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    knowledge = tmp_path / "kb"
    knowledge.mkdir()
    (knowledge / "good.md").write_text("# Good\n\nA good paragraph about cooperation.\n")
    (knowledge / "bad.md").write_bytes(b"\x00\x01\x02binary")
    monkeypatch.setenv("CIVASSIST_KNOWLEDGE", str(knowledge))
    result = CliRunner().invoke(main, ["ingest"])
    assert result.exit_code == 3  # some files failed (issue 12)
    assert "added 1" in result.stdout and "1 error(s)" in result.stdout
    assert "error: bad.md: contains binary data" in result.stderr
    again = CliRunner().invoke(main, ["ingest", "--json"])
    data = json.loads(again.stdout)
    assert data["skipped"] == ["good.md"] and data["added"] == []


@pytest.mark.e2e
def test_a_reader_that_stops_reading_gets_no_error(indexed_settings: Settings) -> None:
    # `civassist search … | head -1`: the pipe closes early; stderr stays quiet
    import os
    import subprocess
    import sys

    env = dict(os.environ, CIVASSIST_HOME=str(indexed_settings.home))
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parents[1] / "src"),
                                         env.get("PYTHONPATH", "")])  # fmt: skip
    command = [
        sys.executable,
        "-m",
        "civassist.cli",
        "search",
        "South-South cooperation",
        "-k",
        "20",
    ]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.readline()
        proc.stdout.close()  # the reader goes away after one line
        errors = proc.stderr.read()
        proc.wait(timeout=300)
    assert "error" not in errors.lower(), errors
