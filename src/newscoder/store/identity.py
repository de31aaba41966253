"""Who is who across articles: the rule that links each article's actors to global entities.

Plain Python over plain values: the store (``entities.py``) fetches the candidate entities an
actor's names point to, ``decide`` picks one of them or none, and the store writes the link.

Every name is reduced to *keys* (``key``: case, accents, spacing and punctuation folded away,
honorifics dropped for people), stored per entity in ``entity_keys`` by kind:

- ``name``     the canonical name of a linked actor (a full name: two words or more for a person)
- ``short``    the canonical name of a linked person known by one word only ("Sok", "Dara")
- ``alias``    an alias a linked actor was given in its article ("CPP", "Hun", "Prince Norodom Ranariddh")
- ``token``    each word of a linked person's full name ("hun", "sen")
- ``initials`` the initials of a multi-word organization's name ("cpp", "hrw")

The matching rule, in order (the same type is always required):

1. *name*: the actor's name key equals an entity's ``name`` key ("Nhek Bunchhay" = "Nhek Bun Chhay").
2. *alias*: the actor's name is an entity's alias, or one of the actor's aliases is an entity's name
   ("CPP" -> "Cambodian People's Party"); for people only aliases of two words or more count.
3. *acronym* (ORG, GROUP): an all-capitals name of 3+ letters equal to an entity's initials, or the
   reverse ("HRW" <-> "Human Rights Watch").
4. A one-word person name ("Sokha") fits every person entity that has the word as a name word, an
   alias or its own one-word name; and a full name fits a one-word entity whose word it contains.
   Such a fit needs corroboration: the entity named in the same article (another actor of the
   article already linked to it), else the one entity among them whose roles are compatible (same
   title word without conflicting organizations, or a shared organization). Otherwise the actor
   becomes an entity of its own: a one-word name on its own never joins anyone.

Where a step finds several entities it is narrowed the same way (same article, then roles); two
different full names never merge through a shared word. Nothing is merged after the fact: an
entity's id, once given, stays.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "samdech", "lok", "chumteav", "oknha", "his", "excellency", "sir", "lord",
    "lady", "prince", "princess", "king", "queen", "venerable",
})
# words dropped when taking an organization's initials a second way ("Voice of America" -> VOA and VA)
STOPWORDS = frozenset({"of", "for", "the", "and", "on", "in", "de", "du", "des", "la", "le", "et", "to"})
TYPE_PREFIX = {"PERSON": "P", "ORG": "O", "GPE": "G", "GROUP": "GR"}
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"})


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """NFKC, one kind of apostrophe, case-folded, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=1 << 16)
def compact(text: str) -> str:
    """Letters, digits and (non-Latin) marks only: "U.S." -> "us", "People's" -> "peoples", "é" -> "e"."""
    kept: list[str] = []
    for ch in unicodedata.normalize("NFKD", fold(text)):
        category = unicodedata.category(ch)
        if category == "Mn" and kept and kept[-1].isascii():
            continue  # an accent on a Latin letter
        if category[0] in "LNM":
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


@lru_cache(maxsize=1 << 16)
def words(name: str, kind: str) -> tuple[str, ...]:
    """The name's words, folded; a person's leading honorifics ("Mr.", "then-Prince") dropped."""
    tokens = [t for t in fold(name).split(" ") if compact(t)]
    if kind == "PERSON":
        while len(tokens) > 1 and compact(re.sub(r"^(then|ex|former)-", "", tokens[0])) in HONORIFICS:
            tokens = tokens[1:]
    elif len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    return tuple(tokens)


def key(name: str, kind: str) -> str:
    """The match key of a name: its words, compacted and run together."""
    return "".join(compact(t) for t in words(name, kind))


def is_short(name: str, kind: str) -> bool:
    """A person named by one word only: "Sokha", "Mr. Heng"."""
    return kind == "PERSON" and len(words(name, kind)) <= 1


