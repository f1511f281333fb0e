"""Briefing exports read back (Markdown, python-docx, pypdf, JSON), atomic writes, and the
`civassist brief` command through click's runner."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from civassist.briefing import Briefing, BriefingBlock, BriefingSection
from civassist.briefing.model import SECTIONS, SOURCES_HEADING
from civassist.cli import main
from civassist.errors import InputError
from civassist.export import pdf as pdf_export
from civassist.export import render_briefing, write_atomically
from civassist.settings import Settings
from civassist.types import AnswerSentence, Citation

UNICODE = ("›", "–", "“", "”", "’", "é", "ó")


def _files(folder: Path) -> list[str]:
    """What a test wrote into ``folder``, beside the test's own civassist home."""
    return [name for name in os.listdir(folder) if name != "home"]


def _citation(n: int, quote: str, section: str) -> Citation:
    passage = f"{section}\n\nBefore. {quote} After."
    return Citation(n, "cases/sela.md", "SELA", section, passage, quote, 100 * n, 100 * n + 9)


def _sample() -> Briefing:
    """A small briefing with every structure and the awkward characters of the knowledge files."""
    q = [
        "SELA’s Permanent Secretariat is in Caracas, Venezuela.",
        "SELA is the Sistema Económico Latinoamericano y del Caribe – “SELA”.",
        "The Panama Convention was concluded on 17 October 1975.",
        "SELA promotes regional economic policy coordination.",
        "It is recommended to strengthen exchanges at the civil society level.",
        "No SELA source reviewed mentions cultural festivals.",
    ]
    cites = [_citation(i + 1, text, f"Section {i + 1} › Part") for i, text in enumerate(q)]

    def block(i: int, label: str | None = None, heading: str | None = None) -> BriefingBlock:
        return BriefingBlock((AnswerSentence(q[i], (i + 1,)),), label, heading)

    sections = [
        BriefingSection("bottom_line", "Bottom line", (block(0),)),
        BriefingSection("key_points", "Key points", (block(1), block(2)), bulleted=True),
        BriefingSection(
            "cases",
            "Relevant cases",
            (
                block(3, "The paper’s view", "SELA (Latin American and Caribbean Economic System)"),
                BriefingBlock(
                    (AnswerSentence("Panama was the venue.", (3,)),),
                    "The record (as of 2024-12)",
                    "SELA (Latin American and Caribbean Economic System)",
                ),
            ),
        ),
        BriefingSection(
            "recommendations", "Recommendations", (block(4, "Promote a Network"),), True
        ),
        BriefingSection("caveats", "Caveats and counterpoints", (block(5, "SELA"),), True),
    ]
    return Briefing(
        topic="SELA — “cultural” claims, résumé",
        title="Briefing: SELA — “cultural” claims, résumé",
        date="2025-01-02",
        length="standard",
        sections=sections,
        citations=cites,
        abstained=False,
        generator="extractive",
        notice="The sources do not mention Atlantis.",
    )


def _abstained() -> Briefing:
    return Briefing(
        topic="Arctic shipping routes",
        title="Briefing: Arctic shipping routes",
        date="2025-01-02",
        length="standard",
        sections=[],
        citations=[],
        abstained=True,
        generator="extractive",
        notice="The sources do not cover this topic.",
        nearest=["cases/aiib.md › Membership", "paper.md › Conclusion"],
    )


def _headings() -> list[str]:
    return [heading for _, heading in SECTIONS] + [SOURCES_HEADING]


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _docx_text(data: bytes) -> tuple[str, list[tuple[str, str]]]:
    from docx import Document

    doc = Document(io.BytesIO(data))
    paragraphs = [(p.style.name if p.style else "", p.text) for p in doc.paragraphs]
    return "\n".join(text for _, text in paragraphs), paragraphs


# -- each format read back ----------------------------------------------------------------


