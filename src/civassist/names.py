"""Names in text: read whole from a question, written as an index may write them, matched.

A question's names are its capitalised phrases read whole ("the Shanghai Cooperation
Organisation", not "Shanghai"). The sources may write a name otherwise: by its initials ("UN
General Assembly" for "UNGA"), with digits for number words ("Group of 77"); phrases are
compared as :func:`normalised` gives them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")

# Splits of a name into the names it joins: "the AIIB and the GCI", "Xi's GCI" (the owner and
# what it owns), "the AIIB, AGRA and SELA".
AND_JOINED = re.compile(r"\s+and\s+(?:the\s+)?")
OWNED = re.compile(r"(?:'s|’s|s'|s’)\s+")
LISTED = re.compile(rf"{AND_JOINED.pattern}|,\s*")

# A name: capitalised words, joined by lower-case connectors ("Belt and Road Initiative",
# "Bank of America"), or an acronym. The connectors are English grammar, not tuned words.
_NAME = re.compile(
    r"(?:[A-Z][\w'’&-]*|&)"
    r"(?:[ \t]+(?:(?:of|for|and|the|de|del|la|on|in|among)[ \t]+)*(?:[A-Z][\w'’&-]*|&))*"
)
_CONNECTORS = frozenset("of for and the de del la on in among &".split())
_PREPOSITIONS = frozenset("of for on in among".split())
# ("has", "have", "had", "may", "might", "must", "shall": the rest of English's auxiliaries,
# added after dev28, read 2026-12-04: "Has UN Day for South-South Cooperation always been on
# that date?" was refused as "The sources do not mention Has UN Day.")
_OPENERS = frozenset(
    "what who whom whose when where why how which is are was were do does did can could should "
    "would will has have had may might must shall and but so tell give list describe explain "
    "summarise summarize please i in according under besides compared apart also ok okay then "
    "if the a an what's who's where's how's pretend imagine suppose ignore assume".split()
)
_ROMAN = re.compile(r"^[IVXLC]+\.?$")
_MONTH = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\b"
)


def names_in(text: str) -> tuple[str, ...]:
    """The capitalised phrases of ``text`` read whole.

    A capitalised word that opens the text or a sentence is a name only when it is part of a
    longer phrase or an acronym: "Just" or "Using" at the start of a question is not a name.
    """
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)  # "U.N." is "UN"
    # "the AIIB in the October 2014 MoU": a month is a date, not part of a name (dev8)
    text = _MONTH.sub(",", text)
    if _title_case(text):
        return ()  # every word capitalised: capitals say nothing about names
    found: list[str] = []
    for match in _NAME.finditer(text):
        words = match.group(0).rstrip(".'’").split()
        initial = match.start() == 0 or re.search(r"[.?!:;]\s*$", text[: match.start()])
        while words and (words[0].lower() in _OPENERS or words[0].lower() in _CONNECTORS):
            words = words[1:]
            initial = True
        while words and words[-1].lower() in _CONNECTORS:
            words = words[:-1]
        if not words or all(_ROMAN.match(w) for w in words):
            continue
        single = len(words) == 1
        if initial and len(words) > 2 and words[1].lower() in _CONNECTORS:
            words = words[2:]  # "Pretend the GCI …": a sentence's first word, then a name
            single = len(words) == 1
        if single and initial and not _is_acronym(words[0]):
            continue
        if single and words[0].rstrip("'’s").lower() in ("paper", "sources", "section"):
            continue
        words[-1] = re.sub(r"(?:'s|’s|'|’)$", "", words[-1])  # "AIIB's" names the AIIB
        # "China-sponsored", "Caracas-based Latin American": a capitalised word with a
        # lower-case suffix is a name of its own, and ends the name (dev7, 2026-12-03)
        # "German NGOs on AGRA", "the AIIB in Africa": a preposition after an acronym ends
        # the name ("Conference on Trade", "Bank of America" join; dev15, read 2026-12-04:
        # "the study by German NGOs on AGRA" was corrected as an unknown name)
        group: list[str] = []
        for word in words:
            if (
                group
                and word.lower() in _PREPOSITIONS
                and _is_acronym(re.sub(r"(?:'s|’s|'|’)$", "", group[-1]))
            ):
                found.append(" ".join(group))
                group = []
                continue
            suffixed = re.fullmatch(r"([A-Z]\w*)-[a-z][\w-]*", word)
            if suffixed:
                if group:
                    found.append(" ".join(group))
                found.append(suffixed.group(1))
                group = []
            else:
                group.append(word)
        if group and not (len(group) == 1 and group[0].lower() in _CONNECTORS):
            found.append(" ".join(group))
    return tuple(dict.fromkeys(found))


# Dotted initials: "U.N.", "U.S.A." (read as "UN", "USA").
_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,}")
_SMALL_WORDS = frozenset("a an the is are was were of for in on at to by and or with".split())


def _title_case(text: str) -> bool:
    """ "What City Is The Alliance For A Green Revolution In Africa Based In?": a question
    typed in Title Case, its small words capitalised too (dev4, 2026-12-03: it was refused
    as "The sources do not mention City Is The Alliance … Based")."""
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    small = [w for w in words if w.lower() in _SMALL_WORDS]
    if len(words) >= 5 and all(w[0].isupper() for w in words):
        return True  # "How Long Does SELA's Chief Administrator Serve, And Who Picks Them?"
    return len(words) >= 4 and len(small) >= 2 and all(w[0].isupper() for w in small)


def _is_acronym(word: str) -> bool:
    core = re.sub(r"(?:'s|’s|s)$", "", word)
    return len(core) >= 2 and core.isupper() and core.isalpha()


_UNITS = "one two three four five six seven eight nine".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_NUMBER_WORDS = {
    **{w: str(i + 1) for i, w in enumerate(_UNITS)},
    **{w: str(10 * (i + 2)) for i, w in enumerate(_TENS)},
    **{f"{t}-{u}": str(10 * (i + 2) + j + 1) for i, t in enumerate(_TENS)
       for j, u in enumerate(_UNITS)},
}  # fmt: skip


def written_forms(name: str) -> list[str]:
    """``name`` and the forms the index may write it in: number words as digits ("Group of
    Seventy-Seven" → "Group of 77"), a run of capitalised words as its initials ("United
    Nations Office" → "UN Office"). dev4 (2026-12-03): both were refused as unknown names."""
    forms = [name]
    digits = re.sub(
        r"\b[A-Za-z]+(?:-[A-Za-z]+)?\b",
        lambda m: _NUMBER_WORDS.get(m.group(0).lower(), m.group(0)),
        name,
    )
    if digits != name:
        forms.append(digits)
    words = name.split()
    capital = [bool(re.fullmatch(r"[A-Z][a-z]+", w)) for w in words]
    for i in range(len(words)):
        for j in range(i + 2, len(words) + 1):
            if not all(capital[i:j]):
                break
            initials = "".join(w[0] for w in words[i:j])
            forms.append(" ".join([*words[:i], initials, *words[j:]]))
    return forms


ACRONYM = re.compile(r"[A-Z]{2,8}")
# A run of capitalised words, joined by "of"/"for"/"the"/"and"/"on" ("Asian Infrastructure
# Investment Bank", "UN General Assembly").
_CAPITAL_RUN = re.compile(r"[A-Z][\w-]*(?:\s+(?:(?:of|for|the|and|on)\s+)*[A-Z][\w-]*)+")


# An abbreviation with small letters ("MoU", "DfID"): its capitals and small letters alike
# stand for words ("memorandum of understanding").
MIXED_ACRONYM = re.compile(r"(?=[A-Za-z]*[a-z])[A-Z][a-z]?[A-Z][A-Za-z]{0,5}")


def spelled_out(abbreviation: str, text: str) -> bool:
    """Whether ``text`` has consecutive words whose first letters spell ``abbreviation`` in any
    case ("memorandum of understanding" for "MoU"). dev8 and dev17 (2026-12-03): "the MoU" was
    taken for an unknown name, then refused by a passage that writes the phrase out."""
    pattern = r"\b" + r"\w*\s+".join(re.escape(c) for c in abbreviation.lower()) + r"\w*\b"
    return re.search(pattern, text.lower()) is not None


def initials_of(text: str) -> set[str]:
    """The initials of every run of capitalised words in ``text`` and of each stretch of two
    or more of its words, an acronym counting all its letters: "UNGA" and "GA" for "UN
    General Assembly"; an acronym a question uses may be written out."""
    found: set[str] = set()
    for run in _CAPITAL_RUN.finditer(text):
        words = [w for w in run.group(0).split() if w[0].isupper()]
        letters = [w if w.isupper() and w.isalpha() else w[0] for w in words]
        for i in range(len(letters)):
            for j in range(i + 2, len(letters) + 1):
                found.add("".join(letters[i:j]))
    return found


def cover_each(
    chosen: Sequence[T],
    further: Iterable[T],
    things: Sequence[str],
    text_of: Callable[[T], str],
    limit: int,
    usable: Callable[[T, list[T]], bool] | None = None,
    weakest: Callable[[list[T]], T] | None = None,
) -> list[T]:
    """``chosen``, where each of ``things`` (a question's named things) is named by an item: a
    thing no item names brings the first item of ``further`` that names it (and is ``usable``
    beside the others). When ``limit`` items are already there, it takes the place of the
    ``weakest`` (default: the last) item after the first that is about a thing another item
    names too; with no such item, the thing goes without. Used for passages (answering.py) and
    for answer sentences (extractive.py)."""

    def names(item: T, thing: str) -> bool:
        return names_thing(text_of(item), thing)

    result = list(chosen)
    for thing in things:
        if any(names(item, thing) for item in result):
            continue
        extra = next(
            (i for i in further if names(i, thing) and (usable is None or usable(i, result))),
            None,
        )
        if extra is None:
            continue
        if len(result) < limit:
            result.append(extra)
            continue
        spare = [
            item
            for item in result[1:]
            if sum(names(other, t) for other in result for t in things if names(item, t)) > 1
        ]
        if spare:
            result[result.index(weakest(spare) if weakest else spare[-1])] = extra
    return result


def names_thing(text: str, thing: str) -> bool:
    """Whether ``text`` names ``thing`` as a whole phrase (both read as :func:`normalised`)."""
    return re.search(rf"(?<!\w){re.escape(normalised(thing))}(?!\w)", normalised(text)) is not None


def normalised(text: str) -> str:
    """Lower case, no possessives, -ise spellings, punctuation as spaces: for phrase lookups."""
    text = text.lower().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"iz(e|ed|es|ing|ation|ations)\b", r"is\1", text)
    return " ".join(re.sub(r"[^\w\s&-]", " ", text).split())


