from datetime import date

import pytest

from newscoder.nlp import load_pipeline
from newscoder.stages.money import find_amounts, yearly_rate

PUBLISHED = date(2020, 6, 1)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def found(nlp, text, published=PUBLISHED):
    doc = nlp(text)
    amounts = find_amounts(doc, published)
    for a in amounts:
        assert doc.text[a.span[0] : a.span[1]] == a.text
    return [(a.text, a.value, a.currency, a.usd) for a in amounts]


def usd_at(year, currency, value):
    return round(value / yearly_rate(currency, year), 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The bank lent $2.5m to farmers.", [("$2.5m", 2_500_000, "USD", 2_500_000)]),
        ("The aid came to US$5,000 in all.", [("US$5,000", 5000, "USD", 5000)]),
        ("Donors pledged USD 5 million.", [("USD 5 million", 5_000_000, "USD", 5_000_000)]),
        ("Bidders offered 7 million USD.", [("7 million USD", 7_000_000, "USD", 7_000_000)]),
        ("The fine was 300 dollars.", [("300 dollars", 300, "USD", 300)]),
        ("Half a million dollars went missing.", [("Half a million dollars", 500_000, "USD", 500_000)]),
        ("Traders owed 4bn riel.", [("4bn riel", 4e9, "KHR", usd_at(2020, "KHR", 4e9))]),
        ("Farmers lost four billion riel.", [("four billion riel", 4e9, "KHR", usd_at(2020, "KHR", 4e9))]),
        ("The EU gave €3 million.", [("€3 million", 3e6, "EUR", usd_at(2020, "EUR", 3e6))]),
        ("London added £40m.", [("£40m", 4e7, "GBP", usd_at(2020, "GBP", 4e7))]),
        ("Delhi set aside ₹500 crore.", [("₹500 crore", 5e9, "INR", usd_at(2020, "INR", 5e9))]),
        ("The loan was 2 billion yuan.", [("2 billion yuan", 2e9, "CNY", usd_at(2020, "CNY", 2e9))]),
        ("It cost 1.2 billion Thai baht.", [("1.2 billion Thai baht", 1.2e9, "THB", usd_at(2020, "THB", 1.2e9))]),
        (
            "They paid twenty-five thousand euros.",
            [("twenty-five thousand euros", 25_000, "EUR", usd_at(2020, "EUR", 25_000))],
        ),
        ("The deal was worth $2-3 million.", [("$2-3 million", 2e6, "USD", 2e6)]),
        ("Wages range from $200 to $300 a month.", [("$200 to $300", 200, "USD", 200)]),
        (
            "Bribes cost between 10 and 20 million riel.",
            [("10 and 20 million riel", 1e7, "KHR", usd_at(2020, "KHR", 1e7))],
        ),
        (
            "Seoul paid 5 million South Korean won.",
            [("5 million South Korean won", 5e6, "KRW", usd_at(2020, "KRW", 5e6))],
        ),
        ("Each family got 1,000 Kenyan shillings.", [("1,000 Kenyan shillings", 1000, "KES", None)]),
        ("Investors lost RM2.6 billion.", [("RM2.6 billion", 2.6e9, "MYR", usd_at(2020, "MYR", 2.6e9))]),
        ("A bond of USD5m was posted.", [("USD5m", 5e6, "USD", 5e6)]),
        ("Their plan costs $75billion a year.", [("$75billion", 7.5e10, "USD", 7.5e10)]),
    ],
)
def test_amounts(nlp, text, expected):
    assert found(nlp, text) == expected


def test_equivalent_in_parentheses_is_the_usd_and_the_rate(nlp):
    text = "Fines of 10 million riel ($2,500) were imposed, and four billion riel in damages."
    assert found(nlp, text) == [
        ("10 million riel", 1e7, "KHR", 2500),
        ("four billion riel", 4e9, "KHR", 1_000_000),
    ]


def test_equivalent_after_or_and_the_other_way_round(nlp):
    assert found(nlp, "She owed 10 million riel, or about $2,500, to the court.") == [
        ("10 million riel", 1e7, "KHR", 2500)
    ]
    assert found(nlp, "He paid $5,000 (about 20 million riel) and then 40 million riel more.") == [
        ("$5,000", 5000, "USD", 5000),
        ("40 million riel", 4e7, "KHR", 10_000),
    ]


def test_and_joins_a_range_only_after_between(nlp):
    assert [a[0] for a in found(nlp, "They paid HK$1.5 billion and S$500 in fees.")] == ["HK$1.5 billion", "S$500"]
    assert [a[0] for a in found(nlp, "Bids came in between $8 and $10 each.")] == ["$8 and $10"]


def test_an_implausible_equivalent_is_an_amount_of_its_own(nlp):
    amounts = found(nlp, "The court imposed 10 million riel or $5 billion in damages.")
    assert [(a[0], a[2]) for a in amounts] == [("10 million riel", "KHR"), ("$5 billion", "USD")]
    assert amounts[0][3] == usd_at(2020, "KHR", 1e7)


def test_peso_takes_the_country_of_the_article(nlp):
    assert found(nlp, "In the Philippines, a meal costs 300 pesos.") == [
        ("300 pesos", 300, "PHP", usd_at(2020, "PHP", 300))
    ]
    assert found(nlp, "A Mexican official said 50,000 Philippine pesos were paid.")[0][2] == "PHP"


def test_usd_needs_a_rate(nlp):
    assert found(nlp, "The state paid 10 million riel.", published=None) == [("10 million riel", 1e7, "KHR", None)]
    assert found(nlp, "The state paid $10.", published=None) == [("$10", 10, "USD", 10)]


def test_one_record_per_mention(nlp):
    amounts = found(nlp, "He paid $5,000. She paid $5,000 too.")
    assert [a[0] for a in amounts] == ["$5,000", "$5,000"]


@pytest.mark.parametrize(
    "text",
    [
        "The party claims 5.5 million members and 10 percent growth.",
        "The CPP won 2,813 votes and 68 seats; the party won in 2013.",
        "He carried 50 pounds of rice for a dollar a day.",
        "Some 130,000 ballots and 10 million voters, in 2018.",
        "Others ten kilometres away saw 4bn stars.",
    ],
)
def test_no_false_amounts(nlp, text):
    assert found(nlp, text) == []


def test_rate_table():
    assert 4000 < yearly_rate("KHR", 2018) < 4100
    assert yearly_rate("KHR", 2031) == yearly_rate("KHR", 2025) or yearly_rate("KHR", 2031) is None
    assert yearly_rate("XYZ", 2018) is None
