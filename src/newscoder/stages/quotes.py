"""The quotes stage: direct, partial and reported speech, each tied to its speaker.

``find_quotes(doc, actors)`` reads a parsed article and returns ``Quote`` records
(docs/record-schema.md). Three kinds:

- ``direct``: a quotation in quote marks that is a whole sentence or more, with its cue before
  (``X said: "..."``, also at the end of the paragraph before), after (``"...," said X`` / ``"...," he
  said``), or none at all: a quotation right after a cued one in the same paragraph (``"A," he said. "B."``)
  shares its cue and speaker mention; a quoted paragraph further on belongs to the speaker of the nearest
  quote or cue before it, its speaker mention the one they were last named by. A sentence split by its cue
  (``"A," he said, "and B."``) and quotations side by side (``"A." "B," she said``) are one quote with
  several content spans.
- ``partial``: a quoted fragment inside a narrative sentence, attributed to the cue that governs it or to
  the subject of its clause; its content is what the cue attributes, the fragment inside it (``Lind said
  the plan was "dead on arrival"``, ``called the vote "a sham"``). A term in quotation marks with neither a
  cue nor a known actor as subject is no one's words and is left out.
- ``indirect``: reported speech and, as in PolNeAR's attribution relations, the beliefs, intentions and
  stances news attribute to a source: a clause (``X said (that) ...``, ``X believes ...``, ``the poll
  shows ...``, ``..., X said``), an infinitive (``X urged Y to ...``, ``X vowed to ...``), an object or a
  preposition's object (``X criticized the plan``, ``X called for ...``), ``according to X, ...`` and
  headlines (``X: ...``). Which word in which frame is a cue comes from a lexicon learned from PolNeAR's
  training articles (data/attribution_cues.tsv, scripts/learn_cues.py); the text is the content only
  (no "that", no trailing aside such as ", which ...").

Quotation marks are found on the raw text, paragraph by paragraph (a paragraph is a line), so an
unclosed mark ends with its paragraph; cues and speakers come from the dependency parse. Speakers are
resolved through ``ActorLookup``: a pronoun goes to the nearest preceding actor of its kind that was a
clause's subject (outside quotation marks, in its own or the two paragraphs before), else to the nearest
one mentioned; a subject that is no known actor is kept as its noun phrase text; "who" in "X, who said"
is the speaker mention of X.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from spacy.tokens import Doc, Token

from ..records import Actor, ActorLookup, Quote, Span
from .attribution_model import (
    BROAD_FRAMES,
    SPEECH_FRAMES,
    AttributionModel,
    attribution_model,
    frame_family,
    lexicon_features,
)

__all__ = ["Candidate", "attribution_candidates", "cue_lexicon", "find_quotes", "speech_verbs"]

# Opening marks and the closing marks that may end them. A right double mark standing before a word
# opens too (some texts use it both ways); any closing mark ends the open quotation.
_OPENERS = ("``", "\u2018\u2018", "\u201c", '"', "\u201e")
_CLOSERS = ("''", "\u2019\u2019", "\u201d", '"', "\u201c")
_QUOTE_CHARS = set("\u201c\u201d\u201e\"`'\u2018\u2019")

# Sentence end: . ! ? or an ellipsis not right after a lone capital (U.S., U.N.), then space.
_SENT_END = re.compile(r"(?<!\b[A-Z])[.!?\u2026]+[\"\u201d\u2019')\]]*(?=\s|$)")
# A headline that names a source, then a colon: "Sanders: 'We will fight on'", "Poll: Clinton leads".
_HEADLINE = re.compile(r"([A-Z][\w.\u2019'&-]*(?: [A-Z][\w.\u2019'&-]*){0,4}): (\S)")
_HEADLINE_SOURCES = {"poll", "report", "survey", "study", "analysis"}
# Titles and abbreviations whose full stop ends no sentence: "Mr. Kerry said".
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "sen", "rep", "reps", "gov", "gen", "lt", "col", "capt", "sgt", "prof", "rev",
    "st", "jr", "sr", "mt", "ft", "vs", "no", "gens", "sens", "adm", "cmdr", "maj", "pres", "supt",
}
_WORD_BEFORE = re.compile(r"(\w+)$")


def _sentence_ends(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Sentence ends in ``text[start:end]``, skipping the full stop of a title or abbreviation."""
    out = []
    for m in _SENT_END.finditer(text, start, end):
        if text[m.start()] == "." and m.end() - m.start() == 1:
            word = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
            if word and word.group(1).lower() in _ABBREVIATIONS:
                continue
        out.append(m)
    return out

# Verbs whose object is the one spoken to (addressee) and, with an infinitive, the content's agent.
_ADDRESS_VERBS = {
    "tell", "ask", "urge", "inform", "warn", "remind", "assure", "reassure", "notify", "advise",
    "call", "appeal", "encourage", "promise", "pledge",
}
_SUBJECT_DEPS = {"nsubj", "csubj"}
_PERSONAL = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
_IMPERSONAL = {"it", "its", "itself"}
_PLURAL = {"they", "them", "their", "themselves"}
# Dependencies through which a verb without its own subject takes its governor's.
_INHERIT_DEPS = {"conj", "advcl", "xcomp", "pcomp"}


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    """Word forms (and lemmas) of the verbs that introduce speech, from data/speech_verbs.txt."""
    path = resources.files("newscoder").joinpath("data", "speech_verbs.txt")
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip().lower()
        if line and not line.startswith("#"):
            words.add(line)
    return frozenset(words)


# Reported speech and other attributions (beliefs, intentions, evaluations: "thinks that ...", "wants to
# ...", "criticized the plan") are read from frames (see _Finder.frames) and taken when the cue lexicon
# (data/attribution_cues.tsv, learned from PolNeAR's training articles by scripts/learn_cues.py) says their
# lemma and frame were an attribution's cue often enough: at least _THRESHOLD of the time for clauses and for
# speech verbs, _THRESHOLD_BROAD for the infinitive and prepositional frames of other words, which are more
# often mere actions ("declined to send observers"), _THRESHOLD_OBJECT for their objects. A speech verb the
# lexicon has seen fewer than _MIN_SEEN times in a frame of reported speech counts as _UNSEEN_SPEECH.
_THRESHOLD = 0.3
_THRESHOLD_BROAD = 0.5
_THRESHOLD_OBJECT = 0.35
_MIN_SEEN = 3
_UNSEEN_SPEECH = 0.5
_BROAD_FRAMES = BROAD_FRAMES  # ("obj", "to", "prep_")
_SPEECH_FRAMES = SPEECH_FRAMES
# Frames whose speaker a following quotation without a cue of its own may inherit.
_CARRY_FRAMES = {"ccomp", "inverted", "according"}
# Named-entity types of a time or place, which are circumstances of a cue, not its content.
_CIRCUMSTANCE = {"DATE", "TIME", "GPE", "LOC", "FAC"}
# Prepositions after an object that name the object's role in what is attributed ("saw it as ...").
_OBJ_PREPS = {"as", "of", "for", "to", "about", "on", "with", "over", "against", "into", "from"}
# A cue's circumstances, never part of what it attributes: a time ("during the debate", "since Monday") or
# the occasion it was said on ("in an interview", "at a forum", "on Twitter"): "rejected that argument in a
# ruling" attributes "that argument".
_TIME_PREPS = {"during", "since", "throughout", "until"}
_SETTING_PREPS = {"in", "at", "on", "during", "via", "through"}
_OCCASIONS = frozenset({
    "interview", "email", "e-mail", "statement", "speech", "ruling", "letter", "tweet", "twitter", "facebook",
    "remark", "debate", "forum", "diatribe", "post", "op-ed", "article", "report", "hearing", "meeting",
    "conference", "rally", "event", "broadcast", "video", "appearance", "address", "briefing", "memo",
    "testimony", "column", "editorial", "book", "podcast", "show", "program", "programme", "radio", "television",
    "tv", "message", "call", "session", "news", "filing", "lawsuit", "complaint", "decision", "opinion",
})
# A dateline: a place in capitals (and an agency), then a bullet or a dash.
_DATELINE = re.compile(r"[A-Z][A-Z .,'-]{2,40}(?:\([A-Za-z.]+\))?\s*[\u2022\u2014\u2013-]+\s*")
# Subordinators of a clause of cause or concession, which is no cue's content even when parsed as one.
_CAUSE_MARKS = {"because", "although", "though", "unless", "whereas"}
# The most words a quoted fragment may have and still be taken for a label or scare quote ("the “flawed”
# election", "referred to her “sex tape”") rather than anyone's words, when no clause around it holds it.
_SHORT_FRAGMENT = 3
# Marks before an aside that a content leaves out: ", which ...", " - while ...".
_ASIDE_MARKS = {",", "-", "\u2013", "\u2014", "--", "("}
# Words a content may open with that the attribution model tells apart (others count by part of speech).
_OPENING_WORDS = {
    "that", "to", "whether", "if", "the", "a", "an", "he", "she", "they", "it", "we", "i", "there", "this", "his",
    "her", "their", "what", "how", "why", "when",
}
_MODALS = {"would", "could", "may", "might", "will", "can", "should", "must"}
_QUESTION_VERBS = {"ask", "press", "question", "quiz", "query"}


