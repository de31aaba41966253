from datetime import date

import pytest

from newscoder.nlp import load_pipeline
from newscoder.stages.dates import find_dates

FRI = date(2018, 7, 27)  # a Friday
FEB = date(2023, 2, 27)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def found(nlp, text, published=FRI):
    doc = nlp(text)
    mentions = find_dates(doc, published)
    for m in mentions:
        assert doc.text[m.span[0] : m.span[1]] == m.text
        assert m.precision == {10: "day", 7: "month", 4: "year"}[len(m.value)]
    return [(m.text, m.value) for m in mentions]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("The court ruled on March 3, 2021, that the law stood.", FRI, [("March 3, 2021", "2021-03-03")]),
        ("Elections were held on 14 May 2019 across the country.", FRI, [("14 May 2019", "2019-05-14")]),
        ("The decree, dated 2020-11-05, was read aloud.", FRI, [("2020-11-05", "2020-11-05")]),
        ("The form was signed 12/25/2020 in the office.", FRI, [("12/25/2020", "2020-12-25")]),
        ("The form was signed 25/12/2020 in the office.", FRI, [("25/12/2020", "2020-12-25")]),
        ("The factory closed in October 2015 after a strike.", FRI, [("October 2015", "2015-10")]),
        ("The mill shut in Sept. 2014.", FRI, [("Sept. 2014", "2014-09")]),
        ("The minister spoke to reporters on February 13.", FEB, [("February 13", "2023-02-13")]),
        ("The ruling came on 20 February.", FEB, [("20 February", "2023-02-20")]),
        ("The union was dissolved on November 16.", FEB, [("November 16", "2022-11-16")]),
        ("Parties rallied ahead of the August 5 vote.", date(2018, 7, 20), [("August 5", "2018-08-05")]),
        ("The vote will take place on June 4.", date(2023, 2, 10), [("June 4", "2023-06-04")]),
        ("The general election this July will be tense.", FEB, [("this July", "2023-07")]),
        ("The protests last July were large.", FEB, [("last July", "2022-07")]),
        ("He promised a new budget next March.", FEB, [("next March", "2023-03")]),
        ("The party was banned in November.", FRI, [("November", "2017-11")]),
        ("He fled the country in February.", FRI, [("February", "2018-02")]),
        ("Voters will go to the polls in July.", date(2018, 2, 10), [("July", "2018-07")]),
        ("The law changed last year.", FRI, [("last year", "2017")]),
        ("The law will change next year.", FRI, [("next year", "2019")]),
        ("This year the harvest failed.", FRI, [("This year", "2018")]),
        ("Prices rose last month.", date(2018, 1, 15), [("last month", "2017-12")]),
        ("The party split in November last year.", FRI, [("November last year", "2017-11")]),
        ("She was first elected in 2013.", FRI, [("2013", "2013")]),
        ("He lost the 2013 election narrowly.", FRI, [("2013", "2013")]),
        ("Arrests rose in late 2017.", FRI, [("late 2017", "2017")]),
        ("The plan stalled by mid-2016.", FRI, [("mid-2016", "2016")]),
        ("The court met yesterday.", FRI, [("yesterday", "2018-07-26")]),
        ("The court meets tomorrow.", FRI, [("tomorrow", "2018-07-28")]),
        ("She started teaching six years ago.", FRI, [("six years ago", "2012")]),
        ("The clinic opened three months ago.", FRI, [("three months ago", "2018-04")]),
        ("The bridge opened in 1998, a symbol of peace.", FRI, [("1998", "1998")]),
    ],
)
def test_expressions(nlp, text, published, expected):
    assert found(nlp, text, published) == expected


def test_relative_to_a_date_just_given(nlp):
    assert found(nlp, "The law passed in 2015. A year later, it was amended.") == [
        ("2015", "2015"),
        ("A year later", "2016"),
    ]
    assert found(nlp, "He was arrested in March 2019. That same month, his party folded.") == [
        ("March 2019", "2019-03"),
        ("That same month", "2019-03"),
    ]
    assert found(nlp, "Turnout fell in 2016, and in November of that year the party split.") == [
        ("2016", "2016"),
        ("November of that year", "2016-11"),
    ]


def test_day_repeated_without_its_year(nlp):
    text = "Her testimony on January 23, 2013 drew crowds. A photo taken on January 23 went viral."
    assert found(nlp, text) == [("January 23, 2013", "2013-01-23"), ("January 23", "2013-01-23")]


