"""Money amounts: found in an article's text, with their ISO 4217 currency and value in US dollars.

``find_amounts`` reads amounts written with a symbol or code ("$2.5m", "US$5,000", "KHR 10,000", "€4bn")
or a currency word ("10 million riel", "four billion riel", "200,000 Thai baht"), numbers in figures or
words, scale words and abbreviations, and ranges ("$2-3 million": the lower bound is the value, the text
keeps the range). An equivalent in parentheses ("10 million riel ($2,500)") is no amount of its own: it is
the first amount's ``usd``, and it sets the rate for that currency's other amounts in the article. Other
amounts get ``usd`` from the yearly average rates in ``data/rates.csv`` for the publication year, or none.
A bare "$" is taken as US dollars; a bare "pesos", "pounds", "francs" or "dinars" takes the currency of a
country the article names, and is skipped when none has it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources

import pycountry
from spacy.tokens import Doc

from ..records import Amount
from .places import country_codes_in, currency_of_country

SYMBOLS = {
    "US$": "USD", "U.S.$": "USD", "USD$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD",
    "HK$": "HKD", "S$": "SGD", "NZ$": "NZD", "NT$": "TWD", "R$": "BRL", "$": "USD", "€": "EUR", "£": "GBP",
    "¥": "JPY", "₹": "INR", "₩": "KRW", "₫": "VND", "฿": "THB", "៛": "KHR", "₱": "PHP", "₽": "RUB", "₺": "TRY",
    "₪": "ILS", "₦": "NGN",
}  # fmt: skip
# Letter symbols, matched as written and only as a word of their own ("Rs 500", not "others 10").
LETTER_SYMBOLS = {"Rs.": "INR", "Rs": "INR", "Rp": "IDR", "RM": "MYR"}
COMMON_CODES = [
    "USD", "EUR", "GBP", "KHR", "THB", "CNY", "INR", "JPY", "VND", "AUD", "CAD", "SGD", "MYR", "IDR", "PHP",
    "KRW", "LAK", "HKD", "CHF", "RUB", "TWD", "NZD", "MMK", "BDT", "PKR", "LKR", "NPR", "ZAR", "BRL", "MXN",
    "SEK", "NOK", "DKK", "PLN", "HUF", "CZK", "AED", "SAR", "TRY", "ILS", "NGN", "KES", "EGP", "UAH",
]  # fmt: skip
CODE_ALIASES = {"RMB": "CNY"}
# Currency words: the currency they mean alone (None: it takes a qualifier or the article's country).
CURRENCY_WORDS = {
    "dollar": "USD", "riel": "KHR", "baht": "THB", "euro": "EUR", "yuan": "CNY", "renminbi": "CNY",
    "yen": "JPY", "dong": "VND", "ringgit": "MYR", "rupiah": "IDR", "rupee": "INR", "kip": "LAK",
    "kyat": "MMK", "won": None, "peso": None, "pound": None, "franc": None, "dinar": None, "dirham": "AED",
    "riyal": "SAR", "rial": "IRR", "shekel": "ILS", "naira": "NGN", "rand": "ZAR", "real": None,
    "reais": "BRL", "ruble": "RUB", "rouble": "RUB", "lira": "TRY", "hryvnia": "UAH", "zloty": "PLN",
    "forint": "HUF", "koruna": "CZK", "krona": "SEK", "kronor": "SEK", "krone": "NOK", "kroner": "NOK",
    "taka": "BDT", "shilling": None, "cedi": "GHS", "birr": "ETB", "afghani": "AFN", "sterling": "GBP",
}  # fmt: skip
# Words that are a currency only with a qualifier ("South Korean won"), never from the article's country.
QUALIFIER_ONLY = {"won", "real"}
FAMILY = {"reais": "real", "rouble": "ruble", "kronor": "krona", "kroner": "krone", "renminbi": "yuan"}
QUALIFIED = {
    "dollar": {
        "us": "USD", "u.s.": "USD", "american": "USD", "australian": "AUD", "canadian": "CAD",
        "hong kong": "HKD", "singapore": "SGD", "singaporean": "SGD", "new zealand": "NZD", "taiwan": "TWD",
        "taiwanese": "TWD", "new taiwan": "TWD", "brunei": "BND", "fijian": "FJD", "jamaican": "JMD",
        "namibian": "NAD", "liberian": "LRD",
    },
    "peso": {
        "philippine": "PHP", "mexican": "MXN", "argentine": "ARS", "argentinian": "ARS", "chilean": "CLP",
        "colombian": "COP", "cuban": "CUP", "dominican": "DOP", "uruguayan": "UYU",
    },
    "rupee": {
        "indian": "INR", "pakistani": "PKR", "sri lankan": "LKR", "nepali": "NPR", "nepalese": "NPR",
        "mauritian": "MUR",
    },
    "pound": {"british": "GBP", "egyptian": "EGP", "lebanese": "LBP", "sudanese": "SDG", "syrian": "SYP"},
    "franc": {"swiss": "CHF", "cfa": "XOF", "congolese": "CDF", "rwandan": "RWF", "guinean": "GNF"},
    "won": {"south korean": "KRW", "korean": "KRW", "north korean": "KPW"},
    "dinar": {
        "iraqi": "IQD", "kuwaiti": "KWD", "jordanian": "JOD", "algerian": "DZD", "tunisian": "TND",
        "serbian": "RSD", "libyan": "LYD", "bahraini": "BHD",
    },
    "dirham": {"moroccan": "MAD", "emirati": "AED", "uae": "AED"},
    "riyal": {"qatari": "QAR", "saudi": "SAR"},
    "rial": {"omani": "OMR", "yemeni": "YER", "iranian": "IRR"},
    "shilling": {"kenyan": "KES", "ugandan": "UGX", "tanzanian": "TZS", "somali": "SOS"},
    "real": {"brazilian": "BRL"},
    "krone": {"danish": "DKK", "norwegian": "NOK"},
    "krona": {"swedish": "SEK", "icelandic": "ISK"},
}  # fmt: skip
# Qualifiers of a currency that is the default anyway ("Cambodian riel", "Thai baht") are part of the text.
PLAIN_QUALIFIERS = [
    "chinese", "japanese", "thai", "cambodian", "vietnamese", "malaysian", "indonesian", "lao", "laotian",
    "myanmar", "burmese", "bangladeshi", "south african", "nigerian", "israeli", "ukrainian", "polish",
    "hungarian", "czech", "turkish", "russian", "ghanaian", "ethiopian", "afghan",
]  # fmt: skip

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}  # fmt: skip
SCALES = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "lakh": 1e5, "crore": 1e7,
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12, "trn": 1e12,
}  # fmt: skip


def _alternation(words: list[str] | set[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


SP = r"[ \t\u00a0]"
FIGURES = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER_WORDS = _alternation(set(UNITS) - {"a", "an"})
WORD_NUMBER = rf"(?:half{SP}an?|(?:{_alternation(UNITS)})(?:(?:{SP}+|-)(?:{NUMBER_WORDS}|hundred))*)"
SCALE_WORDS = r"(?:thousand|million|billion|trillion|lakh|crore)s?"
SCALE = rf"(?:(?:{SP}*|-){SCALE_WORDS}\b)*(?:{SP}?(?:mn|mln|bn|tn|trn)\b|(?:k|m|b)\b)?"
QUANTITY = rf"(?:(?:{FIGURES})|\b{WORD_NUMBER}){SCALE}"
CODES = sorted({c for c in COMMON_CODES if pycountry.currencies.get(alpha_3=c)} | set(CODE_ALIASES))
SYMBOL = (
    rf"(?:{_alternation(SYMBOLS)}|(?<![A-Za-z])(?-i:{_alternation(LETTER_SYMBOLS)}|{'|'.join(CODES)})"
    r"(?![A-Za-z]))"
)
# A range joins with "-" or "to", or with "and" after "between" (the empty group ``btw`` marks that).
BETWEEN = r"(?P<btw>(?<=[Bb]etween ))?"
CONNECTOR = rf"(?:{SP}*(?:-|–|—|to){SP}*|(?(btw){SP}+and{SP}+|(?!)))"
QUALIFIER = _alternation({q for table in QUALIFIED.values() for q in table} | set(PLAIN_QUALIFIERS))
CURRENCY_WORD = rf"(?:{_alternation(CURRENCY_WORDS)})(?:e?s)?(?:{SP}+sterling)?"

PREFIXED = re.compile(
    rf"{BETWEEN}(?P<sym>{SYMBOL}){SP}?(?P<q>{QUANTITY})(?:(?P<conn>{CONNECTOR})(?:{SYMBOL})?{SP}?(?P<q2>{QUANTITY}))?",
    re.IGNORECASE,
)
SUFFIXED = re.compile(
    rf"{BETWEEN}(?<![\w.,])(?P<q>{QUANTITY})(?:(?P<conn>{CONNECTOR})(?P<q2>{QUANTITY}))?{SP}+"
    rf"(?:(?P<qual>{QUALIFIER}){SP}+)?"
    rf"(?P<word>{CURRENCY_WORD}|(?-i:{'|'.join(CODES)}))\b",
    re.IGNORECASE,
)
EQUIVALENT_OPEN = re.compile(
    rf"{SP}*\({SP}*(?:(?:about|around|approximately|approx\.|roughly|some|nearly|almost|over|more than|"
    rf"less than|under|or|equivalent to|equal to|worth|~){SP}*)?",
    re.IGNORECASE,
)
EQUIVALENT_OR = re.compile(
    rf",?{SP}+or{SP}+(?:(?:about|around|approximately|roughly|some|nearly|almost){SP}+)?", re.IGNORECASE
)
EQUIVALENT_CLOSE = re.compile(rf"{SP}*\)")


@dataclass(frozen=True)
class Found:
    """An amount in the text before its US dollar value is known."""

    start: int
    end: int
    value: float
    currency: str
    usd: float | None = None


def find_amounts(doc: Doc, published: date | None) -> list[Amount]:
    """Every money amount in ``doc``, one record per mention, with its value in US dollars where known."""
    text = doc.text
    found = _matches(text, _context_currencies(doc))
    year = published.year if published else None
    amounts, rates = _pair_equivalents(text, found, year)
    out = []
    for a in amounts:
        usd = a.usd if a.usd is not None else _to_usd(a, rates, year)
        out.append(
            Amount(
                text=text[a.start : a.end],
                span=(a.start, a.end),
                value=a.value,
                currency=a.currency,
                usd=round(usd, 2) if usd is not None else None,
            )
        )
    return out


# -- matching -----------------------------------------------------------------------------------


def _matches(text: str, context: list[str]) -> list[Found]:
    """Amounts written with a symbol or code before, or a word or code after; longest first on overlap."""
    candidates: list[Found] = []
    for m in PREFIXED.finditer(text):
        found = _prefixed(text, m)
        if found:
            candidates.append(found)
    for m in SUFFIXED.finditer(text):
        found = _suffixed(text, m, context)
        if found:
            candidates.append(found)
    candidates.sort(key=lambda f: (f.start - f.end, f.start))
    taken: list[Found] = []
    for f in candidates:
        if all(f.end <= t.start or f.start >= t.end for t in taken):
            taken.append(f)
    return sorted(taken, key=lambda f: f.start)


def _prefixed(text: str, m: re.Match[str]) -> Found | None:
    sym = m.group("sym")
    currency = SYMBOLS.get(sym.upper()) or LETTER_SYMBOLS.get(sym) or CODE_ALIASES.get(sym, sym)
    if sym == "¥" and re.search(r"\b(?:yuan|RMB|renminbi)\b", text):
        currency = "CNY"
    value, end = _range_value(m)
    if value is None:
        return None
    return Found(m.start(), end, value, currency)


def _suffixed(text: str, m: re.Match[str], context: list[str]) -> Found | None:
    currency = _currency_of_word(m.group("word"), m.group("qual"), context)
    if currency is None or (_family(m.group("word")) == "pound" and re.match(r"\s+of\b", text[m.end() :])):
        return None
    value, _ = _range_value(m)
    if value is None:
        return None
    return Found(m.start(), m.end(), value, currency)


def _range_value(m: re.Match[str]) -> tuple[float | None, int]:
    """The value of a match (the lower bound of a range) and where the amount ends.

    A range's upper bound must be above the lower; "$2-3 million" gives the lower bound the upper's scale.
    """
    low = _quantity(m.group("q"))
    if not m.group("q2"):
        return low, m.end()
    high = _quantity(m.group("q2"))
    if low is None or high is None:
        return None, m.end()
    bare_low = _quantity(m.group("q"), scaled=False)
    bare_high = _quantity(m.group("q2"), scaled=False)
    if low == bare_low and high != bare_high and bare_high and bare_low is not None and bare_low < bare_high:
        low *= high / bare_high
    if low > high:  # "$5,000 to 10 people" is no range
        return (None if m.re is SUFFIXED else low), m.end("q")
    return low, m.end()


def _quantity(words: str, scaled: bool = True) -> float | None:
    """A number in figures or words with scale words ("2.5 million", "4bn", "four billion", "half a million").

    ``scaled=False`` gives the number before its first scale word ("2.5" for "2.5 million").
    """
    if words.strip().lower() in {"a", "an", "half a", "half an"}:
        return None  # "a dollar" is a figure of speech more often than an amount
    total, current, after_half = 0.0, None, False
    for part in re.findall(r"\d[\d,]*(?:\.\d+)?|[a-z]+", words.lower()):
        scale = SCALES.get(part) or SCALES.get(part.rstrip("s"))
        if part[0].isdigit():
            current = float(part.replace(",", ""))
        elif part in {"a", "an"} and after_half:
            pass
        elif part in UNITS:
            current = (current or 0) + UNITS[part]
        elif part == "half":
            current = 0.5
        elif part == "hundred":
            current = (current or 1) * 100
        elif scale:
            if not scaled:
                break
            total += (1 if current is None else current) * scale
            current = None
        else:
            return None
        after_half = part == "half"
    value = total + (current or 0)
    return value if value > 0 else None


def _family(word: str) -> str:
    base = re.sub(rf"{SP}+sterling$", "", word.lower())
    if base in CURRENCY_WORDS:
        return FAMILY.get(base, base)
    for suffix in ("es", "s"):
        if base.endswith(suffix) and base[: -len(suffix)] in CURRENCY_WORDS:
            return FAMILY.get(base[: -len(suffix)], base[: -len(suffix)])
    return FAMILY.get(base, base)


def _currency_of_word(word: str, qualifier: str | None, context: list[str]) -> str | None:
    """The ISO code a currency word means, given its qualifier and the article's countries."""
    if word in CODES:
        return CODE_ALIASES.get(word, word)
    if re.search(rf"{SP}sterling$", word.lower()):
        return "GBP"
    family = _family(word)
    if qualifier:
        code = QUALIFIED.get(family, {}).get(qualifier.lower())
        if code:
            return code
    default = CURRENCY_WORDS.get(family)
    if default or family in QUALIFIER_ONLY:
        return default
    for code in context:  # "pesos" in an article about the Philippines
        currency = pycountry.currencies.get(alpha_3=code)
        if currency is not None and family in currency.name.lower():
            return code
    return None