@lru_cache(maxsize=1)
def cue_lexicon() -> dict[tuple[str, str, str], tuple[int, int]]:
    """(lemma, word class, frame) -> (times seen outside another attribution's content, times the cue of
    an attribution whose content the frame found), from data/attribution_cues.tsv."""
    path = resources.files("newscoder").joinpath("data", "attribution_cues.tsv")
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        lemma, cls, frame, seen, cued, *_ = line.split("\t")
        out[(lemma, cls, frame)] = (int(seen), int(cued))
    return out


@dataclass
class _Quotation:
    """One stretch of text inside quotation marks."""

    open_start: int  # the opening mark
    start: int  # content, marks and surrounding whitespace excluded
    end: int
    close_end: int  # just past the closing mark (the content's end when unclosed)
    closed: bool
    para_start: int
    para_end: int
    raw_end: int = 0  # the content's end before a trailing comma was cut


@dataclass
class _Speaker:
    name: str | None = None
    actor: Actor | None = None
    span: Span | None = None


@dataclass
class _Frame:
    """A content that hangs from a cue word: how it hangs (``name``), its tokens, the cue's own words and
    all that the cue governs (``reach``: the content before an aside was cut from it)."""

    name: str
    toks: set[int]
    cue: tuple[Token, ...]
    reach: set[int] = field(default_factory=set)


def _pos_class(tok: Token) -> str | None:
    """V(erb), N(oun), A(djective) or None: the word classes that carry cues."""
    if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
        return "V"
    if tok.pos_ in ("NOUN", "PROPN"):
        return "N"
    if tok.pos_ == "ADJ":
        return "A"
    if tok.lower_ == "according":
        return "V"
    if tok.lower_ == "in":
        return "P"
    return None


@dataclass
class _Draft:
    kind: str
    spans: list[Span]
    speakers: list[_Speaker] = field(default_factory=list)
    cue_text: str | None = None
    cue_span: Span | None = None
    addressee: str | None = None
    frame: str = ""
    bare: bool = False  # a partial quote's content is the quoted words alone: no clause around them holds them


# --------------------------------------------------------------------------------------------
# Quotation marks


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            out.append((pos, end))
        pos = end + 1
    return out


def _mark_at(text: str, i: int, marks: tuple[str, ...]) -> str | None:
    for mark in marks:
        if text.startswith(mark, i):
            return mark
    return None


def _quotations(text: str, verbs: frozenset[str] = frozenset()) -> list[_Quotation]:
    """Every quotation, scanned paragraph by paragraph; an unclosed one ends with its paragraph, or
    where a new quotation opens (a closing mark left out: ``"A, he said. "B."``)."""
    found: list[_Quotation] = []
    for p_start, p_end in _paragraphs(text):
        i, open_at, content_at = p_start, None, 0
        while i < p_end:
            if open_at is None:
                mark = _mark_at(text, i, _OPENERS)
                if mark is None and text[i] == "\u201d":
                    # a right mark used as an opener: at a word's start, a word right after it
                    before = text[i - 1] if i > p_start else " "
                    after = text[i + 1] if i + 1 < p_end else " "
                    if (before.isspace() or before in "([") and after.isalnum():
                        mark = "\u201d"
                if mark is None and text.startswith("''", i):
                    # two apostrophes open as well as close in some papers: ''We won,'' she said.
                    before = text[i - 1] if i > p_start else " "
                    after = text[i + 2] if i + 2 < p_end else " "
                    if (before.isspace() or before in "([") and not after.isspace():
                        mark = "''"
                if mark == '"' and i > p_start and (text[i - 1].isdigit() or text[i - 1] == "'"):
                    mark = None  # an inch mark: 5'11"
                if mark is not None:
                    open_at, content_at = i, i + len(mark)
                    i += len(mark)
                    continue
                i += 1
                continue
            mark = _mark_at(text, i, _CLOSERS)
            if mark == "\u201c" or (mark is None and text.startswith("``", i)):
                if text[i - 1].isalnum() or text[i - 1] in ".,?!":
                    mark = "\u201c"  # a left mark used as a closer, right after a word
                else:
                    # a new quotation opens before this one closed
                    found.append(_unclosed(text, open_at, content_at, i, p_start, p_end, verbs))
                    open_at = None
                    continue
            if mark is not None:
                found.append(_make_quotation(text, open_at, content_at, i, i + len(mark), True, p_start, p_end))
                open_at = None
                i += len(mark)
                continue
            i += 1
        if open_at is not None:
            found.append(_make_quotation(text, open_at, content_at, p_end, p_end, False, p_start, p_end))
    return [q for q in found if q.end > q.start]


_INNER_CUE = re.compile(r",\s+((?:[\w\-\u2019']+\s+){0,4}?([a-z]+))\s*[.,]?\s*$")


def _unclosed(text, open_at, start, end, p_start, p_end, verbs) -> _Quotation:
    """A quotation cut short by the next opening mark. When it ends with a cue (", he said."), the
    cue is left outside it."""
    m = _INNER_CUE.search(text, start, end)
    if m and m.group(2) in verbs:
        return _make_quotation(text, open_at, start, m.start() + 1, m.start() + 1, True, p_start, p_end)
    return _make_quotation(text, open_at, start, end, end, False, p_start, p_end)


def _closes(inner: str, mark: str) -> bool:
    """Whether ``mark`` closes a bracket or quotation left open in ``inner``."""
    pairs = {")": "(", "]": "[", "\u201d": "\u201c", "''": "``"}
    if mark in pairs:
        return inner.count(pairs[mark]) > inner.count(mark)
    if mark == '"':
        return inner.count('"') % 2 == 1
    return False


def _make_quotation(text, open_at, start, end, close_end, closed, p_start, p_end) -> _Quotation:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    raw_end = end
    if end > start and text[end - 1] == ",":
        end -= 1
    return _Quotation(open_at, start, end, close_end, closed, p_start, p_end, raw_end)


# --------------------------------------------------------------------------------------------
# The finder


