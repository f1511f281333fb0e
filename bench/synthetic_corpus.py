"""A reproducible synthetic corpus made from the knowledge files, for scale benchmarks.

Sentences of the knowledge files are shuffled and perturbed (numbers changed, words swapped,
connectives added) and laid out under headings: one section per chunk (~110-170 tokens, under
the 200-token chunk budget), ``per_file`` sections per Markdown file. The same seed and size give
byte-identical files, so runs on different days and branches are comparable.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from civassist.corpus.sentences import split_sentences

SEED = 20261202
SECTION_CHARS = 620  # ~150 cl100k tokens: one chunk per section
CONNECTIVES = (
    "In this context, ", "Notably, ", "By contrast, ", "According to later reports, ",
    "In practice, ", "As a rule, ", "For the period under review, ", "In several regions, ",
)  # fmt: skip
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class SyntheticCorpus:
    folder: Path
    files: list[Path]
    sections: int
    seed: int


def knowledge_material(knowledge: Path) -> tuple[list[str], list[str]]:
    """The prose sentences and the headings of the knowledge files, in a fixed order."""
    sentences: list[str] = []
    headings: list[str] = []
    for path in sorted(knowledge.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):  # front matter
            text = text.split("---", 2)[-1]
        for block in text.split("\n\n"):
            block = block.strip()
            if block.startswith("#"):
                headings.append(block.lstrip("#").strip())
            elif block and not block.startswith(("|", "-", "*", ">")):
                sentences.extend(s for s in split_sentences(block) if 40 <= len(s) <= 400)
    return sentences, headings


def perturb(sentence: str, rng: random.Random) -> str:
    """A plausible variant of ``sentence``: same vocabulary, different details."""
    if rng.random() < 0.5:
        sentence = _NUMBER.sub(lambda m: str(rng.randint(1, 10 ** len(m.group()))), sentence)
    words = sentence.split()
    if len(words) > 6 and rng.random() < 0.4:
        i = rng.randrange(1, len(words) - 2)
        words[i], words[i + 1] = words[i + 1], words[i]
    if len(words) > 12 and rng.random() < 0.3:
        del words[rng.randrange(2, len(words) - 2)]
    sentence = " ".join(words)
    if rng.random() < 0.35:
        lower = sentence[:2].istitle()  # "The ..." → "the ...", but "AGRA ..." stays
        sentence = (
            rng.choice(CONNECTIVES) + (sentence[0].lower() if lower else sentence[0]) + sentence[1:]
        )
    return sentence


def _section(rng: random.Random, sentences: list[str]) -> str:
    body: list[str] = []
    while sum(len(s) + 1 for s in body) < SECTION_CHARS - 150:
        body.append(perturb(rng.choice(sentences), rng))
    text = " ".join(body)
    return (
        text if len(text) <= SECTION_CHARS + 200 else text[: SECTION_CHARS + 200].rsplit(" ", 1)[0]
    )


def build(
    knowledge: Path, folder: Path, sections: int, per_file: int = 100, seed: int = SEED
) -> SyntheticCorpus:
    """Write ``sections`` sections (about as many chunks) into ``folder``."""
    sentences, headings = knowledge_material(knowledge)
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    for number, first in enumerate(range(0, sections, per_file)):
        count = min(per_file, sections - first)
        lines = [f"# Dossier {number:05d}: {rng.choice(headings)}", ""]
        for s in range(count):
            lines += [
                f"## {number}.{s + 1} {rng.choice(headings)}",
                "",
                _section(rng, sentences),
                "",
            ]
        path = folder / f"dossier-{number:05d}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        files.append(path)
    return SyntheticCorpus(folder, files, sections, seed)


def edit_one_file(path: Path, rng: random.Random) -> None:
    """Change one sentence in one section of ``path``, as an author would."""
    lines = path.read_text(encoding="utf-8").split("\n")
    prose = [i for i, line in enumerate(lines) if line and not line.startswith("#")]
    i = prose[len(prose) // 2]
    lines[i] = lines[i] + f" This paragraph was revised on day {rng.randint(1, 365)}."
    path.write_text("\n".join(lines), encoding="utf-8")
