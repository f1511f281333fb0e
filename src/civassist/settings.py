"""One settings object, read from ``CIVASSIST_*`` environment variables and an optional TOML file.

Precedence: explicit keyword arguments > environment > TOML file (``CIVASSIST_CONFIG`` or
``$CIVASSIST_HOME/config.toml``) > the defaults named here.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from civassist.errors import InputError

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "civassist"


def _project_dir(name: str) -> Path:
    """``./name`` when the current folder has one, else the project's own."""
    here = Path.cwd() / name
    return here if here.is_dir() else PROJECT_ROOT / name


def _default_knowledge() -> Path:
    return _project_dir("knowledge")


def _default_prompts() -> Path:
    return _project_dir("prompts")


def _default_evals() -> Path:
    return _project_dir("evals")


@dataclass(frozen=True)
class Settings:
    """Every tunable of civassist, with the defaults chosen by the eval harness (see docs/)."""

    home: Path = field(default_factory=_default_home)
    knowledge: Path = field(default_factory=_default_knowledge)
    prompts: Path = field(default_factory=_default_prompts)
    evals: Path = field(default_factory=_default_evals)
    chroma_url: str | None = None
    collection_prefix: str = "civassist"
    feedback_db: str | None = None  # a SQLite file several replicas share (default: in home)

    # chunking (chosen by bench/retrieval_sweep.py; see docs/measurements.md)
    encoding: str = "cl100k_base"
    chunk_tokens: int = 200
    max_file_chars: int = 1_000_000

    # retrieval
    top_k: int = 6
    candidates: int = 30
    rrf_k: int = 60
    dense_weight: float = 1.0
    lexical_weight: float = 1.0

    # answering
    generator: str = "extractive"
    max_question_chars: int = 2000
    min_coverage: float = 0.0
    min_similarity: float = 0.3
    min_support: float = 0.55
    history_tokens: int = 600

    # OpenAI-compatible backend
    openai_base_url: str | None = None
    openai_model: str = "local"
    openai_api_key: str | None = None
    llm_timeout: float = 60.0
    llm_max_tokens: int = 300
    llm_source_chars: int = 3000  # passage text shown to a model (see docs/generators.md)

    # the bundled local model, served by llama.cpp in-process: the 1.5B answers far better than
    # the 0.5B (which is ~2.5x faster); measured in docs/generators.md
    local_model: str = "qwen2.5-1.5b"
    local_threads: int = 2
    local_ctx: int = 4096

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def store_mode(self) -> str:
        return "server" if self.chroma_url else "embedded"

    @classmethod
    def load(cls, **overrides: Any) -> Settings:
        """Build settings from defaults, the TOML file, the environment and ``overrides``."""
        values: dict[str, Any] = {}
        env_home = os.environ.get("CIVASSIST_HOME")
        home = Path(env_home).expanduser() if env_home else _default_home()
        config = os.environ.get("CIVASSIST_CONFIG")
        config_path = Path(config).expanduser() if config else home / "config.toml"
        if config_path.is_file():
            try:
                values.update(tomllib.loads(config_path.read_text(encoding="utf-8")))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise InputError(f"config file {config_path} is not valid TOML: {exc}") from exc
        for f in fields(cls):
            raw = os.environ.get(f"CIVASSIST_{f.name.upper()}")
            if raw is not None and raw != "":
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **_coerce(values))


def _coerce(values: dict[str, Any]) -> dict[str, Any]:
    known = {f.name: f for f in fields(Settings)}
    out: dict[str, Any] = {}
    for name, raw in values.items():
        if name not in known:
            raise InputError(f"unknown setting {name!r}; known: {', '.join(sorted(known))}")
        default = getattr(Settings(), name)
        try:
            if isinstance(default, Path) or name in ("home", "knowledge", "prompts", "evals"):
                out[name] = Path(str(raw)).expanduser()
            elif isinstance(default, bool):
                out[name] = str(raw).lower() in ("1", "true", "yes", "on")
            elif isinstance(default, int):
                out[name] = int(raw)
            elif isinstance(default, float):
                out[name] = float(raw)
            else:
                out[name] = None if raw is None else str(raw)
        except ValueError as exc:
            raise InputError(f"setting {name} must be a number, got {raw!r}") from exc
    return out
