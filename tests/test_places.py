import pytest

from newscoder.nlp import load_pipeline
from newscoder.stages.places import country_code, find_places, resolve


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def found(nlp, text):
    doc = nlp(text)
    places = find_places(doc)
    for p in places:
        assert doc.text[p.span[0] : p.span[1]] == p.text
    return [(p.text, p.name, p.country) for p in places]


def test_city_and_country(nlp):
    doc = nlp("Hun Sen met officials from Thailand in Phnom Penh.")
    places = find_places(doc)
    assert [(p.text, p.name, p.country) for p in places] == [
        ("Thailand", "Thailand", "TH"),
        ("Phnom Penh", "Phnom Penh", "KH"),
    ]
    assert all(p.lat is not None and p.lon is not None for p in places)
    assert abs(places[1].lat - 11.56) < 0.1 and abs(places[1].lon - 104.92) < 0.1


def test_dateline(nlp):
    assert found(nlp, "PHNOM PENH, CAMBODIA — The ministry said it would appeal.")[:2] == [
        ("PHNOM PENH", "Phnom Penh", "KH"),
        ("CAMBODIA", "Cambodia", "KH"),
    ]
    assert found(nlp, "BANGKOK (Reuters) - Police arrested three men.")[:1] == [("BANGKOK", "Bangkok", "TH")]


def test_country_aliases(nlp):
    assert found(nlp, "The U.S. and Britain criticized Russia.") == [
        ("U.S.", "United States", "US"),
        ("Britain", "United Kingdom", "GB"),
        ("Russia", "Russia", "RU"),
    ]
    assert country_code("the United States") == "US"
    assert country_code("Burma") == "MM"


def test_article_country_prefers_its_city(nlp):
    assert found(nlp, "In Costa Rica, protesters gathered in San Jose on Tuesday.") == [
        ("Costa Rica", "Costa Rica", "CR"),
        ("San Jose", "San José", "CR"),
    ]
    assert found(nlp, "Protesters gathered in San Jose on Tuesday.") == [("San Jose", "San Jose", "US")]


def test_state_city_and_generic_words():
    assert resolve("Florida")[:2] == ("Florida", "US")  # the state, not the town in Cuba
    assert resolve("Mexico City")[:2] == ("Mexico City", "MX")  # not the country
    assert resolve("Alexandria", ["US"])[1] == "US"
    assert resolve("Alexandria")[1] == "EG"


def test_resolve_directly():
    assert resolve("Los Angeles")[1] == "US"
    assert resolve("Paris", ["US"])[1] == "FR"  # a famous namesake beats a small local town
    assert resolve("Siem Reap province")[:2] == ("Siem Reap", "KH")
    assert resolve("Asia")[:2] == ("Asia", None)
    assert resolve("Zorbland") is None


def test_demonyms_and_unknowns_are_not_places(nlp):
    assert found(nlp, "Cambodian and Thai officials agreed.") == []
    assert found(nlp, "Dara said the Dara family farm was fine, Dara added.") == []


def test_dateline_with_country_and_agency():
    from newscoder.stages.places import _dateline_mentions

    text = "BANGKOK, Thailand (AP) _ Protesters gathered on Sunday."
    assert [text[s:e] for s, e in _dateline_mentions(text)] == ["BANGKOK"]


def test_us_state_wins_over_country_in_a_us_story():
    assert resolve("Georgia", ["US"])[:2] == ("Georgia", "US")
    assert resolve("Georgia", ["RU"])[1] == "GE"
