"""Loading each format into a document; clear errors for bad files."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from civassist.corpus.binary_formats import MAX_DOCX_MEMBERS, MAX_PDF_PAGES
from civassist.corpus.loaders import load_document
from civassist.errors import KnowledgeError

from . import hostile_files
from .conftest import KNOWLEDGE

LIMIT = 1_000_000


def _headings(doc) -> list[str]:  # type: ignore[no-untyped-def]
    return [b.label or doc.text[b.start : b.end] for b in doc.blocks if b.is_heading]


def test_markdown_front_matter_title_and_offsets(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        '---\ntitle: "A Note"\nas_of: "2026-01-16"\n---\n# A Note\n\nFirst para\ncontinues.\n\n'
        "## Part one\n\n- item one\n- item two\n\nClosing.\n",
        encoding="utf-8",
    )
    doc = load_document(path, "note.md", LIMIT)
    assert doc.title == "A Note"
    assert doc.meta["as_of"] == "2026-01-16"
    assert doc.text == path.read_text(encoding="utf-8")
    assert _headings(doc) == ["A Note", "Part one"]
    paragraphs = [doc.text[b.start : b.end] for b in doc.blocks if not b.is_heading]
    assert paragraphs == ["First para\ncontinues.", "- item one", "- item two", "Closing."]


def test_markdown_crlf_offsets_match_read_text(tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    path.write_bytes(b"# T\r\n\r\nLine one.\r\nLine two.\r\n")
    doc = load_document(path, "crlf.md", LIMIT)
    text = path.read_text(encoding="utf-8")
    assert doc.text == text
    block = next(b for b in doc.blocks if not b.is_heading)
    assert text[block.start : block.end] == "Line one.\nLine two."


def test_the_paper_keeps_its_heading_hierarchy() -> None:
    doc = load_document(KNOWLEDGE / "paper.md", "paper.md", LIMIT)
    headings = [(b.level, doc.text[b.start : b.end]) for b in doc.blocks if b.is_heading]
    assert headings[0] == (
        1,
        "The Global Civilization Initiative and a New Model of South-South Cooperation",
    )
    assert (2, "Introduction") in headings and (2, "Conclusion") in headings
    assert (2, "II. The Evolution and Challenges of South-South Cooperation") in headings
    assert (3, "2. Major Challenges") in headings
    assert sum(1 for level, _ in headings if level == 2) == 8  # Introduction, I-VI, Conclusion


def test_the_paper_wording_is_unchanged() -> None:
    """Every line of the original paper (tests/data/paper.txt) is a line of knowledge/paper.md."""
    original = Path(__file__).parent / "data" / "paper.txt"
    text = (KNOWLEDGE / "paper.md").read_text(encoding="utf-8")
    lines = {line.lstrip("#").strip() for line in text.splitlines()}
    paper_lines = [
        line for line in original.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    assert len(paper_lines) == 72
    missing = [line for line in paper_lines if line not in lines]
    assert not missing


def test_plain_text_headings(tmp_path: Path) -> None:
    path = tmp_path / "paper.txt"
    path.write_text("Introduction\nSome text here.\nI. First Part\n1. A Sub Part\nBody text.\n")
    doc = load_document(path, "paper.txt", LIMIT)
    assert [(b.level, doc.text[b.start : b.end]) for b in doc.blocks if b.is_heading] == [
        (1, "Introduction"),
        (1, "I. First Part"),
        (2, "1. A Sub Part"),
    ]


def test_html_drops_scripts_and_keeps_headings(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Page T</title><script>alert(1)</script></head><body>"
        "<h1>Top</h1><p>First &amp; foremost.</p><style>p{}</style><h2>Sub</h2><p>Second.</p>"
        "</body></html>"
    )
    doc = load_document(path, "page.html", LIMIT)
    assert doc.title == "Page T"
    assert "alert" not in doc.text and "p{}" not in doc.text
    assert "First & foremost." in doc.text
    assert _headings(doc) == ["Top", "Sub"]
    for block in doc.blocks:
        assert doc.text[block.start : block.end].strip()


def test_docx_headings_and_title(tmp_path: Path) -> None:
    import docx

    word = docx.Document()
    word.add_heading("Docx Title", level=0)
    word.add_heading("Section A", level=1)
    word.add_paragraph("Alpha paragraph.")
    word.add_heading("Section B", level=2)
    word.add_paragraph("Beta paragraph.")
    path = tmp_path / "brief.docx"
    word.save(str(path))
    doc = load_document(path, "brief.docx", LIMIT)
    assert doc.title == "Docx Title"
    assert _headings(doc) == ["Docx Title", "Section A", "Section B"]
    assert "Beta paragraph." in doc.text


def _pdf(path: Path, lines: list[str] | None) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    if lines is None:
        pdf.rect(100, 100, 200, 200, fill=1)  # an image-only page: no text layer
    else:
        y = 800
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 16
    pdf.showPage()
    pdf.save()


def test_pdf_text_and_pages(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    _pdf(path, ["South-South cooperation report.", "", "Second paragraph here."])
    doc = load_document(path, "report.pdf", LIMIT)
    assert "South-South cooperation report." in doc.text
    assert [b.label for b in doc.blocks if b.is_heading] == ["Page 1"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.md", b"", "empty"),
        ("blank.md", b"  \n\n  ", "empty"),
        ("latin1.md", "Caf\xe9 cr\xe8me".encode("latin-1"), "not valid UTF-8"),
        ("binary.md", bytes(range(256)) * 4, "binary data"),
        ("big.md", b"word " * 1_100_000, "over the limit"),
        ("headings.md", b"# Only\n## Headings\n", "no text"),
        ("broken.pdf", b"%PDF-1.4 garbage", "not a readable PDF"),
        ("broken.docx", b"PK\x03\x04 not a zip", "not a readable DOCX"),
        ("bad.yaml.md", b"---\ntitle: [unclosed\n---\nText.\n", "front matter"),
    ],
)
def test_bad_files_get_clear_reasons(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(KnowledgeError) as caught:
        load_document(path, name, LIMIT)
    assert reason in str(caught.value)
    assert str(caught.value).startswith(name)


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    _pdf(path, None)
    with pytest.raises(KnowledgeError, match="no text layer"):
        load_document(path, "scan.pdf", LIMIT)


def test_unreadable_paths(tmp_path: Path) -> None:
    link = tmp_path / "gone.md"
    link.symlink_to(tmp_path / "missing-target.md")
    with pytest.raises(KnowledgeError, match="not found"):
        load_document(link, "gone.md", LIMIT)
    folder = tmp_path / "dir.md"
    folder.mkdir()
    with pytest.raises(KnowledgeError, match="directory"):
        load_document(folder, "dir.md", LIMIT)


# Archive and page bounds for the packed formats (issue 12): a hostile DOCX or PDF is refused
# with its own one-line reason, fast; real documents near the limits still load.


def _load_bytes(tmp_path: Path, name: str, data: bytes, limit: int = LIMIT):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(data)
    return load_document(path, name, limit)


@pytest.mark.parametrize(
    ("build", "reason"),
    [
        (lambda: hostile_files.docx_zip_bomb(40), "inflates"),
        (lambda: hostile_files.docx_many_members(MAX_DOCX_MEMBERS + 1), "members, over the limit"),
        (
            lambda: hostile_files.docx_declaring("word/document.xml", 3_000_000_000),
            "DOCX member 'word/document.xml' inflates",
        ),
        # a member that inflates past what it declares is cut at the declared size (bad CRC)
        (lambda: hostile_files.docx_declaring("word/document.xml", 100), "Bad CRC-32"),
    ],
    ids=["zip-bomb", "too-many-members", "declared-huge", "declared-short"],
)
def test_hostile_docx_is_refused_fast(tmp_path: Path, build: Any, reason: str) -> None:
    data = build()
    started = time.monotonic()
    with pytest.raises(KnowledgeError) as caught:
        _load_bytes(tmp_path, "hostile.docx", data)
    assert time.monotonic() - started < 2.0
    assert reason in str(caught.value), caught.value
    assert "\n" not in str(caught.value)


def test_docx_declared_total_counts_every_member(tmp_path: Path) -> None:
    """Members spared the ratio test (under 1 MB each) still add up to the total limit."""
    ok = hostile_files.docx_with({f"word/media/p{n}.bin": bytes(900_000) for n in range(3)})
    assert "Hostile Packages" in _load_bytes(tmp_path, "ok.docx", ok).text
    with pytest.raises(KnowledgeError, match="uncompressed, over the limit"):
        _load_bytes(
            tmp_path,
            "many.docx",
            hostile_files.docx_with({f"word/media/p{n}.bin": bytes(900_000) for n in range(230)}),
        )


def test_docx_members_count_read_before_the_directory(tmp_path: Path) -> None:
    from civassist.corpus.binary_formats import _declared_members

    data = hostile_files.docx_many_members(50)
    assert _declared_members(data) == len(zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert _declared_members(b"not a zip") is None


def test_real_docx_with_a_large_photo_loads(tmp_path: Path) -> None:
    """Incompressible media (a 20 MB photo) and a long text are what real documents carry."""
    text = " ".join(f"word{n}" for n in range(20_000))
    data = hostile_files.docx_with(
        {"word/media/image1.jpeg": os.urandom(20_000_000)},
        base=hostile_files.real_docx(text),
    )
    doc = _load_bytes(tmp_path, "photo.docx", data)
    assert "word19999" in doc.text and doc.title == "Hostile Packages"


def test_docx_text_is_bounded_while_extracting(tmp_path: Path) -> None:
    data = hostile_files.real_docx(*(f"Paragraph {n} of the zebu memo." for n in range(400)))
    with pytest.raises(KnowledgeError, match="over the limit of 2,000 characters"):
        _load_bytes(tmp_path, "long.docx", data, limit=2_000)


def test_pdf_with_too_many_pages_is_refused_before_extraction(tmp_path: Path) -> None:
    data = hostile_files.pdf_blank_pages(MAX_PDF_PAGES + 1)
    started = time.monotonic()
    with pytest.raises(KnowledgeError, match=f"{MAX_PDF_PAGES + 1:,} pages, over the limit"):
        _load_bytes(tmp_path, "pages.pdf", data)
    assert time.monotonic() - started < 5.0


def test_pdf_text_is_bounded_while_extracting(tmp_path: Path) -> None:
    data = hostile_files.pdf_text_pages(6)
    doc = _load_bytes(tmp_path, "six.pdf", data)
    assert [b.label for b in doc.blocks if b.is_heading][-1] == "Page 6"
    with pytest.raises(KnowledgeError, match=r"over the limit of 2,000 characters by page 2\b"):
        _load_bytes(tmp_path, "six.pdf", data, limit=2_000)


def test_pdf_time_budget_stops_extraction(tmp_path: Path) -> None:
    from civassist.corpus.binary_formats import load_pdf

    with pytest.raises(KnowledgeError, match=r"took over 0 s.*\(stopped at page 1\)"):
        load_pdf(hostile_files.pdf_text_pages(2), "slow.pdf", LIMIT, seconds=0)


def test_pdf_flate_bomb_is_refused(tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(KnowledgeError, match="safety limit"):
        _load_bytes(tmp_path, "bomb.pdf", hostile_files.pdf_flate_bomb())
    assert time.monotonic() - started < 5.0
