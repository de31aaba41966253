"""Actor codes: CAMEO-style country + sector codes ("KHMGOV", "KHMOPPPTY", "IGOUNO") for the actors stage's records.

The evidence, strongest first:

1. a dictionary entry for the actor's name or one of its aliases: ``data/actor_codes.csv`` (built from the
   PETRARCH2/Phoenix dictionaries by ``scripts/build_actor_codes.py``), under the user's own file
   (:func:`user_codes_path`) and an ``extra`` file, which win over it name by name. An entry may have
   date-bounded codes (a minister while in office); the code valid on ``date`` is used, by default the most
   recent one;
2. for a person, the roles the article gives: the organization's code ("CPP spokesman" -> the CPP's code),
   else a title keyword from ``data/role_codes.csv`` (Phoenix's agents: "prime minister" -> GOV) after the
   organization's, the dictionary's or the article's country;
3. for an organization or group, a keyword of its name ("Supreme Court" -> JUD) after a country its name gives
   ("Royal Academy of Cambodia" -> KHM) or the article's;
4. for a place acting as an actor, its country (the dictionary's country names, then pycountry and the places
   stage's gazetteer for cities).

What gives only a country ("Cambodia Daily" without a keyword) gets the country alone; a sector without any
country is coded with the sector alone ("JUD"); no evidence leaves ``code`` None.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import pycountry

from ..errors import NewscoderError
from ..records import Actor, Role

ENV_VAR = "NEWSCODER_ACTOR_CODES"
SHIPPED_FILE = "actor_codes.csv"
ROLE_FILE = "role_codes.csv"
CODE_SHAPE = re.compile(r"^(?:[A-Z]{3}){1,6}$")
ACRONYM = re.compile(r"^[A-Z][A-Z.&-]*[A-Z]\.?$")
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "dr", "sir", "samdech", "lok", "oknha", "excellency", "his excellency", "her excellency",
     "prince", "princess"}
)  # fmt: skip
GENERIC_PLACE = re.compile(r"\s+(?:province|city|town|district|commune|village|state|region|county)$", re.I)
# Sector and special codes of the CAMEO actor codebook that may open a code (besides a country).
CAMEO_LEADERS = frozenset(
    {"IGO", "NGO", "MNC", "IMG", "INT", "UIS", "AFR", "ASA", "BLK", "CRB", "CAU", "CAS", "EAF", "EEU", "EUR",
     "LAM", "MEA", "MDT", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SCN", "SEA", "WAF", "WST", "WEU", "BAL",
     "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "MED", "EDU", "BUS", "CRM", "CVL", "ELI", "HLH",
     "HRI", "LAB", "LEG", "REF", "AGR", "DEV", "ENV", "RAD", "REL", "SET", "UAF", "MOD", "PPL"}
)  # fmt: skip
# CAMEO country codes that are not ISO 3166 alpha-3 (East Timor, Kosovo, and states of the past).
CAMEO_COUNTRIES = frozenset({"TMP", "KSV", "DDR", "SUN", "YUG", "CSK", "SCG", "BAH"})
LATEST = dt.date.max


class ActorCodeError(NewscoderError):
    """A malformed actor code, or an actor-code file that cannot be read or written."""


# --- names -------------------------------------------------------------------------------------


def key(name: str) -> str:
    """The lookup form of a name: ASCII, case-folded, apostrophes and periods dropped ("People’s" = "Peoples",
    "U.N." = "UN"), other punctuation a space, a leading "the" and honorific ("Samdech") dropped."""
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    name = re.sub(r"['`.]", "", name)
    name = re.sub(r"[^a-z0-9]+", " ", name).strip()
    name = re.sub(r"^the ", "", name)
    words = name.split()
    for size in (2, 1):
        if len(words) > size + 1 and " ".join(words[:size]) in HONORIFICS:
            return " ".join(words[size:])
    return name


# --- the dictionary ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    code: str
    start: dt.date | None = None
    end: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


class Hit(NamedTuple):
    """A dictionary lookup: the code, the country it gives, and whether the code is only the entry's default
    after every dated code has lapsed (a former minister's ELI): weaker than the roles an article gives."""

    code: str | None = None
    country: str | None = None
    stale: bool = False


@dataclass
class Dictionary:
    entries: dict[str, list[Row]] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)  # key of a country word or city -> country code

    def rows(self, name: str) -> list[Row]:
        return self.entries.get(key(name), [])

    def code(self, name: str, day: dt.date = LATEST, country: str | None = None) -> Hit:
        """The entry's code valid on ``day`` (preferring ``country``'s on a tie), else its default code."""
        rows = self.rows(name)
        if not rows:
            return Hit()
        valid = [r for r in rows if r.dated and r.valid_on(day)]
        if valid:
            latest = max(r.start or dt.date.min for r in valid)
            chosen = [r.code for r in valid if (r.start or dt.date.min) == latest]
        else:
            chosen = [r.code for r in rows if not r.dated]
        if chosen:
            local = [c for c in chosen if country and c.startswith(country)]
            stale = not valid and any(r.dated for r in rows)
            return Hit((local or chosen)[0], self.country_of((local or chosen)[0]), stale)
        recent = max(rows, key=lambda r: r.end or dt.date.max)
        return Hit(None, self.country_of(recent.code))

    def country_of(self, code: str | None) -> str | None:
        if code and code[:3] in country_codes():
            return code[:3]
        return None


