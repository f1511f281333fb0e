"""A briefing as Markdown (also what the web app shows)."""

from __future__ import annotations

import re

from civassist.briefing.model import (
    SOURCES_HEADING,
    Briefing,
    BriefingBlock,
    byline,
    split_marks,
    where,
)

_SPECIAL = re.compile(r"([\\`*_<>\[\]])")


def escape(text: str) -> str:
    """Text with Markdown's inline markup characters escaped."""
    return _SPECIAL.sub(r"\\\1", text)


def _block(block: BriefingBlock) -> str:
    """The block's sentences, each with its ``[n]`` markers before its final stop."""
    pieces = []
    for sentence in block.sentences:
        body, ids, tail = split_marks(sentence)
        marks = "".join(f"[{n}]" for n in ids)
        pieces.append(f"{escape(body)} {marks}{escape(tail)}".strip() if marks else escape(body))
    text = " ".join(pieces)
    return f"**{escape(block.label)}:** {text}" if block.label else text


def to_markdown(briefing: Briefing) -> str:
    """The briefing as a Markdown document: headings, bullets, ``[n]`` markers, Sources."""
    lines = [f"# {escape(briefing.title)}", ""]
    lines += [f"*{escape(byline(briefing))}*", ""]
    if briefing.notice:
        lines += [f"> **Note:** {escape(briefing.notice)}", ""]
    if briefing.abstained:
        if briefing.nearest:
            lines += ["The nearest sections of the sources are:", ""]
            lines += [f"- {escape(place)}" for place in briefing.nearest]
            lines.append("")
        return "\n".join(lines)
    for section in briefing.sections:
        lines += [f"## {section.heading}", ""]
        if section.note:
            lines += [f"*{escape(section.note)}*", ""]
        heading = None
        for block in section.blocks:
            if block.heading and block.heading != heading:
                lines += [f"### {escape(block.heading)}", ""]
                heading = block.heading
            prefix = "- " if section.bulleted else ""
            lines.append(prefix + _block(block))
            if not section.bulleted:
                lines.append("")
        if section.bulleted:
            lines.append("")
    lines += [f"## {SOURCES_HEADING}", ""]
    for c in briefing.citations:
        quote = briefing.quote_to_show(c)
        shown = f": “{escape(quote)}”" if quote else ""
        lines.append(f"- **[{c.id}]** {escape(where(c))}{shown}")
    lines.append("")
    return "\n".join(lines)