class _Finder:
    def __init__(self, doc: Doc, lookup: ActorLookup, join_quotations: bool = False, use_model: bool = True):
        self.doc = doc
        self.join_quotations = join_quotations
        self.use_model = use_model
        self.text = doc.text
        self.lookup = lookup
        self.verbs = speech_verbs()
        self.starts = [t.idx for t in doc]
        self.quotations = _quotations(self.text, self.verbs)
        self.paras = _paragraphs(self.text)
        self.para_starts = [p[0] for p in self.paras]
        self.q_starts = [q.open_start for q in self.quotations]
        self.has_sents = doc.has_annotation("SENT_START") or doc.has_annotation("DEP")
        self.chunks: dict[int, tuple[int, int]] = {}
        try:
            for chunk in doc.noun_chunks:
                for t in chunk:
                    self.chunks[t.i] = (chunk.start, chunk.end)
        except ValueError:  # no parser: no noun chunks
            pass

    # --- helpers on positions

    def tokens(self, start: int, end: int) -> list[Token]:
        lo = bisect.bisect_left(self.starts, start)
        out = []
        for i in range(lo, len(self.doc)):
            t = self.doc[i]
            if t.idx >= end:
                break
            out.append(t)
        return out

    def sent_start(self, tok: Token) -> int:
        return tok.sent.start if self.has_sents else tok.i

    def sent_end(self, tok: Token) -> int:
        return tok.sent.end if self.has_sents else tok.i + 1

    def para_of(self, pos: int) -> int:
        return bisect.bisect_right(self.para_starts, pos) - 1

    def same_para(self, a: Token, b: Token) -> bool:
        return self.para_of(a.idx) == self.para_of(b.idx)

    def inside_quotation(self, pos: int) -> _Quotation | None:
        i = bisect.bisect_right(self.q_starts, pos) - 1
        if i >= 0:
            q = self.quotations[i]
            if q.open_start <= pos < max(q.close_end, q.end):
                return q
        return None

    def quoted_share(self, spans: list[Span]) -> float:
        total = sum(e - s for s, e in spans)
        inside = 0
        for q in self.quotations:
            for s, e in spans:
                inside += max(0, min(e, q.close_end) - max(s, q.open_start))
        return inside / total if total else 0.0

    def word_count(self, spans: list[Span]) -> int:
        return sum(1 for s, e in spans for t in self.tokens(s, e) if not (t.is_punct or t.is_space))

    def is_speech_verb(self, tok: Token) -> bool:
        if not (tok.pos_ == "VERB" or tok.tag_.startswith("VB")):
            return False
        return tok.lower_ in self.verbs or tok.lemma_.lower() in self.verbs

    # --- speakers

    def name_span(self, tok: Token) -> tuple[int, int]:
        """Token range of the noun phrase headed by ``tok`` (with an "of" phrase: "members of the
        opposition"), without appositions, clauses or commas, and within the head's paragraph."""
        lo, hi = self.chunks.get(tok.i, (tok.i, tok.i + 1))
        if not lo <= tok.i < hi:
            lo, hi = tok.i, tok.i + 1
        for child in tok.children:
            if child.dep_ == "prep" and child.i == hi and child.lower_ == "of":
                hi = max(hi, child.right_edge.i + 1)
        para = self.para_of(tok.idx)
        while lo < tok.i and self.para_of(self.doc[lo].idx) != para:
            lo += 1
        while hi > tok.i + 1 and self.para_of(self.doc[hi - 1].idx) != para:
            hi -= 1
        return lo, hi

    def resolve(self, tok: Token) -> list[_Speaker]:
        """The speaker(s) a subject token names: actors where known, else its noun phrase text.
        Conjoined actors ("HRW and FIDH said") are one speaker each."""
        relative = None
        if tok.tag_ in ("WP", "WDT") and tok.head.dep_ in ("relcl", "acl") and tok.head.head != tok:
            # "Smith, who said ...": the speaker is the one "who" stands for, the mention is "who"
            relative, tok = tok, tok.head.head
        first = self.resolve_one(tok)
        if relative is not None:
            first.span = (relative.idx, relative.idx + len(relative))
        speakers = [first]
        for conj in tok.conjuncts:
            if conj.i > tok.i and conj.pos_ in ("PROPN", "NOUN") and self.same_para(tok, conj):
                other = self.resolve_one(conj, related=False)
                if other.actor is None:
                    continue
                if first.actor is None:
                    # "observer and party member Richard Wood": one person, described twice
                    speakers = [other]
                    first = other
                elif all(other.actor != s.actor for s in speakers):
                    speakers.append(other)
        return speakers

    def actor_in(self, lo: int, hi: int, head: Token) -> tuple[Actor, Span] | None:
        """The actor named in tokens [lo, hi): the mention covering ``head``, else the last person."""
        if hi <= lo:
            return None
        start, end = self.doc[lo].idx, self.doc[hi - 1].idx + len(self.doc[hi - 1])
        h0, h1 = head.idx, head.idx + len(head)
        found = []
        for actor in self.lookup.actors:
            for s, e in actor.mentions:
                if s < end and start < e:
                    found.append((s < h1 and h0 < e, actor.type == "PERSON", e, -s, actor, (s, e)))
        if not found:
            return None
        best = max(found, key=lambda f: f[:4])
        return best[4], best[5]

    def resolve_one(self, tok: Token, related: bool = True) -> _Speaker:
        low = tok.lower_
        span = (tok.idx, tok.idx + len(tok))
        if tok.pos_ == "PRON" or low in _PERSONAL | _IMPERSONAL | _PLURAL:
            if low in _PERSONAL:
                types: tuple[str, ...] = ("PERSON",)
            elif low in _IMPERSONAL:
                types = ("ORG", "GPE", "GROUP")
            elif low in _PLURAL:
                types = ("ORG", "GROUP", "GPE")
            else:
                return _Speaker(None, None, span)
            actor = self.antecedent(tok.idx, types)
            return _Speaker(actor.name if actor else None, actor, span)
        lo, hi = self.name_span(tok)
        phrase = self.doc[lo:hi]
        chunk_lo, chunk_hi = self.chunks.get(tok.i, (tok.i, tok.i + 1))
        hit = self.actor_in(max(lo, chunk_lo), min(hi, chunk_hi), tok)
        if hit is None and related:
            # "Nop Vy" in "the media director, Nop Vy, confirmed"
            for child in tok.children:
                if child.dep_ == "appos" and self.same_para(tok, child):
                    other = self.resolve_one(child, related=False)
                    if other.actor is not None:
                        return other
        if hit is None and tok.pos_ == "NOUN":
            # an organization's people or papers speak for it: "CNRP officials", "the CSIS report",
            # "Benny Widyono's account", "figures from the NEC"
            for child in tok.children:
                if child.dep_ in ("compound", "poss") and child.i < tok.i:
                    other = self.actor_in(child.left_edge.i, child.i + 1, child)
                    if other is not None and (other[0].type != "PERSON" or child.dep_ == "poss"):
                        hit = other
                elif child.dep_ == "prep" and child.lower_ in ("from", "by", "of") and self.same_para(tok, child):
                    pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                    if pobj is not None:
                        other = self.actor_in(pobj.left_edge.i, pobj.i + 1, pobj)
                        if other is not None and other[0].type != "PERSON":
                            hit = other
        if hit is None and tok.pos_ == "NOUN" and any(c.lower_ == "the" for c in tok.children):
            # "The spokesman added ...": the person last named with that title
            titled = self.titled(tok)
            if titled is not None:
                return _Speaker(titled.name, titled, (phrase.start_char, phrase.end_char))
        if hit is not None:
            return _Speaker(hit[0].name, hit[0], hit[1])
        return _Speaker(phrase.text, None, (phrase.start_char, phrase.end_char))

    def last_mention(self, speaker: _Speaker, pos: int) -> Span | None:
        """The speaker's last mention before ``pos`` outside quotation marks."""
        best = speaker.span
        if speaker.actor is not None:
            for s, e in speaker.actor.mentions:
                if e <= pos and self.inside_quotation(s) is None and (best is None or s > best[0]):
                    best = (s, e)
        return best

    def titled(self, tok: Token) -> Actor | None:
        """The person mentioned last before ``tok`` whose role title ends with the word ``tok``."""
        word = tok.lower_
        best: tuple[int, Actor] | None = None
        for actor in self.lookup.actors:
            if actor.type != "PERSON" or not any(r.title.lower().split()[-1:] == [word] for r in actor.roles):
                continue
            for _, e in actor.mentions:
                if e <= tok.idx and (best is None or e > best[0]):
                    best = (e, actor)
        return best[1] if best else None

    def antecedent(self, pos: int, types: tuple[str, ...], depth: int = 0) -> Actor | None:
        """The actor a pronoun at ``pos`` refers to: among actors of ``types`` mentioned before it outside
        quotation marks, the nearest one that was a main clause's subject (the person a paragraph is
        about, not one named in an object) in this or the two paragraphs before, following a subject
        pronoun back to its own antecedent ("He admires ... ", he says); else the nearest mention."""
        cands = [
            (e, s, actor)
            for actor in self.lookup.actors
            if actor.type in types
            for s, e in actor.mentions
            if e <= pos and self.inside_quotation(s) is None
        ]
        if "PERSON" in types:
            words = _PERSONAL
        elif "ORG" in types:
            words = _IMPERSONAL | _PLURAL
        else:
            words = set()
        floor = self.paras[max(0, self.para_of(pos) - 2)][0] if self.paras else 0
        pronouns = [
            (t.idx + len(t), t.idx, None)
            for t in self.tokens(floor, pos)
            if t.lower_ in words and t.dep_ in ("nsubj", "nsubjpass") and self.inside_quotation(t.idx) is None
        ]
        ordered = sorted(cands + pronouns, key=lambda c: (c[0], c[1]))
        for e, s, actor in reversed(ordered):
            if s < floor:
                break
            if not self.is_subject(s, e):
                continue
            if actor is not None:
                return actor
            if depth < 3:
                return self.antecedent(s, types, depth + 1)
        return max(cands, key=lambda c: (c[0], c[1]))[2] if cands else None

    def is_subject(self, start: int, end: int) -> bool:
        toks = self.tokens(start, end)
        if not toks:
            return False
        inside = {t.i for t in toks}
        root = next((t for t in toks if t.head.i not in inside or t.head == t), toks[-1])
        para = self.para_of(start)
        if self.para_of(root.head.idx) != para:
            # the parse ran across a paragraph break: a name opening its paragraph is its subject
            before = self.text[self.paras[para][0] : start]
            return not before.strip()
        for _ in range(4):
            if root.dep_ in ("nsubj", "nsubjpass"):
                return root.head.dep_ not in ("relcl", "acl")
            if root.dep_ in ("compound", "appos", "conj", "flat") and root.head != root:
                root = root.head
            else:
                break
        return False

    def subject_of(self, verb: Token, depth: int = 0) -> tuple[Token | None, Token]:
        """The subject of ``verb``, or of the verb it hangs from when it has none (participles, "and added")."""
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS and self.same_para(c, verb)]
        if subjects:
            return subjects[0], verb
        if depth == 0 and verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj", "xcomp"):
            # "..., adding that ...": the one who speaks in the sentence above it, else the subject
            # of the sentence's main clause ("He does not think ..., complaining that ...")
            node, top = verb.head, None
            for _ in range(8):
                if not self.same_para(node, verb):
                    break
                subj = next((c for c in node.children if c.dep_ in _SUBJECT_DEPS), None)
                if self.is_speech_verb(node) and subj is not None:
                    return subj, node
                if subj is not None:
                    top = (subj, node)
                if node.head == node:
                    break
                node = node.head
            if top is not None:
                return top
        if depth < 4 and verb.dep_ in _INHERIT_DEPS and verb.head != verb and self.same_para(verb, verb.head):
            head = verb.head
            if head.dep_ == "prep" and head.head != head:  # "by saying": verb <- pcomp <- prep
                head = head.head
            if head.pos_ in ("VERB", "AUX"):
                return self.subject_of(head, depth + 1)
        if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):  # "a minister telling ..."
            return verb.head, verb
        return None, verb

    def addressee(self, verb: Token) -> str | None:
        if verb.lemma_.lower() not in _ADDRESS_VERBS:
            return None
        for child in verb.children:
            if child.dep_ in ("dobj", "dative", "iobj") and child.pos_ in ("PROPN", "NOUN", "PRON"):
                speaker = self.resolve_one(child)
                if speaker.actor is not None:
                    return speaker.actor.name
            if child.dep_ in ("prep", "prt") and child.lower_ == "on" and verb.lemma_.lower() == "call":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        speaker = self.resolve_one(pobj)
                        if speaker.actor is not None:
                            return speaker.actor.name
        return None

    def cue_speakers(self, verb: Token) -> list[_Speaker]:
        subj, _ = self.subject_of(verb)
        if subj is None:
            return []
        return self.resolve(subj)

    def passive(self, verb: Token) -> bool:
        deps = {c.dep_ for c in verb.children}
        if "auxpass" in deps or "nsubjpass" in deps:
            return True
        # a bare past participle ("Asked why ..., he said") is the reporter asking, not the subject
        if verb.tag_ == "VBN" and "aux" not in deps and verb.dep_ in ("advcl", "acl", "amod"):
            return True
        return verb.i == self.sent_start(verb) and verb.tag_ in ("VBN", "VBD") and not deps & _SUBJECT_DEPS

    # --- direct and partial quotations

    def window_after(self, q: _Quotation) -> tuple[int, int]:
        start = q.close_end
        end = q.para_end
        i = bisect.bisect_right(self.q_starts, start - 1)
        if i < len(self.quotations) and self.quotations[i].open_start < end:
            end = self.quotations[i].open_start
        ends = _sentence_ends(self.text, start, end)
        if ends:
            end = min(end, ends[0].end())
        return start, end

    def window_before(self, q: _Quotation) -> tuple[int, int]:
        start = q.para_start
        for other in self.quotations:
            if other.para_start == q.para_start and other.close_end <= q.open_start:
                start = max(start, other.close_end)
        for m in _sentence_ends(self.text, start, q.open_start):
            start = max(start, m.end())
        return start, q.open_start

    def cue_after(self, q: _Quotation) -> Token | None:
        """A speech verb right after the quotation: ``"...," he said`` / ``said X`` / ``X, the ..., said``."""
        toks = [t for t in self.tokens(*self.window_after(q)) if not all(c in _QUOTE_CHARS for c in t.text)]
        for t in toks:
            if t.is_space:
                continue
            if self.is_speech_verb(t) and not self.passive(t):
                return t
            if t.lower_ == "according":
                return t
            if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") and t.text[:1].islower():
                return None  # narrative goes on: "... " elections are a myth, he said
        return None

    def cue_before(self, q: _Quotation) -> Token | None:
        """A speech verb in the clause before the quotation: ``X said: "..."``."""
        start, end = self.window_before(q)
        if not self.text[start:end].strip():
            # a quoted paragraph introduced by the paragraph before it: "Reporter X said:"
            para = self.para_of(q.open_start)
            if para > 0 and self.text[: self.paras[para - 1][1]].rstrip().endswith(":"):
                p_start, p_end = self.paras[para - 1]
                ends = _sentence_ends(self.text, p_start, p_end)
                start = max([m.end() for m in ends if m.end() < p_end - 1], default=p_start)
                end = p_end
        for t in reversed(self.tokens(start, end)):
            if self.is_speech_verb(t) and not self.passive(t):
                return t
        return None

    def is_title(self, q: _Quotation) -> bool:
        """A name or title in quotation marks ("Dancing in Shadows"): every longer word capitalized."""
        words = re.findall(r"[^\W\d_][\w\-\u2019']*", self.text[q.start : q.end])
        long = [w for w in words if len(w) > 3]
        return len(words) >= 2 and bool(long) and len(words) <= 12 and all(w[0].isupper() for w in long)

    def is_direct(self, q: _Quotation, after: Token | None, before: Token | None) -> bool:
        content = self.text[q.start : q.raw_end or q.end]
        letters = [c for c in content if c.isalpha()]
        upper = bool(letters) and letters[0].isupper()
        pre = self.text[slice(*self.window_before(q))].strip()
        if not pre:
            if not q.closed or content[-1:] in ".,?!\u2026;:-\u2013\u2014" or after is not None:
                return True
            post = self.text[q.close_end : self.window_after(q)[1]].strip()
            return not post or post[0] in ".?!,"
        if pre.endswith(":"):
            return True
        if upper and before is not None and (pre.endswith(",") or pre.endswith(before.text)):
            return True
        # the second half of a quotation split by its cue: "A," he said, "and B."
        start = self.window_before(q)[0]
        return before is not None and pre.endswith(",") and any(
            o.close_end == start and o.para_start == q.para_start for o in self.quotations
        )

    def verb_over(self, q: _Quotation) -> Token | None:
        """The nearest verb above the quotation's words in the parse, outside the quotation."""
        toks = [t for t in self.tokens(q.start, q.end) if not t.is_space]
        if not toks:
            return None
        inside = {t.i for t in toks}
        heads = [t for t in toks if t.head.i not in inside or t.head == t]
        node = heads[0].head if heads[0].head.i not in inside else heads[0]
        seen = 0
        while seen < 30:
            seen += 1
            if node.i not in inside and node.pos_ in ("VERB", "AUX"):
                return node
            if node.head == node:
                return node if node.i not in inside else None
            node = node.head
        return None

    def partial_speaker(self, q: _Quotation) -> tuple[list[_Speaker], Token | None]:
        """The speech verb that governs a quoted fragment, else the subject of its clause."""
        verb = self.verb_over(q)
        node, steps = verb, 0
        while node is not None and steps < 8:
            if self.is_speech_verb(node) and not self.passive(node):
                speakers = self.cue_speakers(node)
                if speakers:
                    return speakers, node
            if node.head == node:
                break
            node, steps = node.head, steps + 1
        if verb is None:
            return [], None
        sent = self.doc[self.sent_start(verb) : self.sent_end(verb)]
        for t in sent:  # "According to X, the government was "authoritarian""
            if t.lower_ == "according" and t.i + 1 < len(self.doc) and t.nbor(1).lower_ == "to":
                speakers = self.according_to(t)
                if speakers:
                    return speakers, t
        node = verb
        for _ in range(4):  # "He and his colleagues, he said, "are being watched""
            for child in node.children:
                if child.dep_ == "parataxis" and self.is_speech_verb(child) and child.idx < q.open_start:
                    speakers = self.cue_speakers(child)
                    if speakers:
                        return speakers, child
            if node.head == node:
                break
            node = node.head
        subj, _ = self.subject_of(verb)
        if subj is None:
            for child in verb.children:
                if child.dep_ == "agent":  # "labeled "traitors" by the media"
                    subj = next((c for c in child.children if c.dep_ == "pobj"), None)
        if subj is None and verb.dep_ in ("relcl", "acl"):
            return [], None
        if subj is None or self.inside_quotation(subj.idx) is not None:
            return [], None
        return self.resolve(subj), None

    def partial_content(self, q: _Quotation, cue: Token | None) -> list[Span] | None:
        """What a quoted fragment is part of: the content of the frame, of its cue or of the verb over it,
        that holds it ("called the plan a "dangerous gamble""), within the paragraph."""
        node = cue if cue is not None else self.verb_over(q)
        if node is None or node.lower_ == "according":
            return None
        inside = {t.i for t in self.tokens(q.start, q.end) if not t.is_space}
        para = self.para_of(q.start)
        for frame in self.frames(node):
            toks = {i for i in frame.toks if self.para_of(self.doc[i].idx) == para}
            if inside <= toks | {i for i in inside if self.doc[i].is_punct}:
                return self.clause_spans(toks)
        return None

    def according_to(self, tok: Token) -> list[_Speaker]:
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        if to is None:
            nxt = tok.nbor(1) if tok.i + 1 < len(self.doc) else None
            to = nxt if nxt is not None and nxt.lower_ == "to" else None
        if to is None:
            return []
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return []
        return [self.resolve_one(pobj)]

    def direct_drafts(self) -> list[_Draft]:
        drafts: list[_Draft] = []
        for q in self.quotations:
            after, before = self.cue_after(q), self.cue_before(q)
            if self.is_title(q) and after is None:
                drafts.append(_Draft("title", [(q.start, q.end)]))
                continue
            kind = "direct" if self.is_direct(q, after, before) else "partial"
            draft = _Draft(kind, [(q.start, q.end)])
            if kind == "direct":
                cue = after or before
                if cue is not None:
                    speakers = (
                        self.according_to(cue) if cue.lower_ == "according" else self.cue_speakers(cue)
                    )
                    if not speakers and cue is after:
                        speakers = self.inverted_subject(cue, q)
                    self.set_cue(draft, cue, speakers)
            else:
                speakers, cue = self.partial_speaker(q)
                draft.speakers = speakers
                if cue is not None:
                    self.set_cue(draft, cue, speakers)
                content = self.partial_content(q, cue)
                draft.spans, draft.bare = (content, False) if content else (draft.spans, True)
            drafts.append(draft)
        # a direct quotation without a cue of its own: the cue of the quotation right after it in
        # the same paragraph ("A." "B," he said), else the last speaker before it
        for i in range(len(drafts) - 2, -1, -1):
            d, q, nxt, nq = drafts[i], self.quotations[i], drafts[i + 1], self.quotations[i + 1]
            if d.kind == "direct" and not d.speakers and nxt.kind == "direct" and nxt.speakers:
                gap = self.text[q.close_end : nq.open_start]
                if nq.para_start == q.para_start and not any(c.isalnum() for c in gap):
                    d.speakers, d.cue_text, d.cue_span = nxt.speakers, nxt.cue_text, nxt.cue_span
                    d.addressee = nxt.addressee
        # a sentence split by its cue is one quotation: "A," he said, "and B."; so are quotations with
        # nothing between them ("A." "B," she said)
        merged: list[_Draft] = []
        for i, d in enumerate(drafts):
            prev = merged[-1] if merged else None
            if prev is not None and prev.kind == d.kind == "direct" and prev.cue_span is not None and i > 0:
                q, pq = self.quotations[i], self.quotations[i - 1]
                gap = self.text[pq.close_end : q.open_start]
                split = gap.rstrip().endswith(",") and pq.close_end <= prev.cue_span[0] < q.open_start
                if q.para_start == pq.para_start and d.cue_span == prev.cue_span and (split or not gap.strip()):
                    prev.spans = prev.spans + d.spans
                    continue
            merged.append(d)
        return merged

    def inverted_subject(self, verb: Token, q: _Quotation) -> list[_Speaker]:
        """``"...," said Hun Sen`` parsed without a subject: the noun phrase right after the verb
        ("asked observer Emmanuel Dupuy, president of ...")."""
        end = self.window_after(q)[1]
        run = []
        for t in self.tokens(verb.idx + len(verb), end):
            if t.is_punct or t.pos_ in ("VERB", "AUX", "ADP", "SCONJ"):
                break
            run.append(t)
        nouns = [t for t in run if t.pos_ in ("PROPN", "NOUN", "PRON")]
        if not nouns:
            return []
        hit = self.actor_in(run[0].i, run[-1].i + 1, nouns[-1])
        if hit is not None:
            return [_Speaker(hit[0].name, hit[0], hit[1])]
        return [self.resolve_one(nouns[-1])]

    def set_cue(
        self, draft: _Draft, cue: Token, speakers: list[_Speaker], words: tuple[Token, ...] = ()
    ) -> None:
        draft.speakers = speakers
        if len(words) > 1 and cue.lower_ != "according":  # "called for", "critical of"
            draft.cue_text = self.text[words[0].idx : words[-1].idx + len(words[-1])]
            draft.cue_span = (words[0].idx, words[-1].idx + len(words[-1]))
            draft.addressee = self.addressee(cue)
        elif cue.lower_ == "according" and cue.i + 1 < len(self.doc):
            nxt = cue.nbor(1)
            draft.cue_text = self.text[cue.idx : nxt.idx + len(nxt)]
            draft.cue_span = (cue.idx, nxt.idx + len(nxt))
        else:
            draft.cue_text = cue.text
            draft.cue_span = (cue.idx, cue.idx + len(cue))
            draft.addressee = self.addressee(cue)
            source = self.subject_of(cue)[1]
            if draft.addressee is None and source != cue:  # "X told Y to ..., saying that ..."
                draft.addressee = self.addressee(source)

    # --- reported speech

    def clause_spans(self, tokens: set[int]) -> list[Span]:
        """Character spans of a token set: no leading "that", no trailing or edge punctuation."""
        order = sorted(tokens)
        while order and (self.doc[order[0]].is_punct or self.doc[order[0]].is_space):
            order.pop(0)
        if order and self.doc[order[0]].lower_ == "that" and self.doc[order[0]].dep_ == "mark":
            order.pop(0)
        while order and (
            self.doc[order[-1]].is_punct or self.doc[order[-1]].is_space or self.doc[order[-1]].dep_ == "cc"
        ):
            last = self.doc[order[-1]]
            if order[0] != order[-1] and _closes(self.text[self.doc[order[0]].idx : last.idx], last.text):
                break  # keeps the mark or bracket that closes one opened inside the clause
            order.pop()
        spans: list[Span] = []
        prev = None
        for i in order:
            t = self.doc[i]
            if prev is not None and i == prev + 1:
                spans[-1] = (spans[-1][0], t.idx + len(t))
            else:
                spans.append((t.idx, t.idx + len(t)))
            prev = i
        # a token like "Sen." carries the sentence's full stop
        if spans and self.text[spans[-1][1] - 1] == "." and not self.text[spans[-1][0] : spans[-1][1] - 1].count(
            "."
        ):
            spans[-1] = (spans[-1][0], spans[-1][1] - 1)
        return [s for s in spans if s[1] > s[0]]

    # --- attribution frames: every way a content may hang from a cue word

    def frames(self, tok: Token) -> list[_Frame]:
        """The contents ``tok`` may introduce, one per frame: a clause ("ccomp": said (that) ...), an
        infinitive ("to": wants to ..., urged voters to ...), an object ("obj": criticized the plan,
        called the vote a sham), a preposition's object ("prep_about": talked about ...), a clause hanging
        from a noun or adjective ("that": the claim that ...), the clause the cue hangs from ("inverted":
        ..., he said, ...), "according to" and "in" (in a new poll, ...)."""
        cls = _pos_class(tok)
        if cls is None:
            return []
        kids = [c for c in tok.children if self.same_para(c, tok)]
        out: list[_Frame] = []
        if cls == "P":  # "In a new poll, Clinton leads by six points"
            obj = next((c for c in kids if c.dep_ == "pobj" and c.pos_ == "NOUN"), None)
            head = tok.head
            if obj is not None and head != tok and head.pos_ in ("VERB", "AUX") and tok.dep_ == "prep":
                toks = {t.i for t in head.subtree} - {t.i for t in tok.subtree}
                return [_Frame("in", toks, (tok,))]
            return []
        if tok.lower_ == "according":
            to = next((c for c in kids if c.lower_ == "to"), None)
            head = tok.head
            if to is not None and head != tok and head.pos_ in ("VERB", "AUX"):
                toks = {t.i for t in head.subtree} - {t.i for t in tok.subtree}
                return [_Frame("according", toks, (tok, to))]
            return []
        # not a clause of cause or concession the parser hung there ("fears ..., because ...")
        has_object = any(c.dep_ == "dobj" for c in kids)
        ccomp = [c for c in kids if c.dep_ == "ccomp" and not self.is_reason(c, has_object)]
        if ccomp:
            toks: set[int] = set()
            for c in ccomp:
                toks |= {t.i for t in c.subtree}
            out.append(_Frame("ccomp", toks | self.base_conjuncts(tok, max(toks)), (tok,)))
        for c in kids:
            infinitive = c.i > tok.i and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            if infinitive and c.dep_ == "advcl" and c.left_edge.lower_ == "for":
                # "called for the council to act", parsed as a clause of its own
                out.append(_Frame("to", set(range(c.left_edge.i + 1, c.right_edge.i + 1)), (tok, c.left_edge)))
                break
            if infinitive and c.dep_ == "xcomp":
                lo = c.left_edge.i
                for o in kids:
                    if o.dep_ in ("dobj", "dative") and tok.i < o.i < lo:
                        lo = o.left_edge.i
                    if o.dep_ in ("prep", "prt") and o.lower_ in ("on", "for") and tok.i < o.i < lo:
                        lo = o.i + 1  # "called on X to ...", "called for X to ..."
                toks = set(range(lo, c.right_edge.i + 1)) | self.base_conjuncts(tok, c.right_edge.i)
                out.append(_Frame("to", toks, (tok,)))
                break
        dobj = next((c for c in kids if c.dep_ == "dobj" and c.i > tok.i), None)
        if dobj is not None:
            hi, name = dobj.right_edge.i, "obj"
            for c in kids:
                if c.i > dobj.i and (
                    (c.dep_ in ("oprd", "xcomp", "ccomp") and not self.is_reason(c, True))
                    or (c.dep_ == "prep" and self.content_prep(c))
                ):
                    hi = max(hi, c.right_edge.i)
                    if name == "obj" and c.dep_ != "prep":
                        name = "obj_" + c.dep_  # "called the vote a sham"
                    elif name == "obj" and c.lower_ in _OBJ_PREPS:
                        name = "obj_" + c.lower_  # "saw it as", "accused him of", "praised her for"
            out.append(_Frame(name, set(range(dobj.left_edge.i, hi + 1)), (tok,)))
        for c in kids:
            if c.dep_ == "prep" and c.i > tok.i:
                obj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
                if obj is not None and obj.ent_type_ not in _CIRCUMSTANCE:  # not "said on Monday"
                    out.append(_Frame("prep_" + c.lower_, {t.i for t in obj.subtree}, (tok, c)))
                break
        if cls != "V":
            for c in kids:
                if c.dep_ in ("acl", "relcl", "advcl") and c.i > tok.i and any(
                    m.dep_ == "mark" and m.lower_ in ("that", "whether", "if") for m in c.children
                ):
                    out.append(_Frame("that", {t.i for t in c.subtree}, (tok,)))
                    break
        inverted = self.inverted_clause(tok)
        if inverted:
            out.append(_Frame("inverted", inverted, (tok,)))
        return out

    def is_reason(self, clause: Token, after_object: bool) -> bool:
        """A clause of cause or concession ("because ...", "even though ..."), by its subordinator, or after the
        cue's object by the word it opens with (the parser sometimes hangs the subordinator deeper: "fears the
        police because even though she says so, he is aware ..."; but "believes because X is weak, Y will win"
        reports what is believed)."""
        if any(m.dep_ == "mark" and m.lower_ in _CAUSE_MARKS for m in clause.children):
            return True
        return after_object and clause.left_edge.lower_ in _CAUSE_MARKS and clause.left_edge.i < clause.i

    def base_conjuncts(self, cue: Token, after: int) -> set[int]:
        """The rest of a content the parser coordinated with its cue instead: a base-form verb without a subject
        cannot be coordinated with a cue of another form, so it continues the content ("said she wanted to speak
        to voters and let them know ...", "was promising to meet and in some cases exceed his goals")."""
        out: set[int] = set()
        if cue.tag_ not in ("VBD", "VBZ", "VBP", "VBG", "VBN"):
            return out
        for c in cue.children:
            if (
                c.dep_ == "conj"
                and c.i > after
                and c.tag_ in ("VB", "VBP")
                and c.tag_ != cue.tag_
                and not any(g.dep_ in _SUBJECT_DEPS for g in c.children)
            ):
                out |= set(range(after + 1, c.right_edge.i + 1))
        return out

    def content_prep(self, prep: Token) -> bool:
        """Whether a preposition after a cue's object belongs to the content ("praised X for Y", "described
        X as Y"), not to the circumstances ("on Tuesday", "in an interview", "during the debate")."""
        obj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None)
        if obj is None or obj.ent_type_ in _CIRCUMSTANCE:
            return False
        word = prep.lower_
        return word not in _TIME_PREPS and not (word in _SETTING_PREPS and obj.lemma_.lower() in _OCCASIONS)

    def inverted_clause(self, verb: Token) -> set[int]:
        """The clause a cue hangs from: "This period, he says, gave him ...", "..., the group said"."""
        deps = {c.dep_ for c in verb.children}
        if not (
            verb.dep_ in ("parataxis", "advcl")
            and verb.head != verb
            and verb.head.pos_ in ("VERB", "AUX")
            and verb.tag_ != "VBG"
            and deps & _SUBJECT_DEPS
            and not deps & {"dobj", "xcomp", "ccomp"}
        ):
            return set()
        head = verb.head
        toks = {t.i for t in head.subtree} - {t.i for t in verb.subtree}
        for c in head.children:
            if c.dep_ in ("conj", "cc", "mark") or (c.dep_ == "advcl" and self.is_speech_verb(c)):
                toks -= {t.i for t in c.subtree}
        return toks

    def frame_speakers(self, tok: Token, frame: _Frame) -> list[_Speaker]:
        """Who a frame's content belongs to: the cue's subject, the agent of a passive, the owner of a
        noun ("his claim", "a statement from the party"), the subject of an adjective's verb."""
        if frame.name == "according":
            return self.according_to(tok)
        if frame.name == "in":
            obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            return [self.resolve_one(obj)] if obj is not None else []
        cls = _pos_class(tok)
        if cls == "V":
            if self.passive(tok):
                for child in tok.children:
                    if child.dep_ == "agent":
                        pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                        if pobj is not None:
                            return self.resolve(pobj)
                return []
            return self.cue_speakers(tok)
        if cls == "A":
            node = tok
            while node.dep_ in ("acomp", "conj", "amod") and node.head != node:
                node = node.head
                if node.pos_ in ("VERB", "AUX"):
                    return self.cue_speakers(node)
            return []
        for child in tok.children:
            if child.dep_ == "poss":
                return self.resolve(child)
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("by", "from") and child.i > tok.i:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return self.resolve(pobj)
        if tok.dep_ == "dobj" and tok.head.pos_ in ("VERB", "AUX"):  # "she made the claim that ..."
            return self.cue_speakers(tok.head)
        return []

    def drop_dateline(self, toks: set[int]) -> set[int]:
        """Without the dateline its paragraph opens with: "WASHINGTON \u2022", "LONDON (AP) \u2014"."""
        if not toks:
            return toks
        first = self.doc[min(toks)]
        para_start = self.paras[self.para_of(first.idx)][0]
        m = _DATELINE.match(self.text, para_start)
        if m is None or first.idx >= m.end():
            return toks
        rest = {i for i in toks if self.doc[i].idx >= m.end()}
        return rest or toks

    def semicolon_between(self, cue: Token, toks: set[int]) -> bool:
        """Whether a semicolon parts a cue from its content: two clauses the parser joined."""
        if not toks:
            return False
        lo, hi = (max(toks) + 1, cue.i) if max(toks) < cue.i else (cue.i + 1, min(toks))
        return any(self.doc[i].text == ";" for i in range(lo, hi))

    def before_semicolon(self, toks: set[int]) -> set[int]:
        """A content stops at a semicolon that starts a clause of its own: "..., it said; they only ..."."""
        order = sorted(toks)
        for i in order[1:-1]:
            t = self.doc[i]
            if t.text == ";" and self.inside_quotation(t.idx) is None:
                return {j for j in toks if j < i}
        return toks

    def trim_tail(self, toks: set[int]) -> set[int]:
        """Without a trailing aside the content does not carry: ", which ...", ", while ...", "(...)"."""
        if not toks:
            return toks
        last = max(toks)
        while self.doc[last].is_punct and last - 1 in toks:
            last -= 1
        node = self.doc[last]
        while node.head.i in toks and node.head != node and node.head.right_edge.i <= max(toks):
            node = node.head
            if node.left_edge.i > 0 and self.doc[node.left_edge.i - 1].text in _ASIDE_MARKS:
                first = self.doc[node.left_edge.i].lower_
                if (
                    (node.dep_ == "relcl" and first in ("which", "who", "whom", "whose"))
                    or (node.dep_ == "advcl" and first in ("while", "whereas", "although", "though", "even"))
                    or (node.dep_ == "appos" and self.doc[node.left_edge.i - 1].text == ",")
                ):
                    cut = {t.i for t in node.subtree} | {node.left_edge.i - 1}
                    rest = toks - cut
                    return rest if rest else toks
        return toks

    def candidates(self) -> list[tuple[Token, _Frame, list[_Speaker]]]:
        """Every (cue word, frame, speakers) outside quotation marks, its content within its paragraph and
        not mostly quoted (a direct quotation's cue)."""
        out = []
        for tok in self.doc:
            if tok.is_punct or tok.is_space or self.inside_quotation(tok.idx) is not None:
                continue
            for frame in self.frames(tok):
                para = self.para_of(tok.idx)
                frame.reach = {i for i in frame.toks if self.para_of(self.doc[i].idx) == para}
                frame.toks = self.trim_tail(self.before_semicolon(self.drop_dateline(frame.reach)))
                spans = self.clause_spans(frame.toks)
                if not spans or self.quoted_share(spans) > 0.6 or self.semicolon_between(tok, frame.toks):
                    continue
                out.append((tok, frame, self.frame_speakers(tok, frame)))
        return out

    def frame_score(self, tok: Token, frame: _Frame) -> float:
        """How often, in the cue lexicon, this lemma with this frame was an attribution's cue (its
        estimated precision)."""
        lemma, cls = _cue_lemma(tok), _pos_class(tok) or ""
        n, hits = cue_lexicon().get((lemma, cls, frame.name), (0, 0))
        if n >= _MIN_SEEN:
            return hits / (n + 1)
        if cls == "V" and self.is_speech_verb(tok) and frame.name in _SPEECH_FRAMES:
            return _UNSEEN_SPEECH
        return 0.0

    def floor(self, tok: Token, frame: _Frame) -> float:
        """The estimated precision a frame needs: higher for what a speech verb does not introduce (an
        object, an infinitive, a preposition's object), which the gold sets' narrower notion of reported
        speech does not count; an object ("criticized the plan") a little lower than the others, as it is
        more often PolNeAR's content."""
        if not frame.name.startswith(_BROAD_FRAMES) or self.is_speech_verb(tok):
            return _THRESHOLD
        return _THRESHOLD_OBJECT if frame.name.startswith("obj") else _THRESHOLD_BROAD

    def indirect_drafts(self) -> list[_Draft]:
        """Reported speech and other attributions: for each cue word, its frame the lexicon trusts most, if it
        trusts it enough; else, where the lexicon trusts no frame of it, the frame the attribution model is
        most confident of, if confident enough and if its content holds no trusted cue (a frame the lexicon
        knows better than the model is never swallowed by one it does not)."""
        found = self.candidates()
        trusted = {
            tok.i
            for tok, frame, speakers in found
            if speakers and self.frame_score(tok, frame) >= self.floor(tok, frame)
        }
        model = attribution_model() if self.use_model else None
        reported = self.reported_tokens(found) if model is not None else set()
        best: dict[int, tuple[float, Token, _Frame, list[_Speaker]]] = {}
        for tok, frame, speakers in found:
            if not speakers:
                # the text names no source ("X is expected to win", "it was reported that ..."): taken, with no
                # speaker, only when the model is confident, and never a reporter's question ("Asked why, ...")
                if model is None or tok.i in trusted or frame.toks & trusted or self.reporter_question(tok):
                    continue
                if tok.tag_ == "VBG" or any(c.lower_ == "having" for c in tok.children):
                    continue  # a participle's subject is elsewhere ("is quoted as having accused ..."), not absent
                rank = self.model_probability(model, tok, frame, speakers, tok.i in reported)
                if rank >= model.threshold_unnamed and (tok.i not in best or rank > best[tok.i][0]):
                    best[tok.i] = (rank, tok, frame, [_Speaker()])
                continue
            score = self.frame_score(tok, frame)
            if score >= self.floor(tok, frame):
                rank = 1.0 + score  # above any the model takes
            elif model is not None and tok.i not in trusted and not frame.toks & trusted:
                rank = self.model_probability(model, tok, frame, speakers, tok.i in reported)
                if rank < model.threshold:
                    continue
            else:
                continue
            if tok.i not in best or rank > best[tok.i][0]:
                best[tok.i] = (rank, tok, frame, speakers)
        candidates = [(tok, frame.reach, frame, speakers) for _, tok, frame, speakers in best.values()]
        # a cue inside another's content is part of what is reported ("he said the actions, which he
        # said were ..."), unless it is a participle that carries on the same speaker ("..., adding
        # that ..."): then it is cut out of the outer content and stands alone
        participles = {
            verb.i
            for verb, _, frame, _ in candidates
            if verb.tag_ == "VBG"
            and verb.dep_ in ("advcl", "conj")
            and (frame.name in _SPEECH_FRAMES or self.is_speech_verb(verb))
            and not any(c.dep_ in _SUBJECT_DEPS for c in verb.children)
            and self.subject_of(verb)[0] is not None
        }
        strays = {verb.i for verb, _, _, _ in candidates if self.stray_conj(verb)}
        participles |= strays
        drafts = []
        for verb, toks, frame, speakers in candidates:
            if verb.i not in participles and any(verb.i in other for v2, other, _, _ in candidates if v2 != verb):
                continue
            if verb.i in strays:  # the speaker of the attribution it was parsed into
                outer = next((sp for v2, other, _, sp in candidates if v2 != verb and verb.i in other), None)
                speakers = outer if outer is not None else speakers
            toks = frame.toks
            for v2, other, _, _ in candidates:
                if v2.i in participles and v2.i in toks and v2 != verb:
                    toks = toks - other - {t.i for t in v2.subtree}
            spans = self.clause_spans(toks)
            if not spans:
                continue
            draft = _Draft("indirect", spans, frame=frame.name)
            if frame.name.startswith(_BROAD_FRAMES) and not self.is_speech_verb(verb):
                # a stance or deed several actors share ("The EU, the US and Japan declined to send
                # observers") is one attribution, to the first of them; what several actors said stays one
                # quote per speaker, as each of them said it
                speakers = speakers[:1]
            self.set_cue(draft, verb, speakers, frame.cue)
            drafts.append(draft)
        return drafts

    def reporter_question(self, tok: Token) -> bool:
        """ "Asked about the strike, ...", "Pressed on why ...": the reporter's question, put by no one named."""
        return (
            tok.lemma_.lower() in _QUESTION_VERBS
            and tok.tag_ in ("VBN", "VBD")
            and not any(c.dep_ in ("aux", "auxpass") or c.dep_ in _SUBJECT_DEPS for c in tok.children)
        )

    def reported_tokens(self, found: list[tuple[Token, _Frame, list[_Speaker]]]) -> set[int]:
        """The tokens of every reported clause of a speech verb or "according to" (the lexicon and the model
        count frames found there apart: they are mostly part of what is reported)."""
        inside: set[int] = set()
        for tok, frame, _ in found:
            if frame.name in _CARRY_FRAMES and (frame.name == "according" or self.is_speech_verb(tok)):
                inside |= frame.toks
        return inside

    def model_probability(
        self, model: AttributionModel, tok: Token, frame: _Frame, speakers: list[_Speaker], nested: bool
    ) -> float:
        lemma, cls = _cue_lemma(tok), _pos_class(tok) or ""
        seen, hits = cue_lexicon().get((lemma, cls, frame.name), (0, 0))
        features = self.frame_features(tok, frame, speakers, nested)
        features.update(lexicon_features(seen, hits, frame.name, self.is_speech_verb(tok), _MIN_SEEN))
        return model.probability(features)

    def frame_features(
        self, tok: Token, frame: _Frame, speakers: list[_Speaker], nested: bool
    ) -> dict[str, float]:
        """What the attribution model knows of a frame besides the lexicon's figures: its kind, the cue's form
        and function, the speaker's kind, the content's length and first word."""
        cls = _pos_class(tok) or ""
        speech = self.is_speech_verb(tok)
        family = frame_family(frame.name)
        toks = sorted(frame.toks)
        first = self.doc[toks[0]] if toks else tok
        spans = self.clause_spans(frame.toks)
        return {
            "bias": 1.0,
            f"frame={frame.name}": 1.0,
            f"fam={family}": 1.0,
            f"cls={cls}": 1.0,
            "speech": float(speech),
            f"speech|fam={family}": float(speech),
            f"tag={tok.tag_}": 1.0,
            f"dep={tok.dep_}": 1.0,
            f"spk={_speaker_kind(speakers)}": 1.0,
            "loglen": math.log1p(len(toks)) / 4,
            "short": float(len(toks) < 4),
            f"first={first.lower_ if first.lower_ in _OPENING_WORDS else first.pos_}": 1.0,
            "neg": float(any(c.dep_ == "neg" for c in tok.children)),
            "modal": float(any(c.dep_ == "aux" and c.lower_ in _MODALS for c in tok.children)),
            "quoted": self.quoted_share(spans) if spans else 0.0,
            "nested": float(nested),
            "after": float(bool(speakers) and speakers[0].span is not None and speakers[0].span[0] > tok.idx),
            "pass": float(cls == "V" and self.passive(tok)),
            f"ent={first.ent_type_ or '-'}": 1.0,
        }

    def stray_conj(self, verb: Token) -> bool:
        """A finite cue the parser coordinated with a verb of the clause before it, which it cannot
        belong to: "said he would order a review and warned against hackers" (warned ≠ would order)."""
        return (
            verb.dep_ == "conj"
            and verb.tag_ in ("VBD", "VBZ")
            and verb.head.tag_ in ("VB", "VBG", "VBN")
            and not any(c.dep_ in _SUBJECT_DEPS for c in verb.children)
        )

    def headline_drafts(self) -> list[_Draft]:
        """A headline that gives a source, a colon and what it said: "Sanders: 'We will fight on'"."""
        drafts = []
        for p_start, p_end in self.paras:
            m = _HEADLINE.match(self.text, p_start, p_end)
            if m is None or p_end - p_start > 250:
                continue
            name_span = (m.start(1), m.end(1))
            words = m.group(1).split()
            hit = None
            for actor in self.lookup.actors:
                if actor.type != "GPE" and any(s <= name_span[0] and name_span[1] <= e or (
                    name_span[0] <= s and e <= name_span[1]) for s, e in actor.mentions):
                    hit = actor
                    break
            if hit is None and words[-1].lower() not in _HEADLINE_SOURCES:
                continue
            start, end = m.start(2), p_end
            while end > start and (self.text[end - 1].isspace() or self.text[end - 1] == "."):
                end -= 1
            kind = "direct" if self.text[start] in _QUOTE_CHARS else "indirect"
            speaker = _Speaker(hit.name if hit else m.group(1), hit, name_span)
            draft = _Draft(kind, [(start, end)], [speaker], frame="headline")
            draft.cue_text, draft.cue_span = ":", (m.end(1), m.end(1) + 1)
            drafts.append(draft)
        return drafts

    # --- assembly

    def run(self) -> list[Quote]:
        quoted = [d for d in self.direct_drafts() if d.kind != "title"]
        reported = self.indirect_drafts()
        for h in self.headline_drafts():
            s, e = h.spans[0]
            if not any(d.spans[0][0] < e and s < d.spans[-1][1] for d in quoted + reported):
                reported.append(h)
        # a quoted fragment inside reported speech makes it a partial quote of the whole content
        # ("Lind said the plan was "dead on arrival" and would not pass")
        kept = []
        for d in quoted:
            s, e = d.spans[0][0], d.spans[-1][1]
            outer = next((r for r in reported if r.spans[0][0] <= s and e <= r.spans[-1][1]), None)
            if d.kind == "partial" and outer is not None:
                outer.kind = "partial"
                continue
            kept.append(d)
        drafts = kept + reported
        drafts.sort(key=lambda d: d.spans[0][0])
        # a direct quotation without a cue: the speaker of the nearest quote or cue before it
        # (in its own paragraph, "“A,” he said. “B.”", that quote's cue and speaker mention too; further
        # on, the speaker's last mention)
        last: _Draft | None = None
        for d in drafts:
            if d.kind == "direct" and not any(s.name for s in d.speakers) and last is not None:
                if self.para_of(last.spans[0][0]) == self.para_of(d.spans[0][0]):
                    d.speakers = list(last.speakers)
                    d.cue_text, d.cue_span, d.addressee = last.cue_text, last.cue_span, last.addressee
                    if self.join_quotations and last.kind == "direct" and last.cue_span is not None:
                        last.spans = last.spans + d.spans  # PolNeAR's convention: one attribution
                        d.kind = "joined"
                        continue
                else:
                    d.speakers = [
                        _Speaker(s.name, s.actor, self.last_mention(s, d.spans[0][0])) for s in last.speakers
                    ]
            if any(s.name for s in d.speakers) and (not d.frame or d.frame in _CARRY_FRAMES):
                last = d
        quotes: list[Quote] = []
        for d in drafts:
            if d.kind == "joined":
                continue
            if d.kind == "partial" and d.bare and self.word_count(d.spans) <= _SHORT_FRAGMENT:
                continue  # a word or two in quotation marks that no clause holds: a label or scare quote
            if d.kind == "partial" and not any(s.name for s in d.speakers):
                continue  # a scare quote or a term in quotation marks, not anyone's words
            if d.kind == "partial" and d.cue_span is None and _who(d.speakers) != "actor":
                continue  # a term in quotation marks in a sentence about something, not anyone's words
            speakers = d.speakers or [_Speaker()]
            for sp in speakers:
                text = " ".join(self.text[s:e] for s, e in d.spans)
                quotes.append(
                    Quote(
                        id="",
                        speaker=sp.name,
                        speaker_id=sp.actor.id if sp.actor else None,
                        speaker_span=sp.span,
                        cue=d.cue_text,
                        cue_span=d.cue_span,
                        addressee=d.addressee,
                        kind=d.kind,  # type: ignore[arg-type]
                        text=text,
                        content_spans=tuple(d.spans),
                    )
                )
        quotes.sort(key=lambda q: (q.content_spans[0][0], q.kind != "direct"))
        return [
            Quote(**{**q.__dict__, "id": f"Q{n}"}) for n, q in enumerate(quotes, start=1)
        ]


