"""Roles: the titles and affiliations an article gives a person.

Each role is a {title, organization}, the organization resolved to the canonical name of an ORG/GPE
actor (or None). Read from the text around every mention of a person (names, descriptions, pronouns):

- pre-nominal titles: "CPP spokesman Sok Eysan", "Prime Minister Hun Sen", "former CNRP president X",
  "Voice of Democracy's media director X", "president of the X Association Y", "observer and UKIP member X";
- appositives, both orders: "Son Chhay, vice-president of the Candlelight Party (CP)", "X, a unionist and
  former CNRP activist", "the CNRP's president, Kem Sokha";
- relative clauses and copulas: "X, who is also director-general of Y", "X is the spokesman for Y";
- "serving as finance minister", "the party now led by X", "X founded Y".

A title phrase is read left to right by one small grammar (`_Reader.phrase`): determiners, an optional
possessor (an organization, "the party's", "its"), modifiers and title words ending in a title word from
data/titles.txt, then an optional complement naming the organization ("of the X", "at X", "for X").
Organization mentions inside the phrase give the organization and are cut out of the title; "the party"
and "its" resolve to the party the article last mentioned. Reads the actors stage's records only.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token

from ..records import Actor, Role


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    text = resources.files("newscoder.data").joinpath("titles.txt").read_text(encoding="utf-8")
    return frozenset(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


HONORIFICS = frozenset(
    {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "samdech", "lok", "oknha", "excellency", "sir",
     "prince", "princess", "king", "queen", "venerable"}
)
# Honorifics that are forms of address, never a role; royal titles ("King Sihanouk") are roles.
ADDRESS_ONLY = frozenset(
    {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "samdech", "lok", "oknha", "excellency", "sir",
     "lord", "lady", "venerable", "his", "her", "madam", "miss", "chumteav", "neak", "ven", "ven."}
)
# Words a title phrase may start with that are not part of the title.
LEADING = frozenset({"a", "an", "the", "another", "one", "also", "then", "now", "currently", "formerly", "once",
                     "still", "both", "this", "that", "as"})
# Modifiers kept out of the title text: "the ruling CPP spokesman", "the late King", "then-Commander".
DROPPED = frozenset({"ruling", "then", "late", "future", "another", "current", "currently", "incumbent", "now", "new",
                     "newly", "longtime", "also", "once", "last"})
# Judgements, not roles: "Chhean is a good leader".
EVALUATIVE = frozenset({"good", "great", "bad", "strong", "weak", "true", "real", "popular", "respected", "capable",
                        "effective", "honest", "brave", "fine", "excellent", "terrible", "poor", "wonderful", "best",
                        "worst", "better", "worse"})
# Modifiers accepted even where they are not lower-case nouns or adjectives ("Deputy", "vice", "co").
MODIFIERS = frozenset({"former", "deputy", "vice", "prime", "acting", "senior", "junior", "chief", "top", "interim",
                       "executive", "general", "associate", "assistant", "co", "ex", "then", "late", "ruling",
                       "future", "longtime", "veteran", "outgoing", "incoming", "permanent", "special", "lead",
                       "opposition", "provincial", "commune", "district", "party", "union", "rights"})
POSSESSIVE_PRONOUNS = frozenset({"its", "their"})
PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "they", "them", "their", "it", "its", "i", "me", "we",
                      "us", "you", "who", "whom"})
PERSONAL_POSSESSIVES = frozenset({"his", "her", "my", "our", "your"})
POSSESSIVE_MARKS = frozenset({"'s", "\u2019s", "'", "\u2019"})
# Nouns that stand for an organization the article names: "the party's spokesman", "its leader".
ORG_NOUNS = frozenset({"party", "government", "ministry", "committee", "court", "association", "council",
                       "commission", "group", "union", "movement", "organization", "organisation", "agency",
                       "army", "company", "front", "alliance", "coalition", "network"})
# Organization nouns that resolve even as a modifier: "ruling party spokesman X" ("union leader" does not).
MODIFIER_ORGS = frozenset({"party", "government"})
# Prepositions whose object is the organization a title belongs to; "to" only for organizations.
COMPLEMENTS = frozenset({"of", "at", "for", "from", "with", "in", "to"})
# Titles whose "of" complement is part of the title: "Minister of Economy and Finance".
OF_TITLES = frozenset({"minister", "secretary", "ministers"})
COPULAS = frozenset({"be", "become", "remain"})
SERVE_VERBS = frozenset({"serve", "work", "act"})
# Verbs that give a role: "the party led by X", "X founded Y".
ROLE_VERBS = {"lead": "leader", "found": "founder", "co-found": "co-founder", "head": "head", "chair": "chair"}
ACRONYM = re.compile(r"^[A-Z][A-Z.&-]*[A-Z]\.?$")
CONNECTORS = frozenset({"of", "and", "for", "the", "&", "de", "on", "in", "to"})
NOT_TITLE_ENTITIES = frozenset({"PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
MAX_PRENOMINAL = 14  # tokens a pre-nominal title phrase may span


# --- roles -----------------------------------------------------------------------------------

def attach_roles(doc: Doc, actors: list[Actor]) -> list[Actor]:
    """The actors, each person with the roles found at its mentions (in order of appearance)."""
    reader = _Reader(doc, actors)
    found: dict[str, list[Role]] = {}

    def add(actor: Actor, roles: list[Role]) -> None:
        bucket = found.setdefault(actor.id, [])
        for role in roles:
            key = (role.title.casefold(), role.organization)
            if all((r.title.casefold(), r.organization) != key for r in bucket):
                bucket.append(role)

    def without_bare_duplicates(roles: list[Role]) -> tuple[Role, ...]:
        """'spokesman' with no organization says nothing 'CPP spokesman' does not."""
        placed = {r.title.lower() for r in roles if r.organization is not None}
        return tuple(r for r in roles if r.organization is not None or r.title.lower() not in placed)

    people = sorted(((s, e, a) for a in actors if a.type == "PERSON" for s, e in a.mentions),
                    key=lambda m: (m[0], m[1]))
    for start, end, actor in people:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            add(actor, reader.roles_at(span.start, span.end))
    for actor, roles in reader.clause_roles():
        add(actor, roles)
    return [dataclasses.replace(a, roles=without_bare_duplicates(found.get(a.id, []))) if a.type == "PERSON" else a
            for a in actors]


@dataclass
class _Phrase:
    """A title phrase read from the text: the title's tokens, its organizations, where it ends."""

    title: list[Token] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    end: int = 0
    head: Token | None = None
    more: list[_Phrase] = field(default_factory=list)  # coordinated titles: "a unionist and former activist"

    def roles(self) -> list[Role]:
        roles = []
        title = _title_text(self.title)
        if title and title.lower() not in ADDRESS_ONLY and not any(t.lower_ in EVALUATIVE for t in self.title):
            orgs = self.orgs or [None]
            roles = [Role(title=title, organization=org) for org in orgs]
        for other in self.more:
            roles += other.roles()
        return roles