# "Global Civilization Initiative (GCI)": a name and the acronym it is defined by
_DEFINED = re.compile(
    r"(?P<long>(?:[A-Z][\w'’-]*\s+(?:(?:of|for|and|the|in|on|among)\s+)*){1,9}?[A-Z][\w'’-]*)"
    r"\s+\((?P<short>[A-Z][A-Za-z]*[A-Z]\d*)\)"
)


def acronyms_defined(text: str) -> dict[str, str]:
    """The acronyms ``text`` defines, with the names they stand for (their initials agree)."""
    out: dict[str, str] = {}
    for match in _DEFINED.finditer(text):
        long, short = match.group("long"), match.group("short")
        words = long.split()
        # the longest tail of the name whose capitals spell the acronym
        for start in range(len(words)):
            tail = words[start:]
            if not tail[0][0].isupper():
                continue
            letters = "".join(w[0] for w in tail if w[0].isupper())
            if letters.upper() == short.upper().rstrip("0123456789"):
                out.setdefault(short, " ".join(tail))
                break
    return out


def spell_out(text: str, aliases: dict[str, str]) -> str:
    """``text`` with each defined acronym written as its name, for reading its meaning."""
    for short, long in aliases.items():
        text = re.sub(rf"(?<!\()\b{re.escape(short)}\b(?!\))", long, text)
    return text