class Candidate(NamedTuple):
    """A frame found in an article, as scripts/learn_cues.py counts it."""

    lemma: str  # the cue's lexicon name ("say", "according to", "in poll")
    word_class: str  # V, N, A or P
    frame: str  # ccomp, to, obj, obj_as, prep_about, that, inverted, according, in, ...
    content_spans: list[Span]
    speaker_span: Span | None
    cue_at: int  # the cue word's offset
    nested: bool  # inside the reported clause of a speech verb (the lexicon leaves these out)
    has_speaker: bool  # someone the content can be attributed to was found
    speech: bool  # the cue is a speech verb
    features: dict[str, float]  # the attribution model's features, but the lexicon's figures


def attribution_candidates(doc: Doc, actors: ActorLookup) -> list[Candidate]:
    """Every frame of every possible cue word in a parsed article, whatever the lexicon says of it."""
    finder = _Finder(doc, actors)
    found = finder.candidates()
    inside = finder.reported_tokens(found)
    out = []
    for tok, frame, speakers in found:
        span = next((s.span for s in speakers if s.span is not None), None)
        nested = tok.i in inside
        out.append(
            Candidate(
                _cue_lemma(tok), _pos_class(tok) or "", frame.name, finder.clause_spans(frame.toks), span,
                tok.idx, nested, bool(speakers), finder.is_speech_verb(tok),
                finder.frame_features(tok, frame, speakers, nested),
            )
        )
    return out


