"""Actors: people, organizations and places acting, grouped under one canonical name per article.

spaCy's entities are the candidates. What no library does for news text is done here by hand:
NER errors are repaired (a surname tagged ORG, a dateline glued to a name, a Khmer family name left
outside the entity), short forms ("Chhay", "Rainsy") and defined acronyms ("National Election
Committee (NEC)") join the full name, and titles are split from names ("CPP spokesman Sok Eysan").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from ..records import Actor, ActorType
from .references import resolve_references
from .roles import HONORIFICS, attach_roles, title_words

ENTITY_TYPES: dict[str, ActorType] = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE"}
CONNECTORS = {"of", "and", "for", "the", "&", "de", "on", "in", "to"}
APOSTROPHES = "'\u2019"
# Separators that glue a dateline or a heading onto the entity that follows it.
SEPARATORS = re.compile(r"\s*(?:\n+|•|—|--|\s-\s|_)\s*")
ACRONYM = re.compile(r"^[A-Z][A-Z.&-]*[A-Z]\.?$")


@dataclass
class Mention:
    start: int
    end: int
    text: str
    type: ActorType
    honorific: str | None = None

    @property
    def tokens(self) -> list[str]:
        return self.text.split()


@dataclass
class Group:
    type: ActorType
    mentions: list[Mention] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        """The fullest proper name: the longest non-acronym mention, first seen on ties."""
        names = [m.text for m in self.mentions if not ACRONYM.match(m.text)] or [m.text for m in self.mentions]
        return max(names, key=lambda n: (len(n.split()), len(n)))

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)


def find_actors(doc: Doc) -> list[Actor]:
    """The article's actors, each with every mention's span, in order of first mention."""
    mentions = [m for ent in doc.ents if ent.label_ in ENTITY_TYPES for m in _clean_mentions(ent)]
    mentions = _with_cued_people(doc, mentions)
    mentions = _titled_people(doc, mentions)
    mentions = _with_unnamed_organizations(doc, mentions)
    mentions = _places_named_like_people(doc, mentions)
    mentions = _fix_person_types(mentions)
    mentions += _uncovered_short_forms(doc, mentions)
    mentions = _extend_family_names(doc, mentions)
    groups = _group(mentions, doc.text)
    groups.sort(key=lambda g: g.first)
    actors = attach_roles(doc, [_actor(i, g) for i, g in enumerate(groups, start=1)])
    # descriptions resolve through roles, and a description can carry a role of its own
    # ("The premier, who is also president of the CPP"): roles are read again once they are in
    return attach_roles(doc, resolve_references(doc, actors))


@lru_cache(maxsize=1)
def known_acronyms() -> dict[str, tuple[str, str]]:
    """Acronym -> (full name, type) for acronyms news uses without spelling out (data/acronyms.tsv)."""
    text = resources.files("newscoder.data").joinpath("acronyms.tsv").read_text(encoding="utf-8")
    rows = (ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))
    return {r[0]: (r[1], r[2]) for r in rows if len(r) == 3}


def _expanded(group: Group) -> tuple[str, ActorType]:
    """A group known only by a common acronym gets its full name: 'U.N.' is the 'United Nations'."""
    name = group.name
    if ACRONYM.match(name) and name in known_acronyms():
        full, kind = known_acronyms()[name]
        return full, kind if group.type != "PERSON" else group.type  # type: ignore[return-value]
    return name, group.type


def _actor(number: int, group: Group) -> Actor:
    name, kind = _expanded(group)
    aliases = sorted({a for a in group.aliases | {m.text for m in group.mentions} if a != name})
    spans = sorted({(m.start, m.end) for m in group.mentions})
    return Actor(id=f"A{number}", name=name, type=kind, aliases=tuple(aliases), code=None,
                 mentions=tuple(spans))


# --- cleaning entity spans -------------------------------------------------------------------

def _clean_mentions(ent: Span) -> list[Mention]:
    """The entity with datelines, leading articles, possessives and honorifics cut off."""
    start, text = ent.start_char, ent.text
    parts = SEPARATORS.split(text)
    if len(parts) > 1:  # "CAMBODIA • Son Chhay", "Path to Politics\n\nChhay": keep the last piece
        last = parts[-1]
        start += text.rfind(last)
        text = last
    start, text = _strip_prefix(start, text, ("the ", "The "))
    text = _strip_possessive(text)
    text = text.rstrip(" ,.;:") if not text.endswith(".") or not ACRONYM.match(text) else text
    if not text or not any(c.isupper() for c in text):
        return []  # "boycotts" tagged GPE: an actor's name has a capital letter
    kind = ENTITY_TYPES[ent.label_]
    honorific = None
    first_word = text.split()[0].lower()
    if first_word in HONORIFICS and len(text.split()) > 1:
        honorific = text.split()[0]
        start, text = _strip_prefix(start, text, (honorific + " ",))
        kind = "PERSON"
    elif ent.start > 0 and ent.doc[ent.start - 1].lower_ in HONORIFICS and kind == "PERSON":
        honorific = ent.doc[ent.start - 1].text  # "Dr." before the entity: an alias, not part of the name
    return [Mention(start, start + len(text), text, kind, honorific)]


def _strip_prefix(start: int, text: str, prefixes: tuple[str, ...]) -> tuple[int, str]:
    for prefix in prefixes:
        if text.startswith(prefix):
            return start + len(prefix), text[len(prefix):]
    return start, text


def _strip_possessive(text: str) -> str:
    for apostrophe in APOSTROPHES:
        if text.endswith(apostrophe + "s"):
            return text[:-2]
        if text.endswith("s" + apostrophe):
            return text[:-1]
    return text


# --- repairing NER errors --------------------------------------------------------------------

def _person_tokens(mentions: list[Mention]) -> set[str]:
    return {tok for m in mentions if m.type == "PERSON" for tok in m.tokens}


def _fix_person_types(mentions: list[Mention]) -> list[Mention]:
    """An ORG/GPE mention made only of a known person's name words is that person ("Chhay" as ORG)."""
    names = _person_tokens(mentions)
    multiword = {m.text for m in mentions if m.type == "PERSON" and len(m.tokens) > 1}
    fixed = []
    for m in mentions:
        only_name_words = m.tokens and all(t in names for t in m.tokens) and not ACRONYM.match(m.text)
        short_form = m.type != "PERSON" and only_name_words and (len(m.tokens) == 1 or m.text in multiword)
        if short_form or (m.type == "ORG" and _looks_like_full_name(m, names)):
            m = Mention(m.start, m.end, m.text, "PERSON", m.honorific)
        fixed.append(m)
    return fixed


