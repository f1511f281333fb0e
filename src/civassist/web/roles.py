"""Which indexed document is "the paper" and which are the case materials around it.

The role comes from the document itself, never from where it lies in the knowledge folder: the
``paper`` setting (``CIVASSIST_PAPER``, a source path such as ``paper.md``) names it, else the
document whose front matter says it is a paper (``kind: "policy paper"``). Every other document
is case material. With neither, there is no paper and every document is read as case material.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol


class _Document(Protocol):
    @property
    def title(self) -> str: ...

    @property
    def meta(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class KnowledgeRoles:
    """The paper's source and title (None without a paper); everything else is a case."""

    paper: str | None = None
    paper_title: str | None = None

    @classmethod
    def of(cls, documents: Mapping[str, _Document], chosen: str = "") -> KnowledgeRoles:
        """The roles of the indexed ``documents``; ``chosen`` is the ``paper`` setting."""
        if chosen and chosen in documents:
            paper: str | None = chosen
        else:
            papers = sorted(s for s, d in documents.items() if says_paper(d.meta))
            paper = papers[0] if papers else None
        return cls(paper, documents[paper].title if paper is not None else None)

    def is_case(self, source: str) -> bool:
        return source != self.paper

    @property
    def header_title(self) -> str:
        return self.paper_title or "the knowledge base"


def says_paper(meta: Mapping[str, Any]) -> bool:
    """The front matter's ``kind`` (or ``role``) names a paper."""
    return any("paper" in str(meta.get(key, "")).lower() for key in ("kind", "role"))