def _date(text: str | None) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _csv_rows(text: str, first_column: str) -> Iterator[list[str]]:
    """Data rows of a CSV with '#' comment lines and an optional header row (whose first cell is ``first_column``)."""
    lines = (ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#"))
    for row in csv.reader(lines):
        if row and row[0].strip().lower() != first_column:
            yield [cell.strip() for cell in row]


def _read_entries(text: str) -> tuple[dict[str, list[Row]], dict[str, set[str]]]:
    """key -> rows, and key -> sources, of an actor_codes.csv text (name,code[,start,end[,source]])."""
    entries: dict[str, list[Row]] = {}
    sources: dict[str, set[str]] = {}
    for row in _csv_rows(text, "name"):
        if len(row) < 2 or not row[0] or not CODE_SHAPE.match(row[1].upper()):
            continue
        k = key(row[0])
        start = _date(row[2]) if len(row) > 2 else None
        end = _date(row[3]) if len(row) > 3 else None
        entries.setdefault(k, []).append(Row(row[1].upper(), start, end))
        sources.setdefault(k, set()).add(row[4] if len(row) > 4 else "")
    return entries, sources


@lru_cache(maxsize=1)
def shipped() -> Dictionary:
    """The shipped dictionary, ``data/actor_codes.csv``."""
    text = resources.files("newscoder.data").joinpath(SHIPPED_FILE).read_text(encoding="utf-8")
    entries, sources = _read_entries(text)
    d = Dictionary(entries=entries)
    codes = country_codes()
    for k, rows in entries.items():
        bare = sorted({r.code for r in rows if r.code in codes})
        if bare and sources[k] & {"countries", "newscoder"}:
            d.countries[k] = bare[0]
    return d


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """Three-letter country codes: ISO 3166 alpha-3 and the CAMEO ones besides (TMP East Timor, KSV Kosovo)."""
    return frozenset({c.alpha_3 for c in pycountry.countries} | CAMEO_COUNTRIES)


@lru_cache(maxsize=16)
def _user_file(path: str, mtime_ns: int, size: int) -> dict[str, list[Row]]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ActorCodeError(f"{path}: cannot read the actor-code file: {e}") from e
    return _read_entries(text)[0]


def _overlay(path: Path | None) -> dict[str, list[Row]]:
    if path is None or not path.is_file():
        return {}
    stat = path.stat()
    return _user_file(str(path), stat.st_mtime_ns, stat.st_size)


def dictionary(extra: Path | None = None) -> Dictionary:
    """The shipped dictionary with the user's file and ``extra`` laid over it (a name's rows replaced)."""
    base = shipped()
    layers = [_overlay(user_codes_path()), _overlay(extra)]
    if not any(layers):
        return base
    entries = dict(base.entries)
    for layer in layers:
        entries.update(layer)
    return Dictionary(entries=entries, countries=base.countries)


@lru_cache(maxsize=1)
def role_keywords() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First word -> [(phrase words, sector code)], longest first; each phrase with its regular plural too."""
    text = resources.files("newscoder.data").joinpath(ROLE_FILE).read_text(encoding="utf-8")
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for row in _csv_rows(text, "keyword"):
        if len(row) < 2 or not row[1]:
            continue
        words = tuple(key(row[0]).split())
        if not words:
            continue
        last = words[-1]
        plural = last[:-1] + "ies" if last.endswith("y") else last + ("es" if last.endswith("s") else "s")
        for phrase in (words, (*words[:-1], plural)):
            table.setdefault(phrase[0], []).append((phrase, row[1]))
    for phrases in table.values():
        phrases.sort(key=lambda p: -len(p[0]))
    return table


def sector_of(text: str) -> str | None:
    """The sector code of the longest agent phrase in ``text`` (leftmost on ties): "Supreme Court" -> JUD."""
    words = key(text).split()
    table = role_keywords()
    best: tuple[int, str] | None = None
    for i, word in enumerate(words):
        for phrase, code in table.get(word, ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                if best is None or len(phrase) > best[0]:
                    best = (len(phrase), code)
                break
    return best[1] if best else None


def country_in(text: str, d: Dictionary | None = None) -> str | None:
    """The country a name mentions, leftmost and longest first: "Royal Academy of Cambodia" -> KHM."""
    d = d or shipped()
    words = key(text).split()
    for i in range(len(words)):
        for size in range(min(4, len(words) - i), 0, -1):
            code = d.countries.get(" ".join(words[i : i + size]))
            if code:
                return code
    return None


def cameo_country(code: str | None) -> str | None:
    """ISO alpha-2 or alpha-3 (or a country's name) -> CAMEO's country code: "KH" -> "KHM", "TL" -> "TMP"."""
    text = (code or "").strip()
    if not text:
        return None
    upper = text.upper()
    if upper in ("XK", "XKX"):  # Kosovo: a user-assigned ISO code, not in pycountry
        return "KSV"
    found = None
    if len(text) == 2 and text.isalpha():
        found = pycountry.countries.get(alpha_2=upper)
    elif len(text) == 3 and text.isalpha():
        found = pycountry.countries.get(alpha_3=upper)
        if found is None and upper in country_codes():
            return upper
    if found is None:
        return shipped().countries.get(key(text))
    used = _dictionary_countries()
    if found.alpha_3 in used:
        return found.alpha_3
    for attr in ("common_name", "name", "official_name"):  # the dictionary's own code for it: TLS -> TMP
        name = getattr(found, attr, None)
        if name and shipped().countries.get(key(name)) in used:
            return shipped().countries[key(name)]
    return found.alpha_3


@lru_cache(maxsize=1)
def _dictionary_countries() -> frozenset[str]:
    return frozenset(shipped().countries.values())


# --- assigning codes ----------------------------------------------------------------------------


def assign_codes(
    actors: list[Actor] | tuple[Actor, ...],
    *,
    country: str | None = None,
    extra: Path | None = None,
    date: dt.date | str | None = None,
) -> list[Actor]:
    """The actors with ``code`` set (see the module's docstring for the evidence used).

    ``country``: the article's main country, ISO alpha-2 or alpha-3; ``extra``: an actor-code file laid over the
    shipped and user ones; ``date``: the day the codes should hold on (the article's publication date), by
    default the most recent code of each entry.
    """
    coder = _Coder(list(actors), dictionary(extra), cameo_country(country), _as_date(date))
    return coder.run()


def code_for(
    name: str,
    kind: str = "ORG",
    *,
    country: str | None = None,
    extra: Path | None = None,
    date: dt.date | str | None = None,
) -> str | None:
    """The code one name of the given actor type would get outside an article (PERSON, ORG, GPE, GROUP)."""
    actor = Actor(id="A0", name=name, type=kind)  # type: ignore[arg-type]
    return assign_codes([actor], country=country, extra=extra, date=date)[0].code


def _as_date(value: dt.date | str | None) -> dt.date:
    """A day from a date or an ISO string ("2023-02-27", "2023-02", "2023"); no date: the latest codes."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", (value or "").strip())
    if not match:
        return LATEST
    year, month, day = int(match[1]), int(match[2] or 7), int(match[3] or (15 if match[2] else 1))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return LATEST


class _Coder:
    def __init__(self, actors: list[Actor], d: Dictionary, country: str | None, day: dt.date):
        self.actors = actors
        self.d = d
        self.country = country
        self.day = day
        self.codes: dict[str, str | None] = {}
        self.by_name: dict[str, Actor] = {}
        for actor in actors:
            for name in (actor.name, *actor.aliases):
                self.by_name.setdefault(key(name), actor)

    def run(self) -> list[Actor]:
        for actor in sorted(self.actors, key=lambda a: a.type == "PERSON"):  # organizations first, for roles
            self.codes[actor.id] = self.code(actor)
        return [dataclasses.replace(a, code=self.codes[a.id]) for a in self.actors]

    def code(self, actor: Actor) -> str | None:
        hit = self.from_dictionary(actor)
        if hit.code and not (hit.stale and actor.type == "PERSON"):
            return hit.code
        if actor.type == "PERSON":
            from_roles = self.from_roles(actor.roles, hit.country)
            if hit.code and (not from_roles or from_roles in country_codes()):
                return hit.code
            return from_roles or hit.country
        if actor.type == "GPE":
            return self.place(actor) or hit.country
        return self.organization(actor.name, hit.country)

    def from_dictionary(self, actor: Actor) -> Hit:
        """The first of the actor's names with a code in the dictionary; else a country one of them gives."""
        country = None
        for name in self._names(actor):
            hit = self.d.code(name, self.day, self.country)
            if hit.code:
                return hit
            country = country or hit.country
        return Hit(None, country)

    @staticmethod
    def _names(actor: Actor) -> list[str]:
        """Name, then full-form aliases, then acronyms; a person's one-word short forms ("Chhay") are no key."""
        aliases = [a for a in actor.aliases if not (actor.type == "PERSON" and len(a.split()) < 2)]
        full = [a for a in aliases if not ACRONYM.match(a)]
        return [actor.name, *full, *(a for a in aliases if ACRONYM.match(a))]

    def from_roles(self, roles: Iterable[Role], hint: str | None = None) -> str | None:
        """The code of the first role that gives one: its organization's ("CPP spokesman" -> the CPP's), or the
        title's sector ("Prime Minister" -> GOV) after the organization's, the dictionary's or the article's
        country. A title says nothing of the sector when its organization is unknown ("president of X")."""
        country_only = None
        for role in roles:
            org = self.organization_code(role.organization) if role.organization else None
            if org and org not in country_codes():  # a sector or an IGO: the person acts for it
                return org
            if role.organization and not org:
                continue
            sector = sector_of(role.title)
            if sector:
                where = org or hint or country_in(role.title, self.d) or self.country
                return (where or "") + sector
            country_only = country_only or org  # "Thai official": the country, without a sector
        return country_only

    def organization_code(self, name: str) -> str | None:
        actor = self.by_name.get(key(name))
        if actor is not None and actor.type != "PERSON":
            if actor.id not in self.codes:
                self.codes[actor.id] = self.code(actor)
            return self.codes[actor.id]
        return self.code(Actor(id="", name=name, type="ORG"))

    def organization(self, name: str, hint: str | None = None) -> str | None:
        where = country_in(name, self.d) or hint
        sector = sector_of(name)
        if sector:
            return (where or self.country or "") + sector
        return where

    def place(self, actor: Actor) -> str | None:
        for name in (actor.name, *actor.aliases):
            stripped = GENERIC_PLACE.sub("", name)
            for candidate in dict.fromkeys((name, stripped)):
                code = self.d.countries.get(key(candidate)) or _iso_country(candidate)
                if code:
                    return code
        from .places import resolve  # the gazetteer is loaded only for places the dictionary does not know

        alpha2 = pycountry.countries.get(alpha_3=self.country) if self.country else None
        for name in (actor.name, *actor.aliases):
            found = resolve(name, [alpha2.alpha_2] if alpha2 else [])
            if found and found[1]:
                return cameo_country(found[1])
        return None


def _iso_country(name: str) -> str | None:
    try:
        found = pycountry.countries.lookup(name)
    except LookupError:
        return None
    return cameo_country(found.alpha_3)


# --- the user's file -----------------------------------------------------------------------------


def user_codes_path() -> Path:
    """The user's actor-code file: $NEWSCODER_ACTOR_CODES, else ~/.config/newscoder/actor_codes.csv."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    return Path.home() / ".config" / "newscoder" / "actor_codes.csv"


def validate_code(code: str) -> str:
    """The code, upper-cased, if it has CAMEO's shape: 3-letter pieces, the first a country, region or sector."""
    normal = (code or "").strip().upper()
    if not CODE_SHAPE.match(normal):
        raise ActorCodeError(
            f"invalid actor code {code!r}: a CAMEO actor code is 3 to 18 letters in 3-letter pieces, "
            "a country or IGO/NGO/... first and sectors after it (e.g. KHMGOV, USAMIL, KHMOPPPTY, IGOUNO)"
        )
    first = normal[:3]
    if first not in country_codes() and first not in CAMEO_LEADERS and first not in _sector_pieces():
        raise ActorCodeError(
            f"invalid actor code {code!r}: {first!r} is neither a country code (ISO 3166 alpha-3, e.g. KHM) nor a "
            "CAMEO sector or international code (GOV, MIL, OPP, JUD, MED, IGO, NGO, ...)"
        )
    return normal


@lru_cache(maxsize=1)
def _sector_pieces() -> frozenset[str]:
    return frozenset(code[i : i + 3] for phrases in role_keywords().values() for _, code in phrases
                     for i in range(0, len(code), 3))  # fmt: skip


def add_code(name: str, code: str, *, path: Path | None = None) -> Path:
    """Adds ``name`` -> ``code`` to the user's file (or ``path``), replacing that name's earlier rows; the file.

    Raises ActorCodeError for a malformed code, an empty name, or a file that cannot be written.
    """
    code = validate_code(code)
    name = " ".join((name or "").split())
    if not key(name):
        raise ActorCodeError(f"invalid actor name {name!r}: give the name as the articles write it")
    path = Path(path) if path is not None else user_codes_path()
    k = key(name)
    kept: list[str] = []
    try:
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                cells = next(csv.reader([line]), []) if line.strip() and not line.lstrip().startswith("#") else []
                if cells and cells[0].strip().lower() != "name" and key(cells[0]) == k:
                    continue
                kept.append(line)
        if not kept:
            kept = ["# Your own actor codes for newscoder, read on top of the shipped ones (yours win, name by name).",
                    "name,code,start,end"]  # fmt: skip
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow([name, code, "", ""])
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text("\n".join(kept) + "\n" + out.getvalue(), encoding="utf-8")
        tmp.replace(path)
    except OSError as e:
        raise ActorCodeError(f"{path}: cannot write the actor-code file: {e}") from e
    return path