def test_relative_without_anchor_is_skipped(nlp):
    assert found(nlp, "A year later, it was amended.") == []


def test_weekdays_follow_tense(nlp):
    # published on a Friday
    assert found(nlp, "The minister resigned on Tuesday.") == [("Tuesday", "2018-07-24")]
    assert found(nlp, "The minister resigned on Friday.") == [("Friday", "2018-07-27")]
    assert found(nlp, "Citizens will vote on Sunday.") == [("Sunday", "2018-07-29")]
    assert found(nlp, "The rally last Monday drew thousands.") == [("last Monday", "2018-07-23")]
    assert found(nlp, "The rally next Monday may draw thousands.") == [("next Monday", "2018-07-30")]


def test_present_tense_weekday_is_the_coming_one(nlp):
    assert found(nlp, "Farmers go to the market on Sunday, officials hope.") == [("Sunday", "2018-07-29")]
    assert found(nlp, "The deputy says Tuesday was a mistake.") == [("Tuesday", "2018-07-24")]


def test_named_days_are_not_weekdays(nlp):
    assert found(nlp, "Shops opened early for Black Friday and voters met on Super Tuesday.") == []


def test_day_with_relative_year(nlp):
    assert found(nlp, "The decree took effect on March 23 of this year.") == [("March 23 of this year", "2018-03-23")]
    assert found(nlp, "He was jailed on June 5 last year.") == [("June 5 last year", "2017-06-05")]


def test_years_in_a_list_and_counts_that_look_like_years(nlp):
    assert found(nlp, "The 2014 and 2015 budgets were cut.") == [("2014", "2014"), ("2015", "2015")]
    assert found(nlp, "Of 1,590 ballots counted on the island, 1128 were valid.") == []
    assert found(nlp, "The toll rose to 1500 and 2000 people fled.") == []


def test_weekday_in_apposition_to_a_date(nlp):
    text = "Campaigning began on July 7, a Saturday, in the capital."
    assert found(nlp, text, date(2018, 7, 20)) == [("July 7", "2018-07-07"), ("Saturday", "2018-07-07")]


def test_weekday_without_tense_takes_the_articles_reading(nlp):
    text = "Nineteen parties will contest seats on Sunday. Sunday's vote is the first since 2013."
    assert found(nlp, text) == [("Sunday", "2018-07-29"), ("Sunday", "2018-07-29"), ("2013", "2013")]


def test_wire_dateline(nlp):
    text = "WASHINGTON, Feb. 27 (Reuters) - The Senate passed the bill."
    assert found(nlp, text, FEB) == [("Feb. 27", "2023-02-27")]


def test_without_publication_date(nlp):
    text = "He spoke on June 7, 2022. Last year he had been silent, and on Friday he left."
    assert found(nlp, text, None) == [("June 7, 2022", "2022-06-07")]
    dated = "PHNOM PENH, June 8, 2022 - The minister spoke yesterday."
    assert found(nlp, dated, None) == [("June 8, 2022", "2022-06-08"), ("yesterday", "2022-06-07")]


def test_one_record_per_mention(nlp):
    mentions = find_dates(nlp("It won in 2013. The 2013 result stood."), FRI)
    assert [m.value for m in mentions] == ["2013", "2013"]
    assert mentions[0].span != mentions[1].span


@pytest.mark.parametrize(
    "text",
    [
        "May I ask a question about the budget?",
        "Officials may announce the result soon.",
        "The fine was $2,018 and the bail 10 million riel.",
        "He paid $2018 for the motorbike.",
        "About 2000 people attended the rally.",
        "Dara, 29, said he was aged 65 in spirit; a 65-year-old farmer agreed.",
        "He served for 30 years and ruled for three decades, over the past 25 years.",
        "Her five-year term ends in five years.",
        "The 1990s were hard, and in his 60s he wrote about the 1980's.",
        "We met the week before, last week and again this summer at the weekend.",
        "Fees rose over the previous year and a half.",
        "The council passed Resolution 2334 and Flight 1549 landed.",
        "The party won 2,813 votes and 55 seats.",
        "April Ryan asked the question.",
        "The form dated 03/04/2020 is ambiguous.",
    ],
)
def test_no_false_dates(nlp, text):
    assert found(nlp, text) == []
