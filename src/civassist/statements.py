"""What a candidate sentence says besides a value: a list, someone's words, a value unconfirmed."""

from __future__ import annotations

import re
from collections.abc import Iterable

from civassist.names import initials_of, normalised
from civassist.values import ATTRIBUTION

# Words that report what someone said, or a quotation: "What did Kofi Annan say …" is
# answered only by a sentence that reports the speaker's words (see ``reports``).
_REPORTS = re.compile(
    r"\b(?:said|says|stated|states|noted|notes|argued|argues|called\s+for|calls\s+for|told|"
    r"tells|warned|warns|urged|urges|asked|asks|described|describes|stressed|stresses|"
    r"emphasi[sz]ed|emphasi[sz]es|declared|declares|insisted|remarked|commented|explained|"
    r"added|wrote|writes|complained|criticised|criticized|welcomed|praised|expressed|"
    r"speech|statement|remarks?|explanation\s+of\s+position)\b|[\"“”]",
    re.I,
)


def reports(text: str, speaker: str) -> bool:
    """Whether ``text`` reports what ``speaker`` said: it names the speaker (whole, by the
    last word of the name, or by initials: "US" for "the United States") and holds a
    reporting word or a quotation. "According to" names the sentence's source, not a speaker:
    it counts only for the speaker ("according to Xinhua"); dev7, 2026-12-03: "Kofi Annan was
    announced as chair …, according to seedquest.com" was taken for Kofi Annan's words."""
    last = speaker.split()[-1]
    text = _not_agent(text, speaker, last)
    if re.search(
        rf"\baccording\s+to\s+(?:the\s+)?(?:{re.escape(speaker)}|{re.escape(last)})\b", text, re.I
    ):
        return True
    # the speaker and the reporting word share a clause: in "its first chair was Kofi Annan,
    # and AGRA now describes itself as …" AGRA is the one speaking (dev3, read 2026-12-04)
    return any(_names_speaker(clause, speaker, last) for clause in _clauses(text))


# Where one clause may end and a coordinated one begin.
_CLAUSES = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+")
# A run of names only ("Kofi Annan, Bill Gates"): the subjects of the next part, not a clause.
_NAMES_ONLY = re.compile(r"^\s*[A-Z][\w'’.-]*(?:[\s,]+(?:and\s+)?[A-Z][\w'’.-]*)*\s*$")


def _clauses(text: str) -> list[str]:
    """``text`` cut where a coordinated clause with its own subject begins. A part that is only
    names ("Kofi Annan, Bill Gates, and Judith Rodin said …") joins the part after it, and a
    part that opens with its verb ("…, but said little") joins the part before it: both share
    a subject with their neighbour."""
    clauses: list[str] = []
    for part in _CLAUSES.split(text):
        if clauses and (_NAMES_ONLY.match(clauses[-1]) or _REPORTS.match(part)):
            clauses[-1] = f"{clauses[-1]}, {part}"
        else:
            clauses.append(part)
    return clauses


def _names_speaker(clause: str, speaker: str, last: str) -> bool:
    """Whether ``clause`` holds a reporting word or a quotation and names ``speaker``."""
    if not _REPORTS.search(ATTRIBUTION.sub(" ", clause)):
        return False
    if normalised(speaker) in normalised(clause):
        return True
    if re.search(rf"\b{re.escape(last)}\b", clause):
        return True
    return speaker.replace(".", "") in initials_of(clause)


def _not_agent(text: str, speaker: str, last: str) -> str:
    """``text`` without the speaker's mentions as the agent of a deed ("founded by Kofi
    Annan"): there the speaker is not the one whose words are reported (dev3, dev7 and dev19,
    read 2026-12-04: "AGRA describes itself … as founded by Kofi Annan with funding from
    \"multiple international partners\"" was taken for Annan's words). "Described by Annan"
    still reports him. English grammar, not a tuned list."""

    def drop(match: re.Match[str]) -> str:
        return match.group(0) if _REPORTS.fullmatch(match.group(1)) else match.group(1)

    names = f"{re.escape(speaker)}|{re.escape(last)}"
    return re.sub(rf"\b(\w+)\s+by\s+(?:the\s+)?(?:{names})\b", drop, text, flags=re.I)


# The kind of value a sentence says could not be confirmed: "the exact year", "the amount".
_KIND_WORDS = {
    kind: re.compile(rf"\b(?:{words})\b", re.I)
    for kind, words in {
        "percent": "percentage|share|per\\s?cent",
        "amount": "amount|sum|cost|figure",
        "year": "year|date|month",
        "number": "number|count",
        "country": "countr(?:y|ies)",
        "person": "name",
        "place": "place|city|location",
    }.items()
}
# The sources' own word that a value was looked for and not found.
_NOT_CONFIRMED = re.compile(r"\bcould\s+not\s+be\s+(?:confirmed|verified|established)\b", re.I)