ORG_WORDS = frozenset(
    {"party", "committee", "council", "court", "ministry", "association", "press", "union", "front", "movement",
     "bank", "group", "agency", "department", "commission", "office", "institute", "center", "centre", "league",
     "army", "police", "government", "assembly", "senate", "parliament", "news", "times", "post", "daily",
     "company", "corporation", "foundation", "network", "organization", "organisation", "watch", "academy",
     "university", "school", "club", "alliance", "coalition", "federation", "society", "service", "forces"}
)


def _titled_people(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """'Government spokesman Phay Siphan' tagged ORG: a short name right after a person's title is a person."""
    out = []
    for m in mentions:
        if m.type != "PERSON" and _after_person_title(doc, m) and len(m.tokens) <= 3 and \
                not any(w.lower() in ORG_WORDS for w in m.tokens) and not ACRONYM.match(m.text):
            m = Mention(m.start, m.end, m.text, "PERSON", m.honorific)
        out.append(m)
    return out


def _after_person_title(doc: Doc, m: Mention) -> bool:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    before = doc[span.start - 1]
    return before.is_lower and before.lower_ in title_words() and before.lower_ not in PERSON_NOUNS


ORG_CONNECTORS = frozenset({"of", "for", "and", "on", "&"})


def _with_unnamed_organizations(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Capitalized runs ending in an organization word that NER missed or cut short
    ("Cambodia-China Journalist Association", "Cambodia Institute for Media Studies")."""
    found = []
    for token in doc:
        if token.lower_ in ORG_WORDS and _title_case(token):
            run = _organization_run(doc, token)
            if run is not None:
                found.append(run)
    for run in found:
        overlapping = [m for m in mentions if m.start < run.end and run.start < m.end]
        if any(m.type == "PERSON" or not (run.start <= m.start and m.end <= run.end) for m in overlapping):
            continue  # never cut into a person or a longer entity
        mentions = [m for m in mentions if m not in overlapping] + [run]
    return mentions


def _organization_run(doc: Doc, head: Token) -> Mention | None:
    first = head.i
    while first > 0 and (_title_case(doc[first - 1]) or _joins(doc, first - 1)) and \
            doc[first - 1].lower_ not in title_words() and doc[first - 1].ent_type_ not in ("PERSON", "DATE"):
        first -= 1
    while first < head.i and (doc[first].text == "-" or doc[first].lower_ == "the"):
        first += 1
    last = head.i
    while last + 2 < len(doc) and doc[last + 1].lower_ in ("for", "of") and _name_part(doc[last + 2]):
        last += 2
        while last + 1 < len(doc) and (_name_part(doc[last + 1]) or doc[last + 1].lower_ in ("and", "&")):
            last += 1
    while last > head.i and not _title_case(doc[last]):
        last -= 1
    if last - first < 1:
        return None
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    return Mention(start, end, doc.text[start:end], "ORG")


def _name_part(token: Token) -> bool:
    return _title_case(token) and token.ent_type_ not in ("PERSON", "DATE", "TIME")


def _joins(doc: Doc, i: int) -> bool:
    """A hyphen inside a name: 'Cambodia-China'."""
    return doc[i].text == "-" and not doc[i].whitespace_ and i > 0 and not doc[i - 1].whitespace_


def _looks_like_full_name(m: Mention, person_words: set[str]) -> bool:
    """'Son Chhay' tagged ORG: two or three capitalized words ending in a known person's name word."""
    words = m.tokens
    return (
        2 <= len(words) <= 3
        and words[-1] in person_words
        and all(w[:1].isupper() and w.isalpha() and not w.isupper() for w in words)
        and not any(w.lower() in ORG_WORDS for w in words)
    )


def _uncovered_short_forms(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Occurrences of a known person's name words that NER missed (each word of a multi-word name)."""
    covered = [(m.start, m.end) for m in mentions]
    words = {t for m in mentions if m.type == "PERSON" and len(m.tokens) > 1 for t in m.tokens}
    words |= {m.text for m in mentions if m.type == "PERSON" and len(m.tokens) == 1}
    found = []
    for token in doc:
        text = _strip_possessive(token.text)
        if text not in words or not text[:1].isupper() or len(text) < 3:
            continue
        start, end = token.idx, token.idx + len(text)
        if any(s < end and start < e for s, e in covered):
            continue
        found.append(Mention(start, end, text, "PERSON"))
    return found


def _extend_family_names(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A one-word person mention preceded by a capitalized name word gets it ("Soy" + "Sopheap")."""
    starts = {m.start for m in mentions}
    out = []
    for m in mentions:
        if m.type == "PERSON" and len(m.tokens) == 1:
            m = _with_preceding_name(doc, m, starts)
        out.append(m)
    return out


def _with_preceding_name(doc: Doc, m: Mention, starts: set[int]) -> Mention:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or span.start == 0:
        return m
    prev = doc[span.start - 1]
    if not _is_name_word(prev) or prev.idx in starts:
        return m
    if prev.i > 0 and _is_name_word(doc[prev.i - 1]) and doc[prev.i - 1].ent_type_ == "ORG":
        pass  # "Journalist Association Soy Sopheap": the org ends before the name word
    return Mention(prev.idx, m.end, doc.text[prev.idx:m.end], "PERSON", m.honorific)


def _is_name_word(token: Token) -> bool:
    return (
        token.pos_ == "PROPN"
        and token.text[:1].isupper()
        and not token.text.isupper()
        and token.text.isalpha()
        and token.lower_ not in title_words()
        and token.ent_type_ not in ("GPE", "NORP", "DATE")
        and not token.is_sent_start
        and (token.i == 0 or token.nbor(-1).text not in ("the", "The"))
    )


# People the NER missed, found by what only people do in news text: "Touch Sarun, 64, a town resident",
# "Ear Sophal, a political scientist", "... said Sarin".
PERSON_NOUNS = frozenset(
    {"resident", "villager", "farmer", "voter", "student", "worker", "scientist", "man", "woman", "mother",
     "father", "son", "daughter", "wife", "husband", "vendor", "driver", "teacher", "monk", "owner", "citizen",
     "supporter", "expert", "observer", "critic", "councilor", "councillor", "politician", "economist"}
)
SPEECH_LEMMAS = frozenset({"say", "tell", "add", "explain", "state", "claim", "note", "ask", "warn", "insist"})
PLACE_NOUNS = frozenset(
    {"province", "provinces", "district", "districts", "commune", "communes", "village", "villages", "city",
     "town", "county", "region", "state", "capital", "municipality"}
)


def _with_cued_people(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Adds person mentions for name-like runs with a person cue; a mis-typed entity under one gives way."""
    found = [m for t in doc if (m := _cued_person(doc, t)) is not None]
    if not found:
        return mentions
    kept = [m for m in mentions if not any(f.start < m.end and m.start < f.end for f in found)]
    return kept + found


def _cued_person(doc: Doc, token: Token) -> Mention | None:
    if token.tag_ != "NNP" or not _title_case(token) or token.ent_type_ == "DATE":
        return None
    if token.i + 1 < len(doc) and doc[token.i + 1].tag_ == "NNP":
        return None  # not the last word of the name
    strong = _has_age(doc, token) or _has_person_appositive(token)
    if not (strong or _is_speech_subject(token)):
        return None
    first = token.i
    while first > 0 and _continues_name_leftward(doc, first - 1, token) and token.i - first < 2:
        first -= 1
    words = [t.lower_ for t in doc[first:token.i + 1]]
    if any(w in title_words() or w in ORG_WORDS for w in words):
        return None
    if token.ent_type_ in ("ORG", "NORP") and not (strong and _entity_is_run(doc, first, token.i)):
        return None
    start, end = doc[first].idx, token.idx + len(token.text)
    return Mention(start, end, doc.text[start:end], "PERSON")


def _entity_is_run(doc: Doc, first: int, last: int) -> bool:
    """The (mis-typed) entity over the name covers exactly the name, nothing more."""
    ent = next((e for e in doc.ents if e.start <= last < e.end), None)
    return ent is not None and ent.start >= first - 1 and ent.end == last + 1


def _continues_name_leftward(doc: Doc, i: int, head: Token) -> bool:
    """A name word before the head: not a title, not a person noun, not the tail of "Ministry of X and Y"."""
    token = doc[i]
    same_entity = token.ent_iob_ != "O" and head.ent_iob_ == "I" and token.ent_type_ == head.ent_type_
    return (
        (token.tag_ in ("NNP", "XX") or same_entity)
        and _title_case(token)
        and token.lower_ not in title_words()
        and token.lower_ not in PERSON_NOUNS
        and (i == 0 or doc[i - 1].lower_ not in ("of", "and", "&"))
    )


def _title_case(token: Token) -> bool:
    return token.text[:1].isupper() and token.text.isalpha() and not token.text.isupper()


def _has_age(doc: Doc, token: Token) -> bool:
    """'Name, 64,': a number of one to three digits set off by commas right after the name."""
    i = token.i
    return (i + 3 < len(doc) and doc[i + 1].text == "," and doc[i + 2].like_num and doc[i + 2].text.isdigit()
            and len(doc[i + 2].text) <= 3 and doc[i + 3].text == ",")


def _has_person_appositive(token: Token) -> bool:
    return any(c.dep_ == "appos" and (c.lemma_.lower() in PERSON_NOUNS or c.lower_ in title_words())
               for c in token.children)


def _is_speech_subject(token: Token) -> bool:
    return token.dep_ == "nsubj" and token.head.lemma_ in SPEECH_LEMMAS and token.ent_type_ != "GPE"


def _places_named_like_people(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """'Siem Reap province', 'Kandal and Lvea Aem districts': a 'person' followed by a place noun is a place."""
    places = {m.text for m in mentions if m.type == "PERSON" and _before_place_noun(doc, m)}
    out = []
    for m in mentions:
        if m.type == "PERSON" and (m.text in places or any(w in PLACE_NOUNS for w in m.text.lower().split())):
            m = Mention(m.start, m.end, m.text, "GPE", m.honorific)
        out.append(m)
    return out


def _before_place_noun(doc: Doc, m: Mention) -> bool:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or span.end >= len(doc):
        return False
    after = doc[span.end]
    if after.lower_ in PLACE_NOUNS:
        return True
    return after.lower_ == "and" and span.end + 2 < len(doc) and doc[span.end + 2].lower_ in PLACE_NOUNS


# --- grouping mentions into actors -----------------------------------------------------------

def _group(mentions: list[Mention], text: str) -> list[Group]:
    mentions = sorted(mentions, key=lambda m: (-len(m.tokens), m.start))
    groups: list[Group] = []
    acronyms = _defined_acronyms(mentions, text)
    for m in mentions:
        group = _find_group(groups, m, acronyms)
        if group is None:
            group = Group(type=m.type)
            groups.append(group)
        group.mentions.append(m)
        if m.honorific:
            group.aliases.add(f"{m.honorific} {m.text}")
    return groups


def _defined_acronyms(mentions: list[Mention], text: str) -> dict[str, str]:
    """'National Election Committee (NEC)' defines NEC; possessives between are allowed."""
    defined = {}
    for m in mentions:
        after = re.match(r"(?:['\u2019]s?)?\s*\(([A-Z][A-Za-z.&-]{1,9})\)", text[m.end:m.end + 16])
        if after and m.type != "PERSON":
            defined[after.group(1)] = m.text
    return defined


def _find_group(groups: list[Group], m: Mention, acronyms: dict[str, str]) -> Group | None:
    for g in groups:
        if g.type == "PERSON" and m.type == "PERSON" and _is_short_form(m, g):
            return g
        if m.type != "PERSON" and g.type != "PERSON" and _same_organization(m, g, acronyms):
            return g
    return None


def _is_short_form(m: Mention, g: Group) -> bool:
    """'Chhay' or 'Son Chhay' belongs to 'Son Chhay': its words are a run of the full name's words."""
    words = m.tokens
    for other in g.mentions:
        full = other.tokens
        if any(full[i:i + len(words)] == words for i in range(len(full) - len(words) + 1)):
            return True
    return False


def _same_organization(m: Mention, g: Group, acronyms: dict[str, str]) -> bool:
    names = {other.text.casefold() for other in g.mentions}
    names |= {known_acronyms()[n.text][0].casefold() for n in g.mentions if n.text in known_acronyms()}
    text = _ACRONYM_PARTY.sub(r"\1", m.text)  # "CNRP party" is the CNRP
    expansion = known_acronyms().get(text, (text, ""))[0]
    if text.casefold() in names or expansion.casefold() in names:
        return True
    if ACRONYM.match(text):
        key = text.replace(".", "")
        defined = acronyms.get(text) or acronyms.get(key)
        if defined is not None:
            return defined.casefold() in names
        return any(_initials(n) == key.upper() for n in (o.text for o in g.mentions))
    return False


_ACRONYM_PARTY = re.compile(r"^([A-Z][A-Z.&-]{1,9}) [Pp]arty$")


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in CONNECTORS]
    return "".join(w[0] for w in words).upper()
