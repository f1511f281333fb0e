"""A briefing as a Word document: real headings, bullets, and ``[n]`` markers that link to the
numbered Sources entries (internal hyperlinks to bookmarks)."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from civassist.briefing.model import (
    SOURCES_HEADING,
    Briefing,
    BriefingBlock,
    byline,
    split_marks,
    where,
)

LINK_COLOUR = "1F4E79"


def _bookmark_name(citation_id: int) -> str:
    return f"source_{citation_id}"


def _link(paragraph: Any, text: str, anchor: str) -> None:
    """Append ``text`` as an internal hyperlink to the bookmark ``anchor``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), LINK_COLOUR)
    props.append(colour)
    run.append(props)
    node = OxmlElement("w:t")
    node.text = text
    node.set(qn("xml:space"), "preserve")
    run.append(node)
    link.append(run)
    paragraph._p.append(link)


def _bookmark(paragraph: Any, name: str, number: int) -> None:
    """Wrap the paragraph's content in a bookmark called ``name``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    runs = paragraph._p.r_lst
    if runs:
        runs[0].addprevious(start)
    else:
        paragraph._p.append(start)
    paragraph._p.append(end)


def _write_block(paragraph: Any, block: BriefingBlock) -> None:
    if block.label:
        paragraph.add_run(f"{block.label}: ").bold = True
    for position, sentence in enumerate(block.sentences):
        body, ids, tail = split_marks(sentence)
        paragraph.add_run(("" if position == 0 else " ") + body + (" " if ids else ""))
        for n in ids:
            _link(paragraph, f"[{n}]", _bookmark_name(n))
        if tail:
            paragraph.add_run(tail)


def to_docx(briefing: Briefing) -> bytes:
    """The briefing as .docx bytes."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = briefing.title
    doc.core_properties.subject = briefing.topic
    doc.core_properties.author = "civassist"
    doc.core_properties.created = datetime.fromisoformat(briefing.date)
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.add_heading(briefing.title, level=0)
    meta = doc.add_paragraph()
    meta.add_run(byline(briefing)).italic = True
    if briefing.notice:
        note = doc.add_paragraph()
        note.add_run("Note: ").bold = True
        note.add_run(briefing.notice)
    if briefing.abstained:
        if briefing.nearest:
            doc.add_paragraph("The nearest sections of the sources are:")
            for place in briefing.nearest:
                doc.add_paragraph(place, style="List Bullet")
        return _save(doc)
    for section in briefing.sections:
        doc.add_heading(section.heading, level=1)
        if section.note:
            doc.add_paragraph().add_run(section.note).italic = True
        heading = None
        for block in section.blocks:
            if block.heading and block.heading != heading:
                doc.add_heading(block.heading, level=2)
                heading = block.heading
            style = "List Bullet" if section.bulleted else None
            _write_block(doc.add_paragraph(style=style), block)
    doc.add_heading(SOURCES_HEADING, level=1)
    for c in briefing.citations:
        entry = doc.add_paragraph()
        entry.paragraph_format.left_indent = Pt(22)
        entry.paragraph_format.first_line_indent = Pt(-22)
        entry.add_run(f"[{c.id}]\t").bold = True
        entry.add_run(where(c))
        quote = briefing.quote_to_show(c)
        if quote:
            entry.add_run(f": “{quote}”").italic = True
        _bookmark(entry, _bookmark_name(c.id), c.id)
    return _save(doc)


def _save(doc: Any) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
