"""Date expressions: found in a parsed article and resolved against its publication date.

``find_dates`` returns one ``DateMention`` per mention, its value exactly as precise as the text
("December 2022" -> "2022-12", "in 2013" -> "2013", "February 13" -> a day). Candidates come from a
small grammar of regular expressions over the text; spaCy's parse decides the doubtful cases (a bare
"May" that is a modal verb, a number that is a count, not a year) and gives the tense that chooses
between the last and the next such day or month. Expressions relative to a date the text has just set
("a year later", "that same month") resolve against the previous mention. Durations ("for 30 years",
"three decades"), weeks, seasons and decades have no calendar value of this kind and are skipped, and so
is anything relative when no publication date is known.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal, NamedTuple

from spacy.tokens import Doc, Span, Token

from ..records import DateMention, Precision

Tense = Literal["past", "present", "future"] | None


class Reading(NamedTuple):
    """The tense of the clause a date expression belongs to; ``direct`` when the expression is an
    adverbial of that clause's verb ("said on Friday"), not part of a noun phrase ("the July 29 vote")."""

    tense: Tense
    direct: bool = False


UNKNOWN = Reading(None)

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip

# Labels of entities whose words are names, not dates ("April Ryan", "the Sunday Times").
NAME_LABELS = {"PERSON", "ORG", "WORK_OF_ART", "FAC", "PRODUCT", "EVENT"}
# Labels under which a four-digit number is a count or an amount, not a year.
COUNT_LABELS = {"CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL"}
FUTURE_AUX = {"will", "shall", "'ll", "’ll", "wo"}
FUTURE_VERBS = {"set", "expect", "schedule", "plan", "due", "slate", "prepare", "intend", "aim"}
FUTURE_WORDS = {"upcoming", "coming", "ahead", "forthcoming", "scheduled", "planned"}
PAST_AUX = {"has", "have", "had", "was", "were", "been", "'s", "’s", "did"}
PRESENT_AUX = {"is", "are", "am", "'re", "’re", "can", "may", "might", "must", "should", "does", "do"}
SPEECH_VERBS = {"say", "tell", "report", "announce", "write", "claim", "add", "note", "confirm", "state"}
HOLIDAY_BEFORE = re.compile(r"\b(?:Super|Good|Black|Cyber|Ash|Palm|Easter|Bloody|Holy|Shrove|Maundy|Giving)[ \t]*$")


def _cased(words: Iterable[str]) -> str:
    """An alternation of words, Capitalized or in CAPITALS (datelines), longest first."""
    forms = sorted({f for w in words for f in (w.capitalize(), w.upper())}, key=len, reverse=True)
    return "|".join(forms)


def _either_case(words: Iterable[str]) -> str:
    return "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in words)


SP = r"[ \t\u00a0]+"
MONTH_FULL = _cased(w for w in MONTHS if len(w) > 4 or w in {"march", "april", "may", "june", "july"})
MONTH_ABBR = _cased(w for w in MONTHS if len(w) <= 4 and w not in {"march", "april", "may", "june", "july"})
MON = rf"(?P<mon>{MONTH_FULL}|(?:{MONTH_ABBR})\.?)"
MON_FULL = rf"(?P<mon>{MONTH_FULL})"
WEEKDAY = rf"(?P<wd>{_cased(WEEKDAYS)})"
WD_PREFIX = rf"(?:(?:{_cased(WEEKDAYS)}),?{SP})?"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>1\d{3}|20\d{2})"
NUM = rf"(?P<n>\d{{1,2}}|{_either_case(NUMBER_WORDS)})"
REL = rf"(?P<rel>{_either_case(['last', 'this', 'next', 'past'])})"