def not_confirmed(answer_type: str | None, sentences: Iterable[str]) -> str | None:
    """The first of ``sentences`` (the question's closest) in which the sources say the value
    asked for (``answer_type``) could not be confirmed ("The exact year in which the UNDP unit
    took the UNOSSC name could not be confirmed from a public source."): the question is then
    not answered by the nearby values ("by 2014"). Only for a question asking for a value:
    "Could the paper's claim be confirmed?" is answered by that sentence; and only a sentence
    that names the kind of value asked for ("the exact year" for a year). Ten blind dev sets
    (2026-12-03) asked the UNOSSC year seven times, and it was answered each time."""
    if answer_type not in _KIND_WORDS:
        return None
    return next(
        (s for s in sentences if _NOT_CONFIRMED.search(s) and _kind_of(s) == answer_type), None
    )


# "Why did AGRA drop 'green revolution' from its name?": the sources' own word that no reason
# was given ("AGRA's critics noted that AGRA did not explain why it removed 'green revolution'
# from its name") answers it, not the sentences that tell what happened. Asked in four of the
# blind dev sets (dev5, dev6, dev9, dev16; 2026-12-03) and answered each time.
_ASKS_WHY = re.compile(
    r"^\W*(?:(?:and|so|but|ok|okay)\W+)?(?:why\b|for\s+what\s+reasons?\b|"
    r"what\s+(?:was|were|is|are)\s+the\s+reasons?\b)",
    re.I,
)
_NO_REASON = re.compile(
    r"\b(?:did|does|do|has|have|had)\s+not\s+(?:explain|say|state|give|disclose)\s+"
    r"(?:why|the\s+reasons?|its\s+reasons?|a\s+reason|any\s+reason)\b"
    r"|\bgave\s+no\s+(?:reason|explanation)\b|\bwithout\s+(?:explaining|giving\s+(?:a\s+|any\s+)?"
    r"reasons?)\b|\bno\s+(?:reason|explanation)\s+(?:was|has\s+been)\s+given\b",
    re.I,
)


def reason_not_given(question: str, sentences: Iterable[str]) -> str | None:
    """The first of ``sentences`` (the question's closest) that says no reason was given, when
    ``question`` asks why; else None."""
    if not _ASKS_WHY.search(question):
        return None
    return next((s for s in sentences if _NO_REASON.search(s)), None)


def _kind_of(text: str) -> str | None:
    """The kind of value ``text`` names first ("the exact year … the UNOSSC name": year)."""
    found = [(m.start(), kind) for kind, words in _KIND_WORDS.items() if (m := words.search(text))]
    return min(found)[1] if found else None


_ITEM_WORDS = 7  # an enumerated item is short: "upholding the common values of humanity"


def lists(text: str, count: int) -> bool:
    """Whether ``text`` can give ``count`` items: it introduces a list (a colon, the items
    after it or in the sentences that follow), or separates ``count`` short items (commas,
    semicolons, "and"). "… produced the 'Ten Principles of Bandung', which later became core
    criteria of non-alignment, according to …" names ten principles and lists none: asked
    in 5 of 12 blind dev sets (2026-12-03), it was answered every time."""
    if ":" in text:
        return True
    # the longest run of short items ("the UK, Germany, France and Italy"): a long clause
    # between commas is not an item (dev13: "… span 'Asia, Africa, and Latin America', but
    # European states including the UK, Germany, France and Italy signed …" is two lists)
    # a long clause may end with the run's first item ("convened by Indonesia, Burma, …")
    run = best = 0
    for segment in re.split(r",|;|\band\b|\bor\b", text):
        words = len(segment.split())
        if words == 0:
            continue
        run = run + 1 if words <= _ITEM_WORDS else 1
        best = max(best, run)
    return best >= count


# A sentence that ranks as the question does: by size ("the largest", "top", "more than three
# times the share of the next-largest"), by smallness, or by order ("the first woman to lead",
# "its first chair"). A bare "first" ("its first four projects") does not say which one came
# first. English grammar, not a list fitted to a set.
_RANKING = {
    "high": re.compile(
        r"\b(?:most|largest|biggest|highest|greatest|top|leading|main|[a-z]+-largest)\b"
        r"|\bmore\s+than\b|\b\w+er\s+than\b",
        re.I,
    ),
    "low": re.compile(
        r"\b(?:lowest|smallest|fewest|least)\b|\b(?:less|fewer)\s+than\b|\b\w+er\s+than\b", re.I
    ),
    "order": re.compile(
        r"\b(?:first|last)\s+(?:[\w-]+\s+){0,2}?(?:to|ever)\b|\b(?:was|were|is)\s+the\s+"
        r"(?:first|last)\b|\b(?:earliest|latest|oldest|newest|most\s+recent(?:ly)?)\b",
        re.I,
    ),
}


def ranks(text: str, how: str) -> bool:
    """Whether ``text`` ranks the way ``how`` asks ("high", "low" or "order"; see
    ``question.ranking``)."""
    return _RANKING[how].search(ATTRIBUTION.sub(" ", text)) is not None
