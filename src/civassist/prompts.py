"""Prompts are files under ``prompts/``: YAML front matter declaring the variables, then
``[system]`` and ``[user]`` parts. Loading checks that the declared and the used variables agree.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from civassist.errors import CivassistError

_PART = re.compile(r"^\[(system|user|assistant)\]\s*$", re.M)


class PromptError(CivassistError):
    """A prompt file is missing, malformed, or used with the wrong variables."""


@dataclass(frozen=True)
class Prompt:
    name: str
    variables: frozenset[str]
    messages: tuple[tuple[str, str], ...]  # (role, template)

    def render(self, **values: str) -> list[tuple[str, str]]:
        """The messages with ``values`` filled in; every declared variable is required."""
        missing = self.variables - values.keys()
        extra = values.keys() - self.variables
        if missing or extra:
            raise PromptError(
                f"prompt {self.name!r} needs {sorted(self.variables)}; "
                f"missing {sorted(missing)}, unexpected {sorted(extra)}"
            )
        return [(role, template.format(**values)) for role, template in self.messages]


@lru_cache(maxsize=32)
def load_prompt(folder: Path, name: str) -> Prompt:
    path = folder / f"{name}.prompt"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PromptError(f"cannot read prompt file {path}: {exc}") from exc
    if not text.startswith("---\n") or "\n---\n" not in text[4:]:
        raise PromptError(f"{path}: must start with front matter declaring `variables`")
    head, body = text[4:].split("\n---\n", 1)
    meta = yaml.safe_load(head) or {}
    declared = frozenset(meta.get("variables") or [])
    pieces = _PART.split(body)
    messages = tuple(
        (role, content.strip()) for role, content in zip(pieces[1::2], pieces[2::2], strict=True)
    )
    if not messages:
        raise PromptError(f"{path}: no [system] or [user] part")
    used = {
        field for _, tpl in messages for _, field, _, _ in string.Formatter().parse(tpl) if field
    }
    if used != declared:
        raise PromptError(f"{path}: declares {sorted(declared)} but uses {sorted(used)}")
    return Prompt(name, declared, messages)
