"""Country names, and which country a sentence states its value of."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from civassist.names import initials_of, normalised


# Country names, for "which countries" questions (UN members and common short forms).
@cache
def countries() -> frozenset[str]:
    data = resources.files("civassist").joinpath("data/countries.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in data.splitlines() if line.strip())


@cache
def country_initials() -> frozenset[str]:
    """ "UK", "US", "UAE": the initials of the countries whose names have several words."""
    return frozenset(
        "".join(w[0] for w in c.split()).upper() for c in countries() if len(c.split()) > 1
    )


def stated_of(text: str, context: str, country: str, pattern: re.Pattern[str] | None) -> bool:
    """Whether the sentence ``text`` states its value of ``country``: the last country named
    before a value of the asked type (``pattern``) is that one ("India with about 7.6%, Russia
    with about 5.9%": 7.6% is India's; the first after it, when none comes before). A sentence
    that holds no such value, or names no country at all, is read with its ``context`` (its
    passage's title and section)."""
    mentions = [
        (m.start(), bare)
        for m in re.finditer(r"\b[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*", text)
        if _is_country(bare := re.sub(r"^The\s+", "", m.group(0)))
    ]
    values = [m.start() for m in pattern.finditer(text)] if pattern is not None else []
    if not mentions or not values:
        here = f"{context} {text}"
        return normalised(country) in normalised(here) or country in initials_of(here)
    for at in values:
        before = [m for m in mentions if m[0] < at]  # "India with about 7.6%, Russia …"
        nearest = max(before)[1] if before else min(mentions)[1]
        if _same_country(nearest, country):
            return True
    return False


def _is_country(name: str) -> bool:
    return normalised(name) in countries() or name in country_initials()


def _same_country(a: str, b: str) -> bool:
    """ "UK" and "United Kingdom" alike: by name, or by the initials of the other's name."""
    if normalised(a) == normalised(b):
        return True
    return a in initials_of(b) or b in initials_of(a)
