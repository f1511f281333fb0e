"""Dev/test splits: a split file ``{"dev": [ids], "test": [ids]}`` or a ``split`` per item.

Tune on ``dev``; ``test`` is only reported. A split file beside a question set
(``evals/split.json``, ``evals/blind/split.json``) is read with it; one file may name the ids
of questions and briefing topics alike.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from civassist.errors import InputError
from civassist.evals.dataset import SPLITS, BriefingCase, EvalQuestion

SPLIT_FILE = "split.json"
Item = TypeVar("Item", EvalQuestion, BriefingCase)


def load_split(path: Path) -> dict[str, str]:
    """Each id of the split file and its split; an id in both splits is an error."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: cannot read the split file: {exc}") from exc
    if not isinstance(data, dict) or not set(data) <= set(SPLITS):
        raise InputError(f'{path}: a split file is {{"dev": [ids], "test": [ids]}}')
    out: dict[str, str] = {}
    for split, ids in data.items():
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise InputError(f"{path}: {split!r} must be a list of ids")
        for item_id in ids:
            if out.get(item_id, split) != split:
                raise InputError(f"{path}: id {item_id!r} is in both splits")
            out[item_id] = split
    return out


def split_files_for(sets: Sequence[Path]) -> list[Path]:
    """The split files that sit beside the given question or briefing sets."""
    found = dict.fromkeys(p.parent / SPLIT_FILE for p in sets)
    return [p for p in found if p.is_file()]


def assign(items: Sequence[Item], splits: dict[str, str]) -> list[Item]:
    """``items`` with the split the file gives them; a conflicting ``split`` field is an error."""
    out = []
    for item in items:
        named = splits.get(item.id)
        if named is not None and item.split is not None and named != item.split:
            raise InputError(
                f"{item.id!r} is {item.split!r} in its set but {named!r} in the split file"
            )
        out.append(replace(item, split=item.split or named))
    return out


def select(items: Sequence[Item], split: str) -> list[Item]:
    """The items of one split ("dev" or "test"), or all of them ("all")."""
    if split == "all":
        return list(items)
    chosen = [i for i in items if i.split == split]
    if not chosen:
        raise InputError(f"no item of the set is in the {split} split (see evals/{SPLIT_FILE})")
    return chosen
