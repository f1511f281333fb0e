"""The eval gate: minimums from ``evals/thresholds.toml`` (or ``--fail-under``) against a summary.

``[minimum]`` applies to the whole run; ``[minimum.dev]`` and ``[minimum.test]`` to one split.
A name is an overall metric (``hit@5``), a metric of one kind (``per_kind.list.hit@5``) or a
briefing metric (``briefings.coverage``).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from civassist.errors import InputError
from civassist.evals.dataset import SPLITS

Thresholds = dict[str | None, dict[str, float]]  # split (None: the whole run) -> minimums


def load_thresholds(path: Path) -> Thresholds:
    """The ``[minimum]`` table of ``path`` and its per-split sub-tables."""
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))["minimum"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read the [minimum] table of {path}: {exc}") from exc
    out: Thresholds = {None: {}}
    for name, value in table.items():
        if isinstance(value, dict):
            if name not in SPLITS:
                raise InputError(f"{path}: [minimum.{name}] is not a split ({', '.join(SPLITS)})")
            out[name] = {k: _number(path, f"{name}.{k}", v) for k, v in value.items()}
        else:
            out[None][name] = _number(path, name, value)
    return out


def _number(path: Path, name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{path}: minimum {name!r} must be a number")
    return float(value)


def _value(section: dict[str, Any], name: str) -> Any:
    if name.startswith("per_kind."):
        _, kind, metric = name.split(".", 2)
        return section.get("per_kind", {}).get(kind, {}).get(metric)
    return section.get("overall", {}).get(name)


def _section(summary: dict[str, Any], name: str, split: str | None) -> dict[str, Any] | None:
    section: dict[str, Any] | None = summary
    if name.startswith("briefings."):
        section = summary.get("briefings")
    if section is None or split is None:
        return section
    found: dict[str, Any] | None = section.get("splits", {}).get(split)
    return found


def gate(
    summary: dict[str, Any], minimums: dict[str, float], split: str | None = None
) -> list[str]:
    """The failures of ``summary`` (or of one split of it) against ``minimums``."""
    failures = []
    prefix = f"{split} split: " if split else ""
    for name, minimum in minimums.items():
        section = _section(summary, name, split)
        metric = name.removeprefix("briefings.")
        value = None if section is None else _value(section, metric)
        if value is None or value < minimum:
            failures.append(f"{prefix}{name} = {value} is below the minimum {minimum}")
    return failures


def gate_all(summary: dict[str, Any], thresholds: Thresholds, ran: str = "all") -> list[str]:
    """Every table of ``thresholds`` that applies to a run of split ``ran`` (dev, test, all)."""
    failures = []
    for split, minimums in thresholds.items():
        if split is not None and ran not in ("all", split):
            continue
        failures += gate(summary, minimums, split)
    return failures
