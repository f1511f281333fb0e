"""A briefing as a PDF (reportlab): real headings in the outline, ``[n]`` markers that jump to the
numbered Sources list, page numbers, and a Unicode font.

The knowledge files hold "›", "–", curly quotes and accented names. DejaVu Sans (Debian's
fonts-dejavu-core) draws them all; without it, the text is folded to Latin-1 and set in
Helvetica, so nothing shows as a black box.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from civassist.briefing.model import (
    SOURCES_HEADING,
    Briefing,
    BriefingBlock,
    byline,
    split_marks,
    where,
)

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts/dejavu"),
)
_FACES = {
    "DejaVuSans": "DejaVuSans.ttf",
    "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique": "DejaVuSans-BoldOblique.ttf",
}
_LATIN1 = str.maketrans(
    {"›": ">", "‹": "<", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."}
)
LINK_COLOUR = "#1F4E79"


@dataclass(frozen=True)
class _Fonts:
    regular: str
    bold: str
    italic: str
    fold: Callable[[str], str]  # makes text drawable in these fonts


def _latin1(text: str) -> str:
    text = text.translate(_LATIN1)
    if all(ord(ch) < 256 for ch in text):
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(
        ch if ord(ch) < 256 else "?" for ch in decomposed if not unicodedata.combining(ch)
    )


def _fonts() -> _Fonts:
    """DejaVu Sans when installed (registered once), else Helvetica with Latin-1 text."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = next((d for d in FONT_DIRS if all((d / f).is_file() for f in _FACES.values())), None)
    if folder is None:
        return _Fonts("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", _latin1)
    if not set(_FACES) <= set(pdfmetrics.getRegisteredFontNames()):
        for name, file in _FACES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))
        pdfmetrics.registerFontFamily(
            "DejaVuSans",
            normal="DejaVuSans",
            bold="DejaVuSans-Bold",
            italic="DejaVuSans-Oblique",
            boldItalic="DejaVuSans-BoldOblique",
        )
    return _Fonts("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", lambda t: t)


def _styles(fonts: _Fonts) -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    accent = colors.HexColor(LINK_COLOUR)
    body = ParagraphStyle(
        "body",
        fontName=fonts.regular,
        fontSize=10,
        leading=14,
        textColor=colors.HexColor("#1A1A1A"),
        spaceAfter=6,
    )

    def like_body(name: str, **changes: Any) -> Any:
        return ParagraphStyle(name, parent=body, **changes)

    return {
        "body": body,
        "title": like_body(
            "title", fontName=fonts.bold, fontSize=18, leading=22, spaceAfter=4, textColor=accent
        ),
        "meta": like_body(
            "meta", fontName=fonts.italic, fontSize=9, textColor=colors.grey, spaceAfter=10
        ),
        "h1": like_body(
            "h1",
            fontName=fonts.bold,
            fontSize=13,
            leading=16,
            spaceBefore=10,
            spaceAfter=5,
            textColor=accent,
            keepWithNext=1,
        ),
        "h2": like_body(
            "h2",
            fontName=fonts.bold,
            fontSize=11,
            leading=14,
            spaceBefore=4,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "bullet": like_body("bullet", leftIndent=14, bulletIndent=3, spaceAfter=4),
        "note": like_body("note", fontName=fonts.italic, textColor=colors.grey),
        "source": like_body(
            "source", fontSize=8.5, leading=11, leftIndent=22, firstLineIndent=-22, spaceAfter=4
        ),
    }


def _anchor(citation_id: int) -> str:
    return f"source-{citation_id}"


def _markup(block: BriefingBlock, fold: Callable[[str], str]) -> str:
    """The block as reportlab paragraph markup, each ``[n]`` a link to its Sources entry."""
    pieces = []
    for sentence in block.sentences:
        body, ids, tail = split_marks(sentence)
        links = "".join(f'<a href="#{_anchor(n)}" color="{LINK_COLOUR}">[{n}]</a>' for n in ids)
        text = escape(fold(body))
        pieces.append(f"{text} {links}{escape(fold(tail))}" if links else text)
    text = " ".join(pieces)
    return f"<b>{escape(fold(block.label))}:</b> {text}" if block.label else text


def to_pdf(briefing: Briefing) -> bytes:
    """The briefing as PDF bytes (A4)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    fonts = _fonts()
    fold = fonts.fold
    styles = _styles(fonts)
    story: list[Any] = []

    def para(text: str, style: str, bullet: bool = False) -> None:
        story.append(Paragraph(text, styles[style], bulletText="•" if bullet else None))

    def heading(text: str, style: str, level: int) -> None:
        flowable = Paragraph(escape(fold(text)), styles[style])
        flowable._outline = (fold(text), level)  # read by _outline_entry after layout
        story.append(flowable)

    heading(briefing.title, "title", 0)
    para(escape(fold(byline(briefing))), "meta")
    if briefing.notice:
        para(f"<b>Note:</b> {escape(fold(briefing.notice))}", "body")
    if briefing.abstained:
        if briefing.nearest:
            para("The nearest sections of the sources are:", "body")
            for place in briefing.nearest:
                para(escape(fold(place)), "bullet", bullet=True)
    else:
        for section in briefing.sections:
            heading(section.heading, "h1", 1)
            if section.note:
                para(escape(fold(section.note)), "note")
            current = None
            for block in section.blocks:
                if block.heading and block.heading != current:
                    heading(block.heading, "h2", 2)
                    current = block.heading
                para(
                    _markup(block, fold), "bullet" if section.bulleted else "body", section.bulleted
                )
        heading(SOURCES_HEADING, "h1", 1)
        for c in briefing.citations:
            quote = briefing.quote_to_show(c)
            shown = f": <i>{escape(fold(f'“{quote}”'))}</i>" if quote else ""
            para(
                f'<a name="{_anchor(c.id)}"/><b>[{c.id}]</b> {escape(fold(where(c)))}{shown}',
                "source",
            )

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(fonts.regular, 8)
        canvas.setFillGray(0.45)
        canvas.drawString(doc.leftMargin, 10 * mm, fold(_shortened(briefing.title, 90)))
        canvas.drawRightString(A4[0] - doc.rightMargin, 10 * mm, f"{doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=fold(briefing.title),
        author="civassist",
        subject=fold(briefing.topic),
    )
    doc.afterFlowable = lambda flowable: _outline_entry(doc, flowable)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _shortened(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:—–-") + "…"


def _outline_entry(doc: Any, flowable: Any) -> None:
    """Headings become entries of the PDF's outline (the reader's bookmarks pane)."""
    entry = getattr(flowable, "_outline", None)
    if entry is None:
        return
    text, level = entry
    key = f"heading-{id(flowable)}"
    doc.canv.bookmarkPage(key)
    doc.canv.addOutlineEntry(text, key, level=level, closed=False)
