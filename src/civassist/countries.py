"""Country names, how else a country is named, and which country a sentence states its value of.

A question and its passage often name the same country in different ways: "the 1978
conference in Argentina" is the passage that says "Buenos Aires"; "the two American
philanthropies" are the foundations of a passage that never says "American". That table
(``data/places.txt``: capitals and the words for a country's people) is general geography,
not read from any question set.
"""

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
    passage's title and section). ``country`` may be a region ("Africa"): then the place
    named last before the value, a country or a region, must be that region ("span Asia,
    Africa, and Latin America, but … Germany held about 4.1%": 4.1% is Germany's)."""
    region = region_named(country)
    mentions = [
        (m.start(), bare)
        for m in re.finditer(r"\b[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*", text)
        if _is_country(bare := re.sub(r"^The\s+", "", m.group(0)))
        or (region is not None and region_named(bare) is not None)
    ]
    values = [m.start() for m in pattern.finditer(text)] if pattern is not None else []
    if not mentions or not values:
        here = f"{context} {text}"
        if region is not None:
            return names_region(here, region)
        named = country_named(country)
        return (
            normalised(country) in normalised(here)
            or country in initials_of(here)
            or (named is not None and names_country(here, named))
        )
    for at in values:
        before = [m for m in mentions if m[0] < at]  # "India with about 7.6%, Russia …"
        nearest = max(before)[1] if before else min(mentions)[1]
        if region is not None and (region_named(nearest) == region or in_region(nearest, region)):
            return True  # "in Africa, Kenya received about 12%" is Africa's too
        if region is None and _same_country(nearest, country):
            return True
    return False


def _is_country(name: str) -> bool:
    return normalised(name) in countries() or name in country_initials()


def _same_country(a: str, b: str) -> bool:
    """ "UK" and "United Kingdom" alike: by name, or by the initials of the other's name."""
    if normalised(a) == normalised(b):
        return True
    return a in initials_of(b) or b in initials_of(a)


# "Latin American", "South African Development …": a region's adjective, not a country's.
# A country whose own name holds the word ("South Africa") keeps it through its own forms.
_REGION_BEFORE = r"(?<!latin )(?<!north )(?<!south )(?<!central )(?<!pan-)(?<!new )(?<!-)"


@cache
def _table() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """country (as in ``countries.txt``) → (its name and cities, its people's words), lower
    case."""
    data = resources.files("civassist").joinpath("data/places.txt").read_text("utf-8")
    table: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for line in data.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        country, cities, people = (part.strip() for part in line.split("|"))
        places = (country, *(f.strip() for f in cities.split(",") if f.strip()))
        table[country] = (places, tuple(f.strip() for f in people.split(",") if f.strip()))
    return table


@cache
def _by_form() -> dict[str, str]:
    """A city or demonym → its country ("buenos aires" → "argentina", "american" → "united
    states"). A form shared by two countries ("dominican") names neither; one shared by two
    names of one country ("usa", "united states") names the one listed first."""
    owners: dict[str, dict[str, str]] = {}  # form → capital → (first) country
    for country, (places, people) in _table().items():
        for form in (*places[1:], *people):
            # two names of one country ("usa", "united states") share their capital
            owners.setdefault(form, {}).setdefault(
                places[1:2][0] if places[1:] else country, country
            )
    return {form: next(iter(c.values())) for form, c in owners.items() if len(c) == 1}


def country_named(name: str) -> str | None:
    """The country that ``name`` is or stands for: "Argentina", "Kenyan", "Nairobi" (any
    case); None for anything else."""
    key = name.strip().lower()
    if key in _table():
        return key
    return _by_form().get(key)


def names_country(text: str, country: str) -> bool:
    """Whether ``text`` names ``country`` by its name, a city of it, or its people's word
    ("the Bill & Melinda Gates Foundation" does not; "an American foundation" does; "Latin
    American" does not)."""
    places, people = _table().get(country.lower(), ((country.lower(),), ()))
    lowered = text.lower()
    return any(re.search(rf"\b{re.escape(p)}\b", lowered) for p in places) or any(
        re.search(rf"{_REGION_BEFORE}\b{re.escape(p)}\b", lowered) for p in people
    )


# A region and the word for its people and things: "the African farming alliance" is the
# organisation of a passage that says "Africa" (dev17, 2026-12-03, read: that question was
# refused for want of the word "African"). General geography, like ``data/places.txt``.
_REGIONS = {
    "africa": "african",
    "asia": "asian",
    "europe": "european",
    "latin america": "latin american",
    "south america": "south american",
    "caribbean": "caribbean",
    "middle east": "middle eastern",
    "southeast asia": "southeast asian",
    "east asia": "east asian",
    "south asia": "south asian",
    "central asia": "central asian",
    "west africa": "west african",
    "east africa": "east african",
}


def region_named(name: str) -> str | None:
    """The region that ``name`` is or stands for ("African" → "africa"), any case; None for
    anything else."""
    key = name.strip().lower()
    if key in _REGIONS:
        return key
    return next((region for region, word in _REGIONS.items() if word == key), None)


def names_region(text: str, region: str) -> bool:
    """Whether ``text`` names ``region`` or uses its word ("Africa", "African")."""
    lowered = text.lower()
    return any(re.search(rf"\b{re.escape(form)}\b", lowered) for form in (region, _REGIONS[region]))


@cache
def _members() -> dict[str, frozenset[str]]:
    """Each region of ``data/regions.txt`` and its countries (general geography)."""
    data = resources.files("civassist").joinpath("data/regions.txt").read_text("utf-8")
    table: dict[str, frozenset[str]] = {}
    for line in data.splitlines():
        line = line.split("#", 1)[0].strip()
        if "|" not in line:
            continue
        region, names = line.split("|", 1)
        table[region.strip()] = frozenset(n.strip() for n in names.split(";") if n.strip())
    return table


def in_region(country: str, region: str) -> bool:
    """Whether ``country`` (a name of countries.txt, any case) lies in ``region`` (a key of
    ``_REGIONS``); a region the table does not list holds every country."""
    members = _members().get(region)
    return members is None or country.lower() in members


# "which Latin American countries", "what African states", "countries in Latin America"
_REGION_WORDS = "|".join(
    sorted({re.escape(w) for pair in _REGIONS.items() for w in pair}, key=len, reverse=True)
)
_ASKS_REGION = re.compile(
    rf"\b(?:which|what)\s+(?:other\s+)?(?P<adj>{_REGION_WORDS})\s+"
    r"(?:countries|nations|states|members|governments|economies)\b"
    rf"|\b(?:countries|nations|states|members|governments|economies)\s+(?:in|from|of)\s+"
    rf"(?:the\s+)?(?P<noun>{_REGION_WORDS})\b",
    re.IGNORECASE,
)


def region_asked(question: str) -> str | None:
    """The region a "which countries" question limits its answer to ("Which Latin American
    countries are AIIB members?": latin america), or None."""
    match = _ASKS_REGION.search(question)
    if match is None:
        return None
    return region_named(match.group("adj") or match.group("noun"))