def test_markdown_has_every_section_and_citation() -> None:
    text = render_briefing(_sample(), "md").decode("utf-8")
    assert text.startswith("# Briefing: SELA — “cultural” claims, résumé\n")
    for heading in _headings():
        assert f"\n## {heading}\n" in text
    assert "\n### SELA (Latin American and Caribbean Economic System)\n" in text
    body, sources = text.split(f"## {SOURCES_HEADING}")
    for n in range(1, 7):
        assert f"[{n}]" in body and f"**[{n}]** cases/sela.md › Section {n} › Part" in sources
    assert "SELA’s Permanent Secretariat is in Caracas, Venezuela [1]." in body
    assert "- **The paper’s view:**" not in body  # a case paragraph, not a bullet
    assert "**The paper’s view:** SELA promotes" in body
    assert "> **Note:** The sources do not mention Atlantis." in text
    # the quote is printed only where the sentence is not the quote itself
    assert "“Panama was the venue.”" not in sources
    assert "[3]** cases/sela.md › Section 3 › Part: “The Panama Convention" in sources


def test_json_is_the_to_dict_contract() -> None:
    data = json.loads(render_briefing(_sample(), "json"))
    assert data == json.loads(json.dumps(_sample().to_dict()))
    assert [s["key"] for s in data["sections"]] == [key for key, _ in SECTIONS]
    assert data["sections"][0]["blocks"][0]["text"].endswith("Venezuela [1].")
    assert data["citations"][1]["quote"].startswith("SELA is the Sistema Económico")


def test_docx_has_real_headings_and_linked_citation_numbers() -> None:
    data = render_briefing(_sample(), "docx")
    text, paragraphs = _docx_text(data)
    assert ("Title", "Briefing: SELA — “cultural” claims, résumé") in paragraphs
    h1 = [t for style, t in paragraphs if style == "Heading 1"]
    assert h1 == _headings()
    assert [t for style, t in paragraphs if style == "Heading 2"] == [
        "SELA (Latin American and Caribbean Economic System)"
    ]
    bullets = [t for style, t in paragraphs if style == "List Bullet"]
    assert len(bullets) == 4 and bullets[0].endswith("“SELA” [2].")
    for n in range(1, 7):
        assert f"[{n}]" in text
    assert "SELA’s Permanent Secretariat is in Caracas, Venezuela [1]." in text
    from docx import Document

    body = Document(io.BytesIO(data)).element.body
    anchors = {
        link.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}anchor")
        for link in body.iter(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}hyperlink"
        )
    }
    names = {
        mark.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}name")
        for mark in body.iter(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bookmarkStart"
        )
    }
    assert anchors == {f"source_{n}" for n in range(1, 7)} and anchors <= names


def test_pdf_has_headings_citations_links_and_unicode() -> None:
    from pypdf import PdfReader

    data = render_briefing(_sample(), "pdf")
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    for heading in _headings():
        assert heading in text
    for n in range(1, 7):
        assert f"[{n}]" in text
    for ch in UNICODE:
        assert ch in text, ch
    reader = PdfReader(io.BytesIO(data))
    assert [o.title for o in reader.outline[:1]] == ["Briefing: SELA — “cultural” claims, résumé"]
    links = [
        a.get_object()
        for page in reader.pages
        for a in page.get("/Annots", [])
        if a.get_object().get("/Subtype") == "/Link"
    ]
    assert len(links) >= 7  # one per [n] in the text; they jump to named destinations
    assert reader.metadata is not None and reader.metadata.title == _sample().title


def test_pdf_without_dejavu_folds_to_latin1_instead_of_black_boxes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf_export, "FONT_DIRS", ())
    text = _pdf_text(render_briefing(_sample(), "pdf"))
    assert "Bottom line" in text and "[6]" in text
    assert "Económico" in text and "Section 1 > Part" in text and '"SELA"' in text


def test_abstained_briefing_in_every_format() -> None:
    briefing = _abstained()
    md = render_briefing(briefing, "md").decode()
    assert "The sources do not cover this topic." in md and "- cases/aiib.md › Membership" in md
    assert "## Bottom line" not in md
    assert "cases/aiib.md › Membership" in _docx_text(render_briefing(briefing, "docx"))[0]
    assert "The sources do not cover this topic." in _pdf_text(render_briefing(briefing, "pdf"))
    assert json.loads(render_briefing(briefing, "json"))["abstained"] is True


def test_unknown_format_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown briefing format 'html'"):
        render_briefing(_sample(), "html")


# -- atomic writes --------------------------------------------------------------------------


