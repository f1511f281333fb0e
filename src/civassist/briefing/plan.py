"""How widely a briefing gathers evidence and how much it writes, with the measured defaults.

The defaults were chosen with ``bench/briefing_eval.py`` on ``evals/briefings.jsonl``; the
figures behind them are in ``docs/briefings.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Budget:
    """How many sentences each section may take, for one briefing length."""

    bottom_line: int
    key_points: int
    subsections: int  # at most this many subsections of the sections read whole
    case_view: int  # sentences of the paper's view, per case
    case_facts: int  # dated facts from the case file, per case
    recommendations: int
    caveats: int
    caveats_per_source: int


LENGTHS: Mapping[str, Budget] = {
    "short": Budget(2, 3, 4, 1, 1, 2, 2, 1),
    # six caveats, two per document: blind dev briefings 0.874 -> 0.878 (four); the test split,
    # never tuned on, 0.918 either way (docs/measurements.md "Eighth pass")
    "standard": Budget(3, 7, 8, 1, 2, 4, 6, 2),
}

# Sub-questions per aspect: retrieval queries (not model prompts); {s} is the subject, {case} a
# case's short name. The first of each is the one used when sub-questions are switched off.
ASPECT_QUESTIONS: Mapping[str, tuple[str, ...]] = {
    "bottom_line": ("{s}", "What is the main argument about {s}?"),
    "key_points": (
        "{s}",
        "What are the key facts about {s}?",
        "What challenges, results and proposals concern {s}?",
    ),
    "case_view": ("{case} {s}", "How does the paper present {case}?"),
    "case_facts": ("{case} {s}", "When was {case} founded, and who funds, leads and joins it?"),
    "recommendations": ("{s}", "What does the paper recommend on {s}?"),
    "caveats": ("{s}", "Where do the case materials qualify the paper on {s}?"),
}


@dataclass(frozen=True)
class BriefingPlan:
    """The evidence-gathering settings of a briefing."""

    passages_per_aspect: int = 8  # passages retrieved for each aspect's query
    sub_questions: bool = False  # paraphrased sub-questions per aspect (measured: no gain)
    # read the sections a topic names (or the whole paper) subsection by subsection
    whole_sections: bool = True
    section_match: float = 0.45  # how well the topic must name a section's title to read it whole
    case_similarity: float = 0.45  # a case is relevant when the topic is this close to its text
    case_rank: int = 5  # ... or when one of its passages ranks this high for the topic
    # A topic needs this idf-weighted share of its words in its top passages (or the chat's
    # own settings.min_coverage, if higher), unless it names a section or a case: "Arctic
    # shipping routes and cooperation" shares only "cooperation" with the sources.
    min_coverage: float = 0.15
    # ... and its best passage this similarity (the 2026-11-28 calibration of the chat's floor,
    # bench/abstention_calibration.py). A topic is a few words, not a question: the chat's own
    # floor (0.20 since the blind-set calibration) lets "the football world cup" through.
    min_similarity: float = 0.30
    # ... unless its best passage is this close in meaning, whatever the words: "what the paper
    # identifies as the obstacles facing South-South cooperation and what it recommends going
    # forward" (dev12, 2026-12-03) shares few words with the challenges section (coverage 0.15)
    # at similarity 0.76. Ten out-of-scope topics (Arctic shipping, the SCO, Agenda 2063, …)
    # reached at most 0.52; the 51 in-scope requests of the briefing sets, 0.26 to 0.90.
    close_similarity: float = 0.6
    relative_floor: float = 0.6  # a sentence must score this share of the aspect's best one
    lengths: Mapping[str, Budget] = field(default_factory=lambda: dict(LENGTHS))

    def questions(self, aspect: str, subject: str, case: str = "") -> list[str]:
        templates = ASPECT_QUESTIONS[aspect]
        chosen = templates if self.sub_questions else templates[:1]
        return [" ".join(t.format(s=subject, case=case).split()) for t in chosen]