def _speaker_kind(speakers: list[_Speaker]) -> str:
    if not speakers:
        return "none"
    if len(speakers) > 1:
        return "multi"
    if speakers[0].actor is not None:
        return "actor_" + (speakers[0].actor.type or "x")
    return "nospan" if speakers[0].span is None else "other"


def _who(speakers: list[_Speaker]) -> str:
    """What a content is attributed to: a known actor, some other noun phrase, or no one."""
    if any(s.actor is not None for s in speakers):
        return "actor"
    return "other" if speakers else "none"


def _cue_lemma(tok: Token) -> str:
    """The lexicon's name of a cue: its lemma, "according to", "in" with its noun ("in poll")."""
    if tok.lower_ == "according":
        return "according to"
    if tok.lower_ == "in":
        obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        return "in " + (obj.lemma_.lower() if obj is not None else "")
    return tok.lemma_.lower()


def find_quotes(
    doc: Doc, actors: ActorLookup, *, join_quotations: bool = False, use_model: bool = True
) -> list[Quote]:
    """Direct, partial and indirect quotes in a parsed article, in text order (ids Q1, Q2, ...).

    Spans are character offsets into ``doc.text``; a quote's ``text`` is its ``content_spans`` joined
    (by one space where the reported clause is split by its cue: "This period, he says, gave ...").
    ``join_quotations`` follows PolNeAR's convention instead of the gold sets': the quotations a speaker's
    cue governs in a paragraph (``"A," he said. "B."``) are one quote with a content span each.
    ``use_model=False`` takes only the frames the cue lexicon trusts, without the attribution model
    (stages/attribution_model.py).
    """
    if not doc.text.strip():
        return []
    return _Finder(doc, actors, join_quotations, use_model).run()