def test_write_atomically_replaces_whole(tmp_path: Path) -> None:
    target = tmp_path / "briefing.md"
    target.write_bytes(b"old")
    write_atomically(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert _files(tmp_path) == ["briefing.md"]
    assert target.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize(
    "where", ["missing-folder/briefing.pdf", "a-file.txt/briefing.pdf", "a-folder"]
)
def test_unwritable_path_is_a_clear_error_and_leaves_no_file(tmp_path: Path, where: str) -> None:
    (tmp_path / "a-file.txt").write_text("x")
    (tmp_path / "a-folder").mkdir()
    before = sorted(_files(tmp_path))
    target = tmp_path / where
    with pytest.raises(InputError, match=re.escape(str(target))):
        write_atomically(target, b"%PDF-1.4")
    assert sorted(_files(tmp_path)) == before
    assert (tmp_path / "a-file.txt").read_text() == "x"


def test_a_failed_write_removes_its_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(InputError, match="No space left on device"):
        write_atomically(tmp_path / "briefing.docx", b"data")
    assert _files(tmp_path) == []


# -- the CLI ------------------------------------------------------------------------------


@pytest.fixture
def runner(indexed_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("CIVASSIST_HOME", str(indexed_settings.home))
    return CliRunner()


@pytest.mark.e2e
def test_cli_markdown_to_stdout(runner: CliRunner) -> None:
    result = runner.invoke(main, ["brief", "Brief me on the AIIB", "--length", "short"])
    assert result.exit_code == 0, result.output
    for heading in _headings():
        assert f"## {heading}" in result.stdout
    body, sources = result.stdout.split(f"## {SOURCES_HEADING}")
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    assert numbers == set(range(1, max(numbers) + 1))
    assert all(f"**[{n}]**" in sources for n in numbers)


@pytest.mark.e2e
def test_cli_json(runner: CliRunner) -> None:
    result = runner.invoke(main, ["brief", "AGRA", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["abstained"] is False and data["title"] == "Briefing: AGRA"
    assert [s["key"] for s in data["sections"]] == [key for key, _ in SECTIONS]


@pytest.mark.e2e
@pytest.mark.parametrize("fmt", ["md", "docx", "pdf", "json"])
def test_cli_writes_each_format(runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"briefing.{fmt}"
    result = runner.invoke(main, ["brief", "The AIIB", "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"briefing written to {out}" in result.stderr
    data = out.read_bytes()
    if fmt == "pdf":
        text = _pdf_text(data)
    elif fmt == "docx":
        text = _docx_text(data)[0]
    else:
        text = data.decode("utf-8")
    for heading in _headings() if fmt != "json" else ["Bottom line", "Caveats and counterpoints"]:
        assert heading in text
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
    if fmt == "json":
        numbers = {c["id"] for c in json.loads(text)["citations"]}
    assert numbers and numbers == set(range(1, max(numbers) + 1))
    assert _files(tmp_path) == [out.name]


@pytest.mark.e2e
def test_cli_errors(runner: CliRunner, tmp_path: Path) -> None:
    no_output = runner.invoke(main, ["brief", "AIIB", "--format", "pdf"])
    assert no_output.exit_code == 2 and "needs an output file" in no_output.stderr
    empty = runner.invoke(main, ["brief", "  "])
    assert empty.exit_code == 2 and "error: the briefing topic is empty" in empty.stderr
    huge = runner.invoke(main, ["brief", "x" * 20_000])
    assert huge.exit_code == 2 and "the limit is 2,000" in huge.stderr
    target = tmp_path / "nowhere" / "b.pdf"
    unwritable = runner.invoke(main, ["brief", "AIIB", "--format", "pdf", "-o", str(target)])
    assert unwritable.exit_code == 2
    assert f"error: cannot write the briefing to {target}" in unwritable.stderr
    assert "Traceback" not in unwritable.output and not target.parent.exists()


@pytest.mark.e2e
def test_cli_out_of_scope(runner: CliRunner) -> None:
    result = runner.invoke(main, ["brief", "Brief me on Arctic shipping routes"])
    assert result.exit_code == 0, result.output
    assert "The sources do not cover this topic." in result.stdout
    assert "The nearest sections of the sources are:" in result.stdout