# (kind, pattern); on overlap the longest match wins, then the earlier rule.
RULES: list[tuple[str, re.Pattern[str]]] = [
    (kind, re.compile(pattern))
    for kind, pattern in [
        ("iso", r"\b(?P<year>\d{4})-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
        ("numeric", r"(?<![\d/])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<year>(?:19|20)\d{2})(?![\d/])"),
        ("mdy", rf"\b{WD_PREFIX}{MON}{SP}{DAY},?{SP}{YEAR}\b"),
        ("dmy", rf"\b{WD_PREFIX}(?:the{SP})?{DAY}{SP}(?:of{SP})?{MON},?{SP}{YEAR}\b"),
        ("my", rf"\b{MON},?{SP}(?:of{SP})?{YEAR}\b"),
        ("md", rf"\b{WD_PREFIX}{MON}{SP}{DAY}\b(?![,.]?{SP}?\d)"),
        ("dm", rf"\b{WD_PREFIX}(?:the{SP})?{DAY}{SP}(?:of{SP})?{MON}(?![\w.]\w)"),
        ("md_rel_year", rf"\b{MON}{SP}{DAY},?{SP}(?:of{SP})?{REL}{SP}year\b"),
        ("month_rel_year", rf"\b{MON_FULL}{SP}(?:of{SP})?{REL}{SP}year\b"),
        (
            "month_anchor_year",
            rf"\b{MON_FULL}{SP}of{SP}(?:that(?:{SP}same)?|the{SP}same|the{SP}"
            rf"(?P<shift>previous|following|next)){SP}year\b",
        ),
        ("rel_month", rf"\b{REL}{SP}{MON_FULL}\b"),
        ("month", rf"\b{MON_FULL}\b(?!{SP}Day\b)"),
        ("year", rf"(?<![\w$€£¥₹/.,:#])(?:(?P<pre>[Pp]re|[Pp]ost|[Mm]id)-)?{YEAR}(?![\w/]|[.,:]\d)"),
        ("rel_unit", rf"\b{REL}{SP}(?P<unit>year|month)\b"),
        ("deictic", rf"\b(?P<word>{_either_case(['yesterday', 'today', 'tomorrow', 'tonight'])})\b"),
        ("ago", rf"\b{NUM}{SP}(?P<unit>years?|months?|days?){SP}ago\b"),
        ("shift", rf"\b{NUM}{SP}(?P<unit>years?|months?|days?){SP}(?P<dir>later|earlier)\b"),
        (
            "follow",
            rf"\b[Tt]he{SP}(?P<dir>following|next|previous|preceding){SP}(?P<unit>year|month|day)\b"
            rf"(?!{SP}(?:of|after|before|and{SP}a{SP}half)\b)",
        ),
        ("same", rf"\b(?:[Tt]hat{SP}same|[Tt]he{SP}same|[Tt]hat){SP}(?P<unit>year|month)\b"),
        ("same", rf"\b(?:[Tt]hat{SP}same|[Tt]he{SP}same){SP}(?P<unit>day)\b"),
        ("weekday", rf"\b(?:{REL}{SP})?{WEEKDAY}\b"),
    ]
]

MODIFIER = re.compile(
    rf"(?:\b(?:[Ee]arly|[Ll]ate|[Mm]id|[Ee]arlier|[Ll]ater)(?:{SP}in)?(?:{SP}|-)"
    rf"|\b(?:[Tt]he{SP})?(?:[Ee]nd|[Bb]eginning|[Ss]tart|[Mm]iddle){SP}of{SP})$"
)
TEMPORAL_BEFORE = re.compile(
    r"\b(?:in|since|until|till|by|from|through|to|during|before|after|between|of|early|late|mid|and|or"
    r"|on|end|beginning|start|around|as of|circa|c\.)[ \t\u00a0-]*$",
    re.IGNORECASE,
)
STRONG_TEMPORAL_BEFORE = re.compile(
    r"\b(?:in|since|until|till|during|before|after|early|late|mid|circa)[ \t\u00a0-]*$", re.IGNORECASE
)
YEAR_NOT_AFTER = re.compile(r"\b(?:no|number|route|flight|article|section|resolution|page|room|code)\.?\s*$", re.I)
YEAR_NOT_BEFORE = re.compile(r"^\s*(?:GMT|UTC|hours|hrs|local time|[ap]\.?m\b)", re.I)
FUTURE_BEFORE = re.compile(
    rf"\b(?:ahead{SP}of|in{SP}advance{SP}of|(?:lead|run)[- ]?up{SP}to|upcoming|forthcoming)(?:{SP}the)?{SP}$",
    re.IGNORECASE,
)
DATELINE_END = re.compile(r"[ \t]*(?:\([^()\n]{1,30}\)[ \t]*)?(?:[-—–•:]|--)")
APPOSITION = re.compile(r"^,?\s*(?:a|an|the|which was)?\s*$")


@dataclass(frozen=True)
class When:
    """A calendar value as precise as the text: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def value(self) -> str:
        if self.day and self.month:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def as_date(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)


@dataclass
class Candidate:
    kind: str
    start: int
    end: int
    groups: dict[str, str | None] = field(default_factory=dict)


def find_dates(doc: Doc, published: date | None) -> list[DateMention]:
    """Every date expression in ``doc`` that resolves to a calendar value, one record per mention."""
    text = doc.text
    reference = published or _dateline_date(text)
    candidates = [c for c in _candidates(text) if _plausible(doc, c)]
    mentions: list[tuple[Candidate, When]] = []
    open_weekdays: set[int] = set()  # indices in mentions of weekdays whose tense the text leaves open
    anchor: When | None = None
    for cand in candidates:
        when: When | None
        if cand.kind == "weekday":
            when = _weekday_by_apposition(text, cand, mentions)
            if when is None:
                reading = _tense(doc, cand.start, cand.end)
                tense = reading.tense if reading.direct or reading.tense != "present" else None
                if tense is None and not cand.groups.get("rel"):
                    open_weekdays.add(len(mentions))
                when = _weekday(cand, reference, tense)
        else:
            when = _same_day_given(cand, mentions) or _resolve(doc, cand, reference, anchor)
        if when is None:
            continue
        mentions.append((_with_modifier(text, cand), when))
        anchor = when
    mentions = _settle_weekdays(mentions, open_weekdays)
    return [
        DateMention(text=text[c.start : c.end], span=(c.start, c.end), value=w.value, precision=w.precision)
        for c, w in mentions
    ]


# -- candidates ---------------------------------------------------------------------------------


def _candidates(text: str) -> list[Candidate]:
    """All rule matches, overlaps settled in favour of the longest, in text order."""
    found = [
        (m.end() - m.start(), rank, Candidate(kind, m.start(), m.end(), m.groupdict()))
        for rank, (kind, pattern) in enumerate(RULES)
        for m in pattern.finditer(text)
    ]
    found.sort(key=lambda f: (-f[0], f[1], f[2].start))
    taken: list[Candidate] = []
    for _, _, cand in found:
        if all(cand.end <= t.start or cand.start >= t.end for t in taken):
            taken.append(cand)
    return sorted(taken, key=lambda c: c.start)


def _with_modifier(text: str, cand: Candidate) -> Candidate:
    """Extends the span over "late", "early", "mid-", "the end of" before it ("late 2017")."""
    if cand.groups.get("pre"):
        return cand
    m = MODIFIER.search(text, max(0, cand.start - 30), cand.start)
    if m and m.end() == cand.start:
        return Candidate(cand.kind, m.start(), cand.end, cand.groups)
    return cand


def _tokens(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _entity_labels(span: Span) -> set[str]:
    return {t.ent_type_ for t in span if t.ent_type_}


def _plausible(doc: Doc, cand: Candidate) -> bool:
    """Filters the rule matches that are words, names or counts rather than dates."""
    span = _tokens(doc, cand.start, cand.end)
    if span is None:
        return False
    text = doc.text
    before = text[max(0, cand.start - 25) : cand.start]
    after = text[cand.end : cand.end + 12]
    labels = _entity_labels(span)
    if cand.kind in {"month", "rel_month", "weekday"} and labels & NAME_LABELS and "DATE" not in labels:
        return False
    if cand.kind == "weekday" and HOLIDAY_BEFORE.search(before):  # "Super Tuesday", "Good Friday"
        return False
    if cand.kind == "month":
        first = span[0]
        if first.tag_ == "MD" or first.pos_ in {"VERB", "AUX"}:
            return False
        return "DATE" in labels or bool(TEMPORAL_BEFORE.search(before)) or after[:2] in {"'s", "’s"}
    if cand.kind == "year":
        return _plausible_year(span, cand, before, after)
    if cand.kind in {"md", "dm", "mdy", "dmy", "iso", "md_rel_year"}:
        return _valid_day(cand)
    if cand.kind == "numeric":
        return _numeric(cand) is not None
    return True


def _plausible_year(span: Span, cand: Candidate, before: str, after: str) -> bool:
    year = int(cand.groups["year"] or 0)
    if year < 1800 and not STRONG_TEMPORAL_BEFORE.search(before):  # "1128 were for Cruz"
        return False
    if after[:1] == "s" or (year % 10 == 0 and after[:2] in {"'s", "’s"}):  # the 1980s
        return False
    if YEAR_NOT_AFTER.search(before) or YEAR_NOT_BEFORE.match(after):
        return False
    labels = _entity_labels(span)
    if "DATE" in labels:
        return True
    following = span.doc[span.end] if span.end < len(span.doc) else None
    if following is not None and following.tag_ == "NNS" and year % 50 == 0:  # "2000 people", "in 1500 villages"
        return False
    if span.root.dep_ == "conj" and span.root.head.ent_type_ == "DATE":  # "the 2014 and 2015 budgets"
        return True
    if STRONG_TEMPORAL_BEFORE.search(before) or cand.groups.get("pre"):
        return True
    return not labels & COUNT_LABELS  # "rose to 1500" is a count


def _valid_day(cand: Candidate) -> bool:
    month = _month(cand)
    day = int(cand.groups.get("day") or 0)
    year = int(cand.groups.get("year") or 2000)  # a leap year, so that February 29 passes
    if not 1 <= month <= 12 or day < 1:
        return False
    return day <= calendar.monthrange(year, month)[1]


def _numeric(cand: Candidate) -> When | None:
    """ "12/25/2020" or "25/12/2020": a day only when the order is plain (one part above 12, or both equal)."""
    a, b, year = (int(cand.groups[k] or 0) for k in ("a", "b", "year"))
    if a == b or b > 12:
        month, day = a, b
    elif a > 12:
        month, day = b, a
    else:
        return None
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return When(year, month, day)


def _month(cand: Candidate) -> int:
    if cand.groups.get("month"):
        return int(cand.groups["month"] or 0)
    return MONTHS.get((cand.groups.get("mon") or "").lower().rstrip("."), 0)


def _dateline_date(text: str) -> date | None:
    """The full date of a wire dateline ("PHNOM PENH, June 8, 2022 (AP) -"), the reference when no
    publication date is given."""
    head = text.lstrip()[:100]
    for kind in ("iso", "mdy", "dmy"):
        m = dict(RULES)[kind].search(head)
        if m and DATELINE_END.match(head, m.end()):
            cand = Candidate(kind, m.start(), m.end(), m.groupdict())
            if _valid_day(cand):
                return date(int(cand.groups["year"] or 0), _month(cand), int(cand.groups["day"] or 0))
    return None


# -- tense --------------------------------------------------------------------------------------


def _tense(doc: Doc, start: int, end: int) -> Reading:
    """Whether the expression is the time of something past, present or to come, where the parse says so.

    The verb that governs the expression gives the tense; words like "upcoming" or "ahead of" on the way
    make it future whatever the verb.
    """
    span = _tokens(doc, start, end)
    if span is None:
        return UNKNOWN
    if FUTURE_BEFORE.search(doc.text, max(0, start - 40), start):
        return Reading("future", True)
    token: Token = span.root
    direct = True
    for _ in range(8):
        head = token.head
        if head.i == token.i:
            return UNKNOWN
        outside = [w for w in (head, *head.children) if w.i < span.start or w.i >= span.end]
        if any(w.lower_ in FUTURE_WORDS for w in outside):
            return Reading("future", True)
        if head.pos_ in {"VERB", "AUX"}:
            tense = _verb_tense(head)
            if tense == "nonfinite":  # "drafting the platform for the convention in July": ask its verb
                direct, token = False, head
                continue
            if tense == "present" and direct and head.lemma_ in SPEECH_VERBS:
                tense = None  # "says Tuesday" is a report, not a plan
            return Reading(tense, direct or tense == "future")
        if head.pos_ in {"NOUN", "PROPN", "PRON", "NUM"}:
            direct = False
        token = head
    return UNKNOWN


def _verb_tense(verb: Token) -> Tense | Literal["nonfinite"]:
    """The tense of a verb's clause; "nonfinite" for a bare gerund, whose tense is its governor's."""
    chain = [verb]  # "is expected to win", "will meet and vote", "wants to leave"
    while chain[-1].dep_ in {"xcomp", "conj"} and chain[-1].head.i != chain[-1].i and len(chain) < 4:
        chain.append(chain[-1].head)
    for v in chain:
        auxes = [c for c in v.children if c.dep_ in {"aux", "auxpass"}]
        if any(a.lower_ in FUTURE_AUX for a in auxes):
            return "future"
        if v.lemma_ in FUTURE_VERBS and (v is not verb or any(c.dep_ == "xcomp" for c in v.children)):
            return "future"
        if v.lower_ == "going" and any(c.dep_ == "xcomp" for c in v.children):
            return "future"
    for v in chain:
        auxes = [c for c in v.children if c.dep_ in {"aux", "auxpass"}]
        if v.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
            return "past"
        if v.tag_ == "VBN" and any(a.lower_ in PAST_AUX for a in auxes):
            return "past"
        if v.tag_ in {"VBZ", "VBP"} or any(a.lower_ in PRESENT_AUX for a in auxes):
            return "present"
        if not any(a.lower_ == "to" for a in auxes):
            break
    if verb.tag_ == "VBG" and not [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]:
        return "nonfinite"
    return None


# -- resolution ---------------------------------------------------------------------------------


def _same_day_given(cand: Candidate, mentions: list[tuple[Candidate, When]]) -> When | None:
    """ "January 23" after "January 23, 2013" in the same article is that day again."""
    if cand.kind not in {"md", "dm"}:
        return None
    month, day = _month(cand), int(cand.groups.get("day") or 0)
    for previous, when in mentions:
        if previous.kind in {"mdy", "dmy", "iso", "numeric"} and (when.month, when.day) == (month, day):
            return when
    return None


def _resolve(doc: Doc, cand: Candidate, reference: date | None, anchor: When | None) -> When | None:
    g = cand.groups
    kind = cand.kind
    if kind in {"iso", "mdy", "dmy"}:
        return When(int(g["year"] or 0), _month(cand), int(g["day"] or 0))
    if kind == "numeric":
        return _numeric(cand)
    if kind == "my":
        return When(int(g["year"] or 0), _month(cand))
    if kind == "year":
        return When(int(g["year"] or 0))
    if kind in {"month_anchor_year", "shift", "follow", "same"}:
        return _relative_to_anchor(cand, anchor)
    if reference is None:
        return None
    if kind in {"md", "dm"}:
        return _month_day(_month(cand), int(g["day"] or 0), reference, _tense(doc, cand.start, cand.end))
    if kind == "month":
        return _bare_month(_month(cand), reference, _tense(doc, cand.start, cand.end))
    if kind == "rel_month":
        return _relative_month(_month(cand), (g["rel"] or "").lower(), reference)
    if kind == "md_rel_year":
        return When(reference.year + _step(g["rel"]), _month(cand), int(g["day"] or 0))
    if kind == "month_rel_year":
        return When(reference.year + _step(g["rel"]), _month(cand))
    if kind == "rel_unit":
        return _relative_unit((g["rel"] or "").lower(), g["unit"] or "", reference)
    if kind == "deictic":
        offset = {"yesterday": -1, "tomorrow": 1}.get((g["word"] or "").lower(), 0)
        return _day(reference + timedelta(days=offset))
    if kind == "ago":
        return _shift(_full(reference, g["unit"] or ""), -_count(g["n"]), g["unit"] or "")
    return None


def _step(rel: str | None) -> int:
    return {"last": -1, "past": -1, "previous": -1, "preceding": -1, "next": 1, "following": 1}.get(
        (rel or "").lower(), 0
    )


def _count(word: str | None) -> int:
    word = (word or "").lower()
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word, 0)


def _day(d: date) -> When:
    return When(d.year, d.month, d.day)


def _full(reference: date, unit: str) -> When:
    """The reference date at the precision of a unit ("years" ago -> a year)."""
    if unit.startswith("year"):
        return When(reference.year)
    if unit.startswith("month"):
        return When(reference.year, reference.month)
    return _day(reference)


def _shift(when: When, n: int, unit: str) -> When | None:
    """``when`` moved by n units, at that unit's precision; None when ``when`` is less precise."""
    if unit.startswith("year"):
        return When(when.year + n)
    if unit.startswith("month"):
        if when.month is None:
            return None
        index = when.year * 12 + when.month - 1 + n
        return When(index // 12, index % 12 + 1)
    if when.day is None:
        return None
    return _day(when.as_date() + timedelta(days=n))


def _relative_to_anchor(cand: Candidate, anchor: When | None) -> When | None:
    """ "A year later", "the following month", "that same month", "November of that year"."""
    if anchor is None:
        return None
    g = cand.groups
    if cand.kind == "month_anchor_year":
        return When(anchor.year + _step(g.get("shift")), _month(cand))
    unit = g.get("unit") or ""
    if cand.kind == "same":
        return _shift(anchor, 0, unit)
    if cand.kind == "follow":
        return _shift(anchor, _step(g.get("dir")), unit)
    n = _count(g.get("n"))
    return _shift(anchor, n if g.get("dir") == "later" else -n, unit)


def _month_day(month: int, day: int, reference: date, reading: Reading) -> When | None:
    """A day without a year: the publication year's, unless that is far ahead and the tense is past."""
    year = reference.year
    if month == 2 and day == 29 and not calendar.isleap(year):
        return None
    ahead = (date(year, month, day) - reference).days
    if reading.tense in {"future", "present"}:
        year += 1 if ahead < -182 else 0
    elif reading.tense == "past":
        year -= 1 if ahead > (3 if reading.direct else 30) else 0
    elif ahead > 90:
        year -= 1
    if month == 2 and day == 29 and not calendar.isleap(year):
        return None
    return When(year, month, day)


def _bare_month(month: int, reference: date, reading: Reading) -> When:
    """ "In November": the most recent November, or the coming one when the tense says future.

    Only a verb the month is an adverbial of counts ("was banned in November"), or a future anywhere.
    """
    ahead = month - reference.month
    tense = reading.tense if reading.direct or reading.tense == "future" else None
    if ahead == 0:
        return When(reference.year, month)
    if ahead < 0:
        return When(reference.year + (1 if tense == "future" else 0), month)
    if tense in {"future", "present"} or (tense is None and ahead <= 1):
        return When(reference.year, month)
    return When(reference.year - 1, month)


def _relative_month(month: int, rel: str, reference: date) -> When:
    """ "this July" is the publication year's; "last July" the latest before; "next July" the first after."""
    if rel in {"last", "past"}:
        return When(reference.year - (1 if month >= reference.month else 0), month)
    if rel == "next":
        return When(reference.year + (1 if month <= reference.month else 0), month)
    return When(reference.year, month)


def _relative_unit(rel: str, unit: str, reference: date) -> When | None:
    if rel == "past":  # "the past year" is a duration
        return None
    return _shift(_full(reference, unit), _step(rel), unit)


# -- weekdays -----------------------------------------------------------------------------------


def _weekday(cand: Candidate, reference: date | None, tense: Tense) -> When | None:
    """The most recent such day (the publication day itself), the coming one when the tense says future
    (or present: "they go to the polls on Sunday")."""
    if reference is None:
        return None
    target = WEEKDAYS[(cand.groups.get("wd") or "").lower()]
    back = (reference.weekday() - target) % 7
    forward = (target - reference.weekday()) % 7
    rel = (cand.groups.get("rel") or "").lower()
    if rel in {"last", "past"}:
        return _day(reference - timedelta(days=back or 7))
    if rel == "next":
        return _day(reference + timedelta(days=forward or 7))
    if tense in {"future", "present"}:  # "will vote on Sunday", "go to the polls on Sunday"
        return _day(reference + timedelta(days=forward))
    return _day(reference - timedelta(days=back))


def _weekday_by_apposition(text: str, cand: Candidate, mentions: list[tuple[Candidate, When]]) -> When | None:
    """ "On July 7, a Saturday": the weekday names the day just given."""
    if not mentions or cand.groups.get("rel"):
        return None
    previous, when = mentions[-1]
    if when.day and APPOSITION.match(text[previous.end : cand.start]):
        return when
    return None


def _settle_weekdays(mentions: list[tuple[Candidate, When]], open_weekdays: set[int]) -> list[tuple[Candidate, When]]:
    """A weekday whose tense is open takes the day that another mention of it in the article settled."""
    settled: dict[str, When] = {}
    for i, (cand, when) in enumerate(mentions):
        if cand.kind == "weekday" and i not in open_weekdays and not cand.groups.get("rel"):
            settled.setdefault((cand.groups.get("wd") or "").lower(), when)
    out = []
    for i, (cand, when) in enumerate(mentions):
        if i in open_weekdays:
            when = settled.get((cand.groups.get("wd") or "").lower(), when)
        out.append((cand, when))
    return out