def _context_currencies(doc: Doc) -> list[str]:
    """The currencies of the countries the article names, in order of first mention."""
    codes = []
    for country in country_codes_in(doc):
        code = currency_of_country(country)
        if code and code not in codes:
            codes.append(code)
    return codes


# -- equivalents and rates ----------------------------------------------------------------------


def _pair_equivalents(
    text: str, found: list[Found], year: int | None
) -> tuple[list[Found], dict[str, list[tuple[int, float]]]]:
    """Folds "10 million riel ($2,500)" into one amount and learns the rates such pairs give."""
    rates: dict[str, list[tuple[int, float]]] = {}
    out: list[Found] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        if b is not None and b.currency != a.currency and _is_equivalent(text, a, b) and _plausible_rate(a, b, year):
            if b.currency == "USD":
                a = replace(a, usd=b.value)
                rates.setdefault(a.currency, []).append((a.start, a.value / b.value))
            elif a.currency == "USD":
                a = replace(a, usd=a.value)
                rates.setdefault(b.currency, []).append((b.start, b.value / a.value))
            else:
                a = replace(a, usd=_to_usd(b, rates, None))
            i += 1
        out.append(a)
        i += 1
    return out, rates


def _plausible_rate(a: Found, b: Found, year: int | None) -> bool:
    """An equivalent whose rate is within a factor of 3 of the year's average ("a fine of 10 million riel or
    $5 billion in damages" is two amounts); any rate passes where the table has none."""
    if year is None:
        return True
    rate_a = 1.0 if a.currency == "USD" else yearly_rate(a.currency, year)
    rate_b = 1.0 if b.currency == "USD" else yearly_rate(b.currency, year)
    if not rate_a or not rate_b:
        return True
    implied, expected = a.value / b.value, rate_a / rate_b
    return expected / 3 <= implied <= expected * 3


