"""The numbers and ordinals a text states, as values: "10th" and "tenth" are both "#10"."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Specific:
    """A number or ordinal the question states: as written ("10th annual meeting"), and the
    value it names ("#10" for the ordinal, which a passage may write "10th" or "tenth"; "10"
    for the number). An ordinal is not stated by the bare number: "111 members" does not say
    which country was the 111th."""

    phrase: str
    value: str
    # the name a year dates ("Bandung Conference" in "the 1961 Bandung Conference" or "the
    # Bandung Conference in 1961"): if no source gives the year with the name, the year is a
    # premise about the name to correct
    dates: str = ""
    # a year that names which one is meant, as an ordinal does ("its 2024 annual meeting",
    # "the 2019 conference"), not one that dates an event ("held in 2024")
    names_one: bool = False


# Ordinal words from "second" on: "first" is used loosely ("the first to …"), so it is not a
# constraint. Cardinal words ("three pillars") are not either: a passage may list three
# things without saying "three". Grammar, not a tuned list.
_ORDINALS = {
    w: str(n)
    for n, w in enumerate(
        "second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
        "twentieth".split(),
        start=2,
    )
}
# "US$550m", "US$1.2bn": money shorthand is the number, not an ordinal (dev10, 2026-12-03:
# "How much of AGRA's US$550m strategy …" did not state 550, so the sentence giving only that
# figure answered it).
_NUMERAL = re.compile(
    r"\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th|m|bn)?\b|\b(?:" + "|".join(_ORDINALS) + r")\b", re.I
)
_HEAD = re.compile(r"(?:[\s-]+(?!(?:held|of|in|on|at|and|or|by|for|the|a|an)\b)[a-z][\w-]*){0,2}")


# A number that reads as a year (as `_YEAR` in values.py counts them).
YEARLIKE = re.compile(r"1[5-9]\d\d|20\d\d")
_NAME_AFTER = re.compile(r"\s+(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)")  # "the 1961 Bandung …"
# "the Bandung Conference in 1961"; not "the AIIB in 2019", which dates the figure asked for
# (or written in lower case, a place's conference or summit: "the bandung conference in 1965";
# dev28, read 2026-12-04: refused for want of a sentence stating 1965, not corrected)
_NAME_BEFORE = re.compile(
    r"\b(?P<name>[A-Z][\w+-]*\s+[A-Z][\w+-]*"
    r"|(?<!['’])\b(?!(?:the|a|an|this|that|its|their|his|her|our)\b)[a-z][\w-]*\s+"
    r"(?:conference|summit))\s+(?:in|of)\s+$"
)


# "a second role", "what second role" (dev11, 2026-12-03: refused as "The sources found do not
# mention the second role"); "the second summit" keeps its ordinal.
_ANOTHER = re.compile(r"\b(?:a|an|what|any)\s+$", re.I)


_DETERMINER = re.compile(r"\b(?:the|its|their|this|that|[A-Za-z]+(?:'s|’s))\s+$", re.I)


_RANK_AFTER = re.compile(r"-(?:[a-z]+est|most)\b", re.I)


def numbers_in(text: str) -> set[str]:
    """The values of the numerals and ordinals in ``text`` ("10th" and "tenth" give "#10")."""
    return {_value(m.group(0)) for m in _NUMERAL.finditer(text)}


def specifics_in(question: str) -> tuple[Specific, ...]:
    """The numbers and ordinals a question states, each with the words it qualifies."""
    out = []
    for match in _NUMERAL.finditer(question):
        if match.start() and question[match.start() - 1].isalpha():
            # a numeral written into a name ("the G77", "the G20") is the name's, not a
            # number the question states. dev17, 2026-12-03 (read): "which came first, the
            # G77 or SELA" required "77" of SELA's founding sentence and abstained.
            continue
        if _ANOTHER.search(question[: match.start()]) and match.group(0).isalpha():
            continue  # "what second role does that person hold": another one, not the 2nd
        if _RANK_AFTER.match(question, match.end()):
            # "the second-largest shareholder" is a rank, which the sources may write "the
            # next-largest" (dev17, read 2026-12-04: "Who is the AIIB's second-largest
            # shareholder?" was refused as "do not mention the second-largest shareholder")
            continue
        head = _HEAD.match(question, match.end())
        phrase = match.group(0) + (head.group(0) if head and match.group(0)[-1].isalpha() else "")
        dated = ""
        if YEARLIKE.fullmatch(match.group(0)):
            after = _NAME_AFTER.match(question, match.end())
            before = _NAME_BEFORE.search(question[: match.start()])
            found = after or before
            dated = found.group("name") if found else ""
        named = bool(
            YEARLIKE.fullmatch(match.group(0))
            and _DETERMINER.search(question[: match.start()])
            and re.match(r"\s+[a-z]", question[match.end() :])
        )
        if named and head:
            phrase = match.group(0) + head.group(0)
        out.append(Specific(phrase.strip(), _value(match.group(0)), dated, named))
    return tuple(dict.fromkeys(out))


def _value(numeral: str) -> str:
    lowered = numeral.lower()
    if lowered in _ORDINALS:
        return "#" + _ORDINALS[lowered]
    lowered = re.sub(r"(?<=\d)(?:m|bn)$", "", lowered)
    bare = re.sub(r"(?:st|nd|rd|th)$", "", lowered).replace(",", "")
    return bare if bare == lowered.replace(",", "") else "#" + bare


MONTHS = tuple(
    "January February March April May June July August September October November December".split()
)
_DATED = re.compile(
    r"\b(?:(?P<day>\d{1,2})(?:[–-]\d{1,2})?\s+)?(?P<month>"
    + "|".join(MONTHS)
    + r")\s+(?P<year>\d{4})\b"
    r"|\b(?P<bare>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)


def latest_date(text: str) -> tuple[int, int, int] | None:
    """The latest date ``text`` states, as (year, month, day); a month or a year alone counts
    as its start ("June 2025" is (2025, 6, 0))."""
    found = []
    for m in _DATED.finditer(text):
        if m.group("bare"):
            found.append((int(m.group("bare")), 0, 0))
        else:
            month = MONTHS.index(m.group("month").capitalize()) + 1
            found.append((int(m.group("year")), month, int(m.group("day") or 0)))
    return max(found) if found else None
