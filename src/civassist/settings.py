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
    # the answer path re-ranks the best `sentence_pool` passages by their best sentence, fused
    # in with this weight (answering.Answerer._by_sentence; docs/measurements.md "sentence
    # list": blind dev hit@5 0.937 -> 0.945 at 0.5 and at 1.0, key facts unchanged at 0.5)
    sentence_weight: float = 0.5
    sentence_pool: int = 12
    # ... a sentence scoring its similarity plus this times the idf-weighted share of the
    # question's topic terms it holds: the small model rates a heading above the sentence that
    # copies the question's rare words ("a crucial foundation for deepening …"). Blind dev
    # (1,597), hit@5 / key facts / abstention recall at 0, 0.2, 0.4: 0.945 / 0.842 / 0.843,
    # 0.946 / 0.846 / 0.846, 0.947 / 0.845 / 0.846; own set key facts 0.818, 0.823, 0.823.
    # Never tuned on: the test split, run once at the end of that pass with all its changes,
    # hit@5 0.928 -> 0.952, key facts 0.800 -> 0.815 (docs/measurements.md "Eighth pass").
    sentence_lexical: float = 0.2

    # answering
    generator: str = "extractive"  # a name in civassist.generation.registry
    max_question_chars: int = 2000
    min_coverage: float = 0.0
    min_similarity: float = 0.2  # answerability.Policy: chosen on the blind dev split
    min_support: float = 0.55
    history_tokens: int = 600
    # The model reader as a second opinion (docs/reader.md): 0 is off; else the bundled
    # model's P(yes) that the best of the top 3 candidate sentences must reach, or abstain.
    reader_min: float = 0.0

    # OpenAI-compatible backend
    openai_base_url: str | None = None
    openai_model: str = "local"
    openai_api_key: str | None = None
    llm_timeout: float = 60.0
    llm_max_tokens: int = 300
    llm_source_chars: int = 3000  # passage text shown to a model (see docs/generators.md)
    # > 0: a model reads only the best N candidate sentences of the passages (in reading
    # order), not whole passages; 0 shows whole passages (docs/generators.md, "focus")
    llm_focus_sentences: int = 0

    # the bundled local model, served by llama.cpp in-process: the 1.5B answers far better than
    # the 0.5B (which is ~2.5x faster); measured in docs/generators.md
    local_model: str = "qwen2.5-1.5b"
    local_threads: int = 2
    local_ctx: int = 4096

    # the web page: which knowledge file is "the paper" (a source path such as "paper.md"; empty:
    # the one whose front matter says `kind: paper`), and the Host names `serve` answers to
    # beyond the bound one (comma-separated, "*" for any; for a proxy in front)
    paper: str = ""
    allowed_hosts: str = ""

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
            except OSError as exc:
                raise InputError(f"cannot read config file {config_path}: {exc.strerror}") from exc
        for f in fields(cls):
            raw = os.environ.get(f"CIVASSIST_{f.name.upper()}")
            if raw is not None and raw != "":
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = replace(cls(), **_coerce(values))
        _check_ranges(settings)
        _check_home(settings.home)
        return settings


# The range of every numeric setting: a value outside it is a mistake (CIVASSIST_CHUNK_TOKENS=0
# makes one-word chunks for minutes), refused with the variable's name.
RANGES: dict[str, tuple[float, float]] = {
    "chunk_tokens": (32, 4000),
    "max_file_chars": (1_000, 500_000_000),
    "top_k": (1, 50),
    "candidates": (1, 1000),
    "rrf_k": (1, 1000),
    "dense_weight": (0.0, 10.0),
    "lexical_weight": (0.0, 10.0),
    "sentence_weight": (0.0, 10.0),
    "sentence_pool": (1, 1000),
    "sentence_lexical": (0.0, 10.0),
    "max_question_chars": (10, 100_000),
    "min_coverage": (0.0, 1.0),
    "min_similarity": (-1.0, 1.0),
    "min_support": (0.0, 1.0),
    "reader_min": (0.0, 1.0),
    "history_tokens": (0, 32_000),
    "llm_timeout": (1.0, 3600.0),
    "llm_max_tokens": (1, 32_000),
    "llm_source_chars": (100, 1_000_000),
    "llm_focus_sentences": (0, 200),
    "local_threads": (1, 256),
    "local_ctx": (512, 131_072),
}


def _check_ranges(settings: Settings) -> None:
    for name, (low, high) in RANGES.items():
        value = getattr(settings, name)
        if not low <= value <= high:  # also refuses NaN
            raise InputError(
                f"setting CIVASSIST_{name.upper()} (or {name} in config.toml) must be between "
                f"{low:g} and {high:g}, got {value!r}"
            )


def _check_home(home: Path) -> None:
    """A home that exists must be a folder; one that cannot be made is found when it is used."""
    if home.exists() and not home.is_dir():
        raise InputError(f"CIVASSIST_HOME {home} is a file, not a folder; point it at a folder")
    existing = next((p for p in home.parents if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise InputError(f"CIVASSIST_HOME {home} is inside {existing}, which is a file")


def _coerce(values: dict[str, Any]) -> dict[str, Any]:
    known = {f.name: f for f in fields(Settings)}
    out: dict[str, Any] = {}
    for name, raw in values.items():
        if name not in known:
            raise InputError(f"unknown setting {name!r}; known: {', '.join(sorted(known))}")
        default = getattr(Settings(), name)
        try:
            if name == "generator":
                from civassist.generation.registry import check_name

                out[name] = check_name(str(raw), "generator setting")
            elif isinstance(default, Path) or name in ("home", "knowledge", "prompts", "evals"):
                out[name] = Path(str(raw)).expanduser()
            elif isinstance(default, bool):
                out[name] = str(raw).lower() in ("1", "true", "yes", "on")
            elif isinstance(default, int):
                out[name] = int(raw)
            elif isinstance(default, float):
                out[name] = float(raw)
            else:
                out[name] = None if raw is None else str(raw)
        except (ValueError, TypeError) as exc:
            raise InputError(
                f"setting CIVASSIST_{name.upper()} (or {name} in config.toml) must be a number, "
                f"got {raw!r}"
            ) from exc
    return out
