"""The generator registry: one list of names that the CLI, the web selector and settings share."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from civassist.cli import main
from civassist.errors import InputError
from civassist.generation import registry
from civassist.settings import Settings


def test_the_names_are_the_documented_ones() -> None:
    assert registry.NAMES == ("extractive", "local", "openai")
    assert registry.MODEL_NAMES == ("local", "openai")
    assert [registry.label(n) for n in registry.NAMES] == [
        "Quotes only",
        "Local model",
        "Model server",
    ]


def test_settings_reject_an_unknown_generator(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(
        InputError, match="unknown generator setting 'gpt'; choose one of extractive"
    ):
        Settings.load(generator="gpt")
    monkeypatch.setenv("CIVASSIST_GENERATOR", "nope")
    result = CliRunner().invoke(main, ["ask", "Who founded AGRA?"])
    assert result.exit_code == 2
    assert "unknown generator setting 'nope'" in result.output
    monkeypatch.setenv("CIVASSIST_GENERATOR", "openai")
    assert Settings.load().generator == "openai"


def test_cli_choices_come_from_the_registry() -> None:
    for command in ("ask", "chat", "brief", "eval"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0
        assert "[extractive|local|openai]" in result.output, command
    judge = CliRunner().invoke(main, ["eval", "--help"]).output
    assert "[local|openai]" in judge
    wrong = CliRunner().invoke(main, ["ask", "--generator", "gpt", "q"])
    assert wrong.exit_code == 2 and "'gpt' is not one of" in wrong.output


def test_availability_is_checked_without_loading_a_model() -> None:
    no_model = Settings.load(local_model="no-such-model")
    assert registry.available(no_model) == ["extractive"]
    reason = registry.unavailable("local", no_model)
    assert reason is not None and "unknown local model 'no-such-model'" in reason
    openai = registry.unavailable("openai", no_model)
    assert openai is not None and "CIVASSIST_OPENAI_BASE_URL" in openai
    with_server = Settings.load(local_model="no-such-model", openai_base_url="http://x:9/v1")
    assert registry.available(with_server) == ["extractive", "openai"]


def test_building_an_unknown_or_unavailable_generator_is_input_error() -> None:
    with pytest.raises(InputError, match="unknown generator 'gpt'"):
        registry.build("gpt", Settings.load(), similarity=None)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="CIVASSIST_OPENAI_BASE_URL"):
        registry.build("openai", Settings.load(), similarity=None)  # type: ignore[arg-type]


def test_the_extractive_generator_is_built_by_the_registry() -> None:
    from civassist.generation.extractive import ExtractiveGenerator

    generator = registry.build("extractive", Settings.load(), similarity=None)  # type: ignore[arg-type]
    assert isinstance(generator, ExtractiveGenerator) and generator.name == "extractive"