def _title_text(tokens: list[Token]) -> str:
    """The kept tokens joined as they stand in the text; a hyphen left dangling is dropped, and a capital
    that only starts the sentence is lowered ('Former president' -> 'former president')."""
    kept = list(tokens)
    while kept and kept[0].text in ("-", "\u2013"):
        kept.pop(0)
    while kept and kept[-1].text in ("-", "\u2013"):
        kept.pop()
    text = "".join(t.text_with_ws for t in kept).strip().rstrip(",")
    if kept and kept[0].is_sent_start and kept[0].is_title and len(kept) > 1 and all(
            t.is_lower or not t.is_alpha for t in kept[1:]):
        text = text[:1].lower() + text[1:]
    return text


class _Reader:
    """Reads title phrases around person mentions of one document."""

    def __init__(self, doc: Doc, actors: list[Actor]):
        self.doc = doc
        self.orgs = [a for a in actors if a.type != "PERSON"]
        # token index -> (actor, first token, end token) of the longest mention covering it: organizations and
        # people's names in `cover`, every person mention (descriptions, pronouns too) in `people`
        self.cover: dict[int, tuple[Actor, int, int]] = {}
        self.people: dict[int, tuple[Actor, int, int]] = {}
        for actor in actors:
            for s, e in actor.mentions:
                span = doc.char_span(s, e, alignment_mode="expand")
                if span is None or not len(span):
                    continue
                named = actor.type != "PERSON" or not self._is_description(span[0])
                for where in (self.cover, self.people) if actor.type == "PERSON" and named else (
                        (self.people,) if actor.type == "PERSON" else (self.cover,)):
                    for i in range(span.start, span.end):
                        held = where.get(i)
                        if held is None or held[2] - held[1] < span.end - span.start:
                            where[i] = (actor, span.start, span.end)
        self.marks = self._modifier_marks()

    # --- where roles are read -------------------------------------------------------------------

    def roles_at(self, start: int, end: int) -> list[Role]:
        """Roles given at one person mention spanning tokens [start, end)."""
        doc = self.doc
        first = doc[start]
        if end - start == 1 and first.pos_ == "PRON" and first.lower_ in PRONOUNS:
            return []
        roles: list[Role] = []
        if self._is_description(first):
            phrase = self.phrase(start, limit=end)
            if phrase is not None and phrase.end == end:
                roles += phrase.roles()
        else:
            roles += self._prenominal(start)
            roles += self._reversed_appositive(start, end)
        roles += self._postnominal(end)
        return roles

    @staticmethod
    def _is_description(token: Token) -> bool:
        """A mention that is not a name: 'the premier', 'he', 'one CPP minister'."""
        return token.lower_ in LEADING or token.lower_ in PRONOUNS or token.is_lower

    def _prenominal(self, start: int) -> list[Role]:
        """'CPP spokesman Sok Eysan', 'president of the X Association Soy Sopheap', 'Dr.' skipped."""
        limit = start
        while limit > 0 and self.doc[limit - 1].lower_ in ADDRESS_ONLY and self.doc[limit - 1].lower_ not in (
                "his", "her"):
            limit -= 1
        return self._phrase_ending_at(limit)

    def _phrase_ending_at(self, limit: int, depth: int = 0) -> list[Role]:
        """The longest title phrase that ends right at token `limit`; and a coordinated one before it."""
        doc = self.doc
        if limit <= 0:
            return []
        last = doc[limit - 1]
        if not (self._is_title_token(last) or self._ends_in_org(limit) or last.is_title and last.is_alpha):
            return []  # the phrase ends in a title word, an organization, or "Minister of Economy and Finance"
        for k in range(max(0, limit - MAX_PRENOMINAL), limit):
            if k > 0 and self._joined(doc[k - 1], doc[k]):
                continue  # inside a hyphenated word
            if not self._same_stretch(k, limit):
                continue
            if k > 0 and self.cover.get(k) and self._loose_capital([doc[k - 1]]) and not doc[k - 1].is_sent_start:
                continue  # the organization is the tail of a longer name NER missed: its title is read without it
            phrase = self.phrase(k, limit=limit, coordinate=False)
            if phrase is None or phrase.end != limit:
                continue
            roles = phrase.roles()
            before = k - 1
            while before >= 0 and doc[before].lower_ in LEADING:
                before -= 1
            if depth == 0 and before > 0 and doc[before].lower_ == "and":
                roles += self._phrase_ending_at(before, depth + 1)  # "observer and UKIP member Richard Wood"
            return roles
        return []

    def _ends_in_org(self, limit: int) -> bool:
        """'president of the Cambodia-China Journalist Association Soy Sopheap': the org ends at the name."""
        held = self.cover.get(limit - 1)
        return held is not None and held[0].type != "PERSON"

    def _same_stretch(self, k: int, limit: int) -> bool:
        """No sentence break between k and limit, except a line broken inside a phrase ('U.N.\\nenvoy X')."""
        for i in range(k + 1, limit):
            token = self.doc[i]
            if token.is_sent_start and not (token.is_lower or self.doc[i - 1].is_space):
                return False
            if token.is_space and ("\n\n" in token.text or i + 1 >= limit or not self.doc[i + 1].is_lower):
                return False
        return True

    def _reversed_appositive(self, start: int, end: int) -> list[Role]:
        """'the CNRP's president, Kem Sokha, said': a title phrase, a comma, then the name."""
        doc = self.doc
        if start < 2 or doc[start - 1].text != ",":
            return []
        after = doc[end] if end < len(doc) else None
        if after is not None and not (after.is_punct or after.pos_ in ("VERB", "AUX") or after.lower_ in (
                "who", "whose")):
            return []
        if after is not None and after.text == "," and end + 1 < len(doc) and doc[end + 1].lower_ == "and":
            return []  # a list of names
        return self._phrase_ending_at(start - 1)

    def _postnominal(self, end: int) -> list[Role]:
        """'X, vice-president of Y', 'X, who is also director-general of Y', 'X is the spokesman for Y'."""
        doc = self.doc
        i = end
        if i < len(doc) and doc[i].text in POSSESSIVE_MARKS:
            return []
        comma = i < len(doc) and doc[i].text == ","
        if comma:
            i += 1
            if i + 1 < len(doc) and doc[i].like_num and doc[i + 1].text == ",":
                i += 2  # "X, 41, the former CNRP councilor"
            if i < len(doc) and doc[i].lower_ in ("who", "which"):
                i = self._after_copula(i + 1)
                if i is None:
                    return []
        else:
            i = self._after_copula(i)
            if i is None:
                return []
        while i < len(doc) and doc[i].lower_ in ("then", "now", "also", "formerly", "once", "currently", "still"):
            i += 1
        i = self._after_serving(i)
        phrase = self.phrase(i, limit=len(doc), coordinate=True)
        return phrase.roles() if phrase is not None else []

    def _after_copula(self, i: int) -> int | None:
        """The token after 'is', 'was', 'has been', 'became', 'serves as' ... or None."""
        doc = self.doc
        if i + 1 < len(doc) and doc[i].lower_ in ("has", "had", "have") and doc[i + 1].lower_ == "been":
            i += 1
        if i < len(doc) and doc[i].lemma_.lower() in COPULAS and doc[i].lower_ not in ("be", "being"):
            j = i + 1
            while j < len(doc) and doc[j].lower_ in ("also", "now", "then", "currently", "still", "formerly", "once"):
                j += 1
            if j < len(doc) and doc[j].lower_ == "not":
                return None
            return j
        if i < len(doc) and doc[i].lemma_.lower() in SERVE_VERBS and i + 1 < len(doc) and doc[i + 1].lower_ == "as":
            return i + 2
        return None

    def _after_serving(self, i: int) -> int:
        doc = self.doc
        if i + 1 < len(doc) and doc[i].lemma_.lower() in SERVE_VERBS and doc[i + 1].lower_ == "as":
            return i + 2
        return i

    def clause_roles(self) -> list[tuple[Actor, list[Role]]]:
        """Roles stated by a clause around the person: copulas, 'serving as', 'led by'."""
        out = []
        for token in self.doc:
            lemma = token.lemma_.lower()
            if lemma in COPULAS and token.pos_ in ("AUX", "VERB"):
                out += self._copula_roles(token)
            elif token.lower_ == "as" and token.head.lemma_.lower() in SERVE_VERBS:
                person = self._subject_of(token.head)
                phrase = self.phrase(token.i + 1, limit=len(self.doc), coordinate=True)
                if person is not None and phrase is not None:
                    out.append((person, phrase.roles()))
            elif lemma in ROLE_VERBS and token.pos_ == "VERB":
                out += self._verb_roles(token, ROLE_VERBS[lemma])
        return out

    def _copula_roles(self, verb: Token) -> list[tuple[Actor, list[Role]]]:
        if any(c.dep_ == "neg" for c in verb.children):
            return []
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        attrs = [c for c in verb.children if c.dep_ == "attr"]
        out = []
        for subject in subjects:
            for attr in attrs:
                person = self._person_of(subject)
                if person is not None:
                    phrase = self.phrase(attr.left_edge.i, limit=len(self.doc), coordinate=True)
                    if phrase is not None and phrase.head is not None and phrase.head.i <= attr.i + 2:
                        out.append((person, phrase.roles()))
                    continue
                person = self._person_of(attr)  # "One civil servant put to use by the CPP is Dara"
                if person is not None and subject.i < verb.i:
                    phrase = self.phrase(subject.left_edge.i, limit=verb.i, coordinate=False)
                    if phrase is not None and phrase.head is not None and phrase.head.i == subject.i:
                        out.append((person, phrase.roles()))
        return out

    def _verb_roles(self, verb: Token, title: str) -> list[tuple[Actor, list[Role]]]:
        """'the Grassroots Democratic Party ... now led by agronomist Yang Saing Koma'; 'X leads the CNRP'."""
        if any(c.dep_ == "neg" for c in verb.children):
            return []
        out = []
        agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        for agent in agents:
            person = self._person_of(agent)
            governor = verb
            while governor.dep_ == "conj" and governor.head is not governor:
                governor = governor.head  # "the party set up by X and now led by Y"
            if governor.dep_ == "acl":
                org = self._org_of(governor.head)
            else:
                org = next((o for c in governor.children if c.dep_ == "nsubjpass" if (o := self._org_of(c))), None)
            if org is None:
                org = self._org_before(verb)
            if person is not None and org is not None:
                out.append((person, [Role(title=title, organization=org)]))
        if not agents:
            person = self._subject_of(verb)
            org = next((o for c in verb.children if c.dep_ == "dobj" if (o := self._org_of(c))), None)
            if person is not None and org is not None:
                out.append((person, [Role(title=title, organization=org)]))
        return out

    def _org_before(self, verb: Token) -> str | None:
        """'the Grassroots Democratic Party set up by X and now led by Y' parsed loosely: the organization
        named just before, with no finite verb between."""
        for i in range(verb.i - 1, max(verb.sent.start, verb.i - 15) - 1, -1):
            held = self.cover.get(i)
            if held is not None and held[0].type == "ORG":
                return held[0].name
            if self.doc[i].tag_ in ("VBD", "VBZ", "VBP", "MD") or self.doc[i].text in (";", ":", "\u2013", "\u2014"):
                return None
        return None

    def _subject_of(self, verb: Token) -> Actor | None:
        """The person who is the subject of a verb, following clauses up ('while serving as', 'then serving as')."""
        token = verb
        for _ in range(5):
            subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                return self._person_of(subjects[0])
            if token.dep_ in ("acl", "relcl"):
                return self._person_of(token.head)
            if token.dep_ in ("advcl", "xcomp", "conj", "pcomp", "prep") and token.head is not token:
                token = token.head
                continue
            return None
        return None

    def _person_of(self, token: Token) -> Actor | None:
        if token.lower_ in ("who", "that") and token.head.dep_ == "relcl":
            token = token.head.head
        held = self.people.get(token.i)
        return held[0] if held is not None else None

    def _org_of(self, token: Token) -> str | None:
        held = self.cover.get(token.i)
        if held is not None and held[0].type != "PERSON":
            return held[0].name
        if token.lower_ in ORG_NOUNS:
            return self._describe(token, [t.lower_ for t in token.lefts])
        return None

    # --- the title phrase grammar ---------------------------------------------------------------

    def phrase(self, i: int, limit: int, coordinate: bool = True) -> _Phrase | None:
        """A title phrase starting at token i and ending by `limit`, or None."""
        doc = self.doc
        limit = min(limit, len(doc))
        out = _Phrase()
        while i < limit and doc[i].lower_ in LEADING and not (i + 1 < len(doc) and self._joined(doc[i], doc[i + 1])):
            i += 1
        if i < limit and doc[i].lower_ in POSSESSIVE_PRONOUNS:
            org = self._pronoun_org(doc[i])
            if org:
                out.orgs.append(org)
            i += 1
        elif i < limit and doc[i].lower_ in PERSONAL_POSSESSIVES:
            i += 1
        words: list[Token] = []  # title tokens so far, org mentions excluded
        head_end = None
        while i < limit:
            token = doc[i]
            if token.is_space:
                if "\n\n" in token.text or i + 1 >= limit or not doc[i + 1].is_lower:
                    break
                i += 1  # a line broken inside the phrase: "U.N.\nenvoy Benny Widyono"
                continue
            held = self.cover.get(i)
            if held is not None and held[1] < i and not words and not out.orgs:
                return None  # starts inside a mention
            if held is not None:
                actor, s, e = held
                if actor.type == "PERSON":
                    break
                e = min(e, limit)
                if e + 1 >= limit and e < limit and doc[e].text in POSSESSIVE_MARKS:
                    break  # a possessive that ends the phrase owns nothing in it
                parent, rest = self._split_org(actor, s, e)
                if out.orgs and not (len(out.orgs) == 1 and not words):
                    break  # a second organization: the phrase is over
                out.orgs = [parent]
                words += rest
                i = self._skip_parenthetical(e, limit)
                if i < limit and doc[i].text in POSSESSIVE_MARKS:
                    i += 1
                    words = []  # "Voice of Democracy's media director": the possessor is not the title
                continue
            word_end = self._word_end(i, limit)
            pieces = list(doc[i:word_end])
            if word_end < limit and doc[word_end].text in POSSESSIVE_MARKS and len(pieces) == 1:
                # a possessor: "the party's", "the country's"; a plural one stays in the title ("teachers' union")
                mark = doc[word_end]
                if mark.text in ("'", "\u2019") and token.lower_.endswith("s") and self._accepts(pieces):
                    words += pieces + [mark]
                    i = word_end + 1
                    continue
                if token.lower_ in ORG_NOUNS:
                    org = self._describe(token, [w.lower_ for w in words])
                    out.orgs = [org] if org else out.orgs
                elif not token.is_lower and (org := self._acronym_org(token)):
                    out.orgs = [org]
                words = []
                i = word_end + 1
                continue
            if len(pieces) == 1 and not out.orgs and (org := self._acronym_org(token)):
                out.orgs.append(org)  # "then a BLDP lawmaker": an acronym NER left out
                i = word_end
                continue
            if not self._accepts(pieces):
                break
            if self._loose_capital(pieces) and word_end < limit and self.cover.get(word_end):
                break  # "Transparency International Cambodia director": a name NER missed, not a title
            if len(pieces) == 1 and token.lower_ in MODIFIER_ORGS and not out.orgs and word_end < limit and (
                    org := self._describe(token, [w.lower_ for w in doc[max(0, i - 2):i]])):
                out.orgs = [org]  # "ruling party spokesman X", "government spokesman X"
                words = [w for w in words if w.lower_ not in ("ruling", "opposition")]
                i = word_end
                continue
            words += self._kept(pieces)
            i = word_end
            if self._is_title_word(pieces):
                head_end = i
                out.head = pieces[-1]
                if pieces[-1].lower_ in OF_TITLES:
                    j = self._of_title_end(i, limit)
                    if j is not None:
                        words += list(doc[i:j])
                        out.orgs = out.orgs or self._ministry(doc[i + 1:j].text)
                        i = head_end = j
                        break
        if head_end is None or head_end != i and not self._only_dropped(head_end, i):
            return None
        words = [w for w in words if w.i < head_end]
        out.title = words
        out.end = head_end
        i = head_end
        i = self._complement(out, i, limit)
        if coordinate and i < limit and doc[i].lower_ == "and":
            more = self.phrase(i + 1, limit, coordinate=True)
            if more is not None and more.head is not None:
                out.more.append(more)
                i = more.end
        out.end = i
        return out

    def _only_dropped(self, start: int, end: int) -> bool:
        return all(self.doc[j].lower_ in DROPPED for j in range(start, end))

    def _complement(self, out: _Phrase, i: int, limit: int) -> int:
        """'of the Candlelight Party', 'at UNHCR office in Bangkok', 'for the ruling party': the organization."""
        doc = self.doc
        extra = 0
        while i < limit and doc[i].lower_ in COMPLEMENTS and extra < 2:
            prep = doc[i].lower_
            found = self._complement_org(i + 1, limit, prep)
            if found is None:
                j = self._common_object(i + 1, limit) if prep == "of" and not extra else None
                if j is not None:
                    out.title += list(doc[out.end:j])  # "co-author of the report": part of the title
                    out.end = i = j
                break
            org, j = found
            if org is not None:
                if out.orgs and org not in out.orgs and len(out.orgs) < 2 and prep in ("at", "of"):
                    out.orgs.append(org)  # "director-general of the Department of X at the Ministry of Y"
                elif not out.orgs:
                    out.orgs = [org]
            i = j
            extra += 1
        return i

    def _complement_org(self, i: int, limit: int, prep: str) -> tuple[str | None, int] | None:
        """The organization a complement names and where it ends; None when it names none."""
        doc = self.doc
        while i < limit and doc[i].lower_ in ("the", "a", "an"):
            i += 1
        modifiers: list[str] = []
        start = i
        while i < limit and i - start < 6:
            token = doc[i]
            held = self.cover.get(i)
            if held is not None:
                actor, s, e = held
                if actor.type == "PERSON" or s < start:
                    return None
                e = min(e, limit)
                if prep != "of" and actor.type == "GPE":
                    return None  # "envoy to Cambodia", "an analyst in Phnom Penh": a place, not an employer
                end = self._skip_parenthetical(e, limit)
                if end < limit and doc[end].text in POSSESSIVE_MARKS:
                    # "director of HRW's Asia division" is HRW's; "a member of Malaysia's parliament" not Malaysia's
                    end += 1
                    while end < limit and doc[end].pos_ in ("NOUN", "ADJ", "PROPN") and not self.cover.get(end):
                        end += 1
                    return (self._split_org(actor, s, e)[0] if actor.type != "GPE" else None), end
                if end < limit and doc[end].is_title and doc[end].is_alpha and not self.cover.get(end):
                    return None, end  # NER cut the name short: "ASEAN" of "ASEAN Parliamentarians for ..."
                parent, _ = self._split_org(actor, s, e)
                return parent, end
            if token.lower_ in ORG_NOUNS and (i + 1 >= limit or not doc[i + 1].is_lower or doc[i + 1].lower_ in (
                    "and", "in", "of", "who", "which", "that", "to")) and not (i + 1 < limit and self.cover.get(i + 1)):
                return self._describe(token, modifiers), i + 1  # "of the party", unresolved or not
            if ACRONYM.match(token.text) and (org := self._acronym_org(token)):
                return org, i + 1
            word_end = self._word_end(i, limit)
            pieces = [t for t in doc[i:word_end] if t.text not in ("-", "\u2013")]
            if pieces and all(t.is_lower and t.is_alpha for t in pieces) and (
                    pieces[-1].pos_ in ("ADJ", "NOUN") or pieces[-1].dep_ == "amod"):
                modifiers.append(token.lower_)  # "of local human rights group Licadho", "the long-defunct X"
                i = word_end
                continue
            return None
        return None

    def _common_object(self, i: int, limit: int) -> int | None:
        """The end of a short common noun phrase ('the report'), no name in it, or None."""
        doc = self.doc
        j = i
        while j < limit and j - i < 4 and doc[j].is_lower and doc[j].is_alpha and not self.cover.get(j) and (
                doc[j].pos_ in ("DET", "ADJ", "NOUN")):
            j += 1
        if j == i or doc[j - 1].pos_ != "NOUN" or doc[j - 1].tag_ == "NNS":
            return None
        return j

    def _of_title_end(self, i: int, limit: int) -> int | None:
        """'Minister of Economy and Finance', 'Minister of Social Affairs, Veterans and Youth Rehabilitation'."""
        doc = self.doc
        if i + 1 >= limit or doc[i].lower_ != "of" or not doc[i + 1].is_title:
            return None
        held = self.cover.get(i + 1)
        if held is not None and held[0].type == "GPE":
            return None  # "Prime Minister of Cambodia": the country is the organization
        j = i + 1
        end = None
        while j < limit:
            token = doc[j]
            held = self.cover.get(j)
            if held is not None and held[0].type == "PERSON":
                break
            if token.is_title and token.is_alpha:
                j += 1
                end = j
            elif token.lower_ in ("and", "&", ",") and j + 1 < limit and doc[j + 1].is_title:
                j += 1
            else:
                break
        return end

    def _ministry(self, field_name: str) -> list[str]:
        """The actor 'Ministry of X' for a 'Minister of X', if the article names it."""
        wanted = ("ministry of " + field_name).casefold()
        for actor in self.orgs:
            if actor.name.casefold() == wanted or any(a.casefold() == wanted for a in actor.aliases):
                return [actor.name]
        return []

    # --- words ------------------------------------------------------------------------------------

    def _word_end(self, i: int, limit: int) -> int:
        """The end of the hyphenated word starting at token i ('vice-president', 'then-Commander')."""
        doc = self.doc
        j = i + 1
        while j + 1 < limit and doc[j].text in ("-", "\u2013") and self._joined(doc[j - 1], doc[j]) \
                and self._joined(doc[j], doc[j + 1]) and not self.cover.get(j + 1):
            j += 2
        return j

    @staticmethod
    def _joined(a: Token, b: Token) -> bool:
        """Two tokens written together as one hyphenated word."""
        return not a.whitespace_ and (a.text in ("-", "\u2013") or b.text in ("-", "\u2013"))

    def _accepts(self, pieces: list[Token]) -> bool:
        """A word that may stand in a title phrase: a title word, a modifier, a lower-case noun or adjective."""
        alpha = [p for p in pieces if p.text not in ("-", "\u2013")]
        if not alpha:
            return False
        if self._is_title_word(pieces) or all(p.lower_ in MODIFIERS for p in alpha):
            return True
        if _origin(alpha):
            return True  # "a U.S.-based academic", kept out of the title
        first = alpha[0]
        if any(p.ent_type_ in NOT_TITLE_ENTITIES for p in alpha) or first.like_num:
            return False
        if all(p.is_alpha for p in alpha) and all(p.pos_ in ("NOUN", "ADJ", "PROPN") or p.dep_ in ("amod", "compound")
                                                  for p in alpha):
            if all(p.is_lower for p in alpha):
                return True
            # capitalized: "Interior Minister", "Executive Committee member", "NORP" nationality words
            return all(p.pos_ in ("PROPN", "NOUN", "ADJ") for p in alpha)
        # "self-exiled"
        return all(p.is_lower and p.is_alpha for p in alpha) and alpha[-1].pos_ == "VERB" and alpha[-1].dep_ == "amod"

    def _loose_capital(self, pieces: list[Token]) -> bool:
        """A capitalized word outside any mention that is no title word: 'Interior', 'Transparency'."""
        alpha = [p for p in pieces if p.text not in ("-", "\u2013")]
        return bool(alpha) and alpha[0].is_title and alpha[0].is_alpha and not self.cover.get(alpha[0].i) and not (
            self._is_title_word(pieces) or all(p.lower_ in MODIFIERS for p in alpha))

    def _kept(self, pieces: list[Token]) -> list[Token]:
        """The pieces of a word that go into the title text: 'then-Commander' keeps 'Commander'."""
        alpha = [p for p in pieces if p.text not in ("-", "\u2013")]
        if alpha and _origin(alpha):
            return []
        if any(p.ent_type_ == "NORP" for p in alpha) and not self._is_title_word(pieces):
            return []  # "Thai", "Cambodian": a nationality, not a title
        if not self._is_title_word(pieces) and alpha and alpha[-1].tag_ in ("VBN", "VBD") and alpha[-1].is_lower:
            return []  # "assassinated political analyst", "self-exiled opposition leader": events, not the title
        kept = list(pieces)
        while kept and (kept[0].lower_ in DROPPED or kept[0].text in ("-", "\u2013")):
            kept.pop(0)
        if len(pieces) == 1 and pieces[0].lower_ in DROPPED:
            return []
        return kept

    def _is_title_word(self, pieces: list[Token]) -> bool:
        words = title_words()
        alpha = [p for p in pieces if p.text not in ("-", "\u2013")]
        if not alpha:
            return False
        whole = "".join(p.text for p in pieces).lower()
        last = alpha[-1]
        if last.lower_ in ("elect", "designate") and len(alpha) > 1:
            last = alpha[-2]
        return whole in words or last.lower_ in words or (
            last.lemma_.lower() in words and last.tag_ not in ("NNS", "NNPS"))

    def _is_title_token(self, token: Token) -> bool:
        return self._is_title_word([token]) and token.lower_ not in ADDRESS_ONLY

    def _skip_parenthetical(self, i: int, limit: int) -> int:
        """Past '(CPP)' after an organization's name."""
        doc = self.doc
        if i + 2 < limit and doc[i].text == "(" and doc[i + 2].text == ")" and len(doc[i + 1].text) <= 10:
            return i + 3
        return i

    # --- organizations ------------------------------------------------------------------------------

    def _split_org(self, actor: Actor, start: int, end: int) -> tuple[str, list[Token]]:
        """'CPP Executive Committee' is the CPP's committee: the CPP, with 'Executive Committee' for the title."""
        doc = self.doc
        first = doc[start]
        if end - start > 1 and ACRONYM.match(first.text):
            parent = self._acronym_org(first, exclude=actor)
            if parent is not None:
                rest = [t for t in doc[start + 1:end] if not t.is_lower and t.is_alpha]
                return parent, rest
        return actor.name, []

    def _acronym_org(self, token: Token, exclude: Actor | None = None) -> str | None:
        """The organization an acronym stands for: a mention's text, an alias, or its name's initials."""
        text = token.text
        if not ACRONYM.match(text):
            return None
        key = text.replace(".", "").upper()
        for actor in self.orgs:
            if actor is exclude:
                continue
            names = [actor.name, *actor.aliases]
            if any(n.replace(".", "").upper() == key for n in names) or _initials(actor.name) == key:
                return actor.name
        return None

    def _pronoun_org(self, token: Token) -> str | None:
        """'its leader': the organization last mentioned in the same sentence."""
        sent = token.sent
        for i in range(token.i - 1, sent.start - 1, -1):
            held = self.cover.get(i)
            if held is not None and held[0].type == "ORG":
                return held[0].name
            t = self.doc[i]
            if t.lower_ in ORG_NOUNS and t.dep_ not in ("compound",) and not self.cover.get(i):
                org = self._describe(t, [c.lower_ for c in t.lefts])
                if org:
                    return org
        return None

    def _describe(self, noun: Token, modifiers: list[str]) -> str | None:
        """'the party', 'the ruling party', 'the opposition party' -> the party actor meant, if any.

        With 'ruling' or 'opposition', the party the article calls so; otherwise the one named earlier in the
        same sentence, else the one the article has named most so far.
        """
        word = noun.lower_
        candidates = [a for a in self.orgs if a.type == "ORG"
                      and word in (w.lower() for w in re.findall(r"\w+", a.name))]
        if not candidates:
            return None
        for mark in ("ruling", "opposition"):
            if mark in modifiers:
                marked = [a for a in candidates if mark in self.marks.get(a.id, set())]
                return marked[0].name if len(marked) == 1 else None
        position, sentence = noun.idx, noun.sent.start_char
        best = None
        for actor in candidates:
            before = [s for s, _ in actor.mentions if s < position]
            if not before:
                continue
            # named earlier in the same sentence first, then the most often named so far, then the latest
            key = (max(before) >= sentence, max(before) if max(before) >= sentence else 0, len(before), max(before))
            if best is None or key > best[0]:
                best = (key, actor)
        return best[1].name if best else None

    def _modifier_marks(self) -> dict[str, set[str]]:
        """Words like 'ruling' and 'opposition' that the article puts before an organization's mentions."""
        marks: dict[str, set[str]] = {}
        for actor in self.orgs:
            for s, _ in actor.mentions:
                span = self.doc.char_span(s, s + 1, alignment_mode="expand")
                if span is None:
                    continue
                for i in range(span.start - 1, max(span.sent.start, span.start - 7) - 1, -1):
                    held = self.cover.get(i)
                    if held is not None and held[0] is not actor:
                        break  # "the ruling CPP and the CNRP": the mark is the CPP's
                    if self.doc[i].lower_ in ("ruling", "opposition"):
                        marks.setdefault(actor.id, set()).add(self.doc[i].lower_)
        return marks


def _origin(alpha: list[Token]) -> bool:
    """'U.S.-based', 'Phnom Penh-born': where someone is from, not what they are."""
    last = alpha[-1].lower_
    return any(last == w or last.endswith("-" + w) for w in ("based", "born", "educated", "trained"))


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in CONNECTORS]
    return "".join(w[0] for w in words if w[:1].isalpha()).upper()