def _is_equivalent(text: str, a: Found, b: Found) -> bool:
    opening = EQUIVALENT_OPEN.match(text, a.end)
    if opening and opening.end() == b.start:
        return bool(EQUIVALENT_CLOSE.match(text, b.end))
    alternative = EQUIVALENT_OR.match(text, a.end)
    return bool(alternative and alternative.end() == b.start)


def _to_usd(a: Found, rates: dict[str, list[tuple[int, float]]], year: int | None) -> float | None:
    """US dollars by the article's own rate for the currency (the nearest), else the year's average rate."""
    if a.currency == "USD":
        return a.value
    known = rates.get(a.currency)
    if known:
        rate = min(known, key=lambda r: abs(r[0] - a.start))[1]
        return a.value / rate
    if year is None:
        return None
    rate = yearly_rate(a.currency, year)
    return a.value / rate if rate else None


@lru_cache(maxsize=1)
def _rate_table() -> dict[str, dict[int, float]]:
    table: dict[str, dict[int, float]] = {}
    source = resources.files("newscoder").joinpath("data", "rates.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in source.splitlines() if line and not line.startswith("#"))
    for row in rows:
        table.setdefault(row["currency"], {})[int(row["year"])] = float(row["units_per_usd"])
    return table


def yearly_rate(currency: str, year: int) -> float | None:
    """Units of ``currency`` per US dollar in ``year`` (the nearest year within two), from data/rates.csv."""
    years = _rate_table().get(currency)
    if not years:
        return None
    nearest = min(years, key=lambda y: abs(y - year))
    return years[nearest] if abs(nearest - year) <= 2 else None