def is_acronym(name: str) -> bool:
    letters = name.replace(".", "").replace("&", "")
    return 3 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()


def initials(name: str) -> set[str]:
    """The acronyms a multi-word name may go by: every word's initial, and without small words."""
    tokens = [compact(t) for t in fold(name).split(" ")]
    tokens = [t for t in tokens if t]
    if len(tokens) < 2:
        return set()
    every = "".join(t[0] for t in tokens)
    content = "".join(t[0] for t in tokens if t not in STOPWORDS)
    return {a for a in (every, content) if len(a) >= 3}


def fullness(name: str, kind: str) -> tuple[int, int]:
    """How full a name is: more words, then more characters. The fullest name seen is canonical."""
    tokens = words(name, kind)
    return len(tokens), len(" ".join(tokens))


def entity_id_base(name: str, kind: str) -> str:
    """The readable stem of a new entity's id: type letter and an ASCII slug of the name ("P-hun-sen")."""
    plain = " ".join(words(name, kind)).replace("'", "")
    ascii_name = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40].rstrip("-")
    if not slug:  # a name in another script: a short hash of it
        slug = "x" + hashlib.sha1(fold(name).encode("utf-8")).hexdigest()[:8]
    return f"{TYPE_PREFIX.get(kind, 'X')}-{slug}"


# --- roles ---------------------------------------------------------------------------------------

Role = tuple[str, str | None]  # (title, organization)


def _title_head(title: str) -> str:
    parts = [compact(p) for p in re.split(r"[\s\-]+", fold(title))]
    parts = [p for p in parts if p]
    return parts[-1] if parts else ""


def _role_orgs(title: str, organization: str | None) -> set[str]:
    orgs = {w.lower() for w in re.findall(r"\b[A-Z]{2,8}\b", title)}  # "CPP spokesman", "BLDP lawmaker"
    if organization:
        orgs.add(key(organization, "ORG"))
        orgs |= initials(organization)
        if is_acronym(organization):
            orgs.add(organization.replace(".", "").lower())
    return orgs


def roles_compatible(ours: tuple[Role, ...] | list[Role], theirs: tuple[Role, ...] | list[Role]) -> bool:
    """True when some pair of roles fits one person: a shared organization, or the same title word
    ("spokesman", "minister") where the organizations, if both are given, do not differ."""
    for title, org in ours:
        orgs = _role_orgs(title, org)
        for other_title, other_org in theirs:
            other_orgs = _role_orgs(other_title, other_org)
            if orgs and other_orgs and orgs & other_orgs:
                return True
            if _title_head(title) and _title_head(title) == _title_head(other_title) and not (orgs and other_orgs):
                return True
    return False


# --- the decision --------------------------------------------------------------------------------

@dataclass(frozen=True)
class ActorInfo:
    """An article's actor as the store holds it."""

    actor_id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    code: str | None = None

    @property
    def short(self) -> bool:
        return is_short(self.name, self.type)

    @property
    def key(self) -> str:
        return key(self.name, self.type)

    def alias_keys(self, full_only: bool) -> set[str]:
        return {key(a, self.type) for a in self.aliases
                if key(a, self.type) and not (full_only and is_short(a, self.type))}

    def index_keys(self) -> set[tuple[str, str]]:
        """What this actor adds to the entity it is linked to."""
        keys: set[tuple[str, str]] = set()
        if self.key:
            keys.add(("short" if self.short else "name", self.key))
        keys |= {("alias", k) for k in self.alias_keys(full_only=False)}
        if self.type == "PERSON" and not self.short:
            keys |= {("token", w) for w in self.word_keys()}
        if self.type in ("ORG", "GROUP"):
            keys |= {("initials", i) for i in initials(self.name)}
        return keys

    def probe_pairs(self) -> set[tuple[str, str]]:
        """The (kind, key) pairs ``decide`` looks for: the store fetches the entities holding one."""
        k = self.key
        if not k:
            return set()
        if self.short:
            return {("name", k), ("short", k), ("token", k), ("alias", k)}
        person = self.type == "PERSON"
        pairs = {("name", k), ("alias", k)} | {("name", a) for a in self.alias_keys(full_only=person)}
        if self.type in ("ORG", "GROUP"):
            if is_acronym(self.name):
                pairs.add(("initials", k))
            pairs |= {("name", i) for i in initials(self.name)}
        if person:
            pairs |= {("short", w) for w in self.word_keys() | self.alias_keys(full_only=False)}
        return pairs

    def word_keys(self) -> set[str]:
        return {compact(w) for w in words(self.name, self.type)} - {""}


@dataclass
class Candidate:
    """An entity one of the actor's keys points to: which of its keys matched, its roles, and whether
    another actor of the same article is already linked to it."""

    entity_id: str
    name: str
    seq: int
    keys: set[tuple[str, str]] = field(default_factory=set)
    roles: list[Role] = field(default_factory=list)
    in_article: bool = False


@dataclass(frozen=True)
class Decision:
    entity_id: str | None  # None: a new entity
    rule: str  # name, alias, acronym, same-article, role; new, new-short, new-ambiguous


def decide(actor: ActorInfo, candidates: list[Candidate]) -> Decision:
    """The entity this actor is, among the candidates the store found for its keys, or a new one."""
    k = actor.key
    if not k:
        return Decision(None, "new")
    person = actor.type == "PERSON"
    by_order = sorted(candidates, key=lambda c: c.seq)

    exact = [c for c in by_order if ("name", k) in c.keys]
    if exact:
        chosen = _narrow(actor, exact) or exact[0]
        return Decision(chosen.entity_id, "name")

    if actor.short:
        fits = [c for c in by_order if {("short", k), ("token", k), ("alias", k)} & c.keys]
        return _corroborated(actor, fits, "new-short")

    aliases = actor.alias_keys(full_only=person)
    by_alias = [c for c in by_order if ("alias", k) in c.keys or any(("name", a) in c.keys for a in aliases)]
    if len(by_alias) == 1:
        return Decision(by_alias[0].entity_id, "alias")
    if by_alias:
        chosen = _narrow(actor, by_alias)
        return Decision(chosen.entity_id, "alias") if chosen else Decision(None, "new-ambiguous")

    if actor.type in ("ORG", "GROUP"):
        mine = initials(actor.name)
        by_acronym = [c for c in by_order
                      if (is_acronym(actor.name) and ("initials", k) in c.keys)
                      or any(("name", i) in c.keys and is_acronym(c.name) for i in mine)]
        if len(by_acronym) == 1:
            return Decision(by_acronym[0].entity_id, "acronym")
        if by_acronym:
            chosen = _narrow(actor, by_acronym)
            return Decision(chosen.entity_id, "acronym") if chosen else Decision(None, "new-ambiguous")

    if person:  # a full name that a one-word entity could be short for
        own = actor.word_keys() | actor.alias_keys(full_only=False)
        fits = [c for c in by_order if any(("short", w) in c.keys for w in own)]
        if fits:
            return _corroborated(actor, fits, "new")
    return Decision(None, "new")


def _corroborated(actor: ActorInfo, fits: list[Candidate], otherwise: str) -> Decision:
    same = [c for c in fits if c.in_article]
    if len(same) == 1:
        return Decision(same[0].entity_id, "same-article")
    pool = same or fits
    compatible = [c for c in pool if actor.roles and roles_compatible(actor.roles, c.roles)]
    if len(compatible) == 1:
        return Decision(compatible[0].entity_id, "role")
    return Decision(None, otherwise if len(fits) <= 1 else "new-ambiguous")


def _narrow(actor: ActorInfo, pool: list[Candidate]) -> Candidate | None:
    same = [c for c in pool if c.in_article]
    if len(same) == 1:
        return same[0]
    compatible = [c for c in (same or pool) if actor.roles and roles_compatible(actor.roles, c.roles)]
    return compatible[0] if len(compatible) == 1 else None
