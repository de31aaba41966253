"""Actor codes from hand-built Actor records: no NLP pipeline needed."""

import datetime as dt
from importlib import resources

import pytest

from newscoder.errors import NewscoderError
from newscoder.records import Actor, Role
from newscoder.stages.codes import (
    ActorCodeError,
    add_code,
    assign_codes,
    cameo_country,
    code_for,
    key,
    sector_of,
    user_codes_path,
    validate_code,
)


@pytest.fixture(autouse=True)
def no_user_file(tmp_path, monkeypatch):
    """Every test starts with an empty user file of its own, never the real ~/.config one."""
    monkeypatch.setenv("NEWSCODER_ACTOR_CODES", str(tmp_path / "user_codes.csv"))


def person(name, *roles, aliases=()):
    return Actor(id=name, name=name, type="PERSON", aliases=tuple(aliases), roles=tuple(roles))


def org(name, aliases=(), kind="ORG"):
    return Actor(id=name, name=name, type=kind, aliases=tuple(aliases))


def codes(actors, **kwargs):
    return {a.name: a.code for a in assign_codes(actors, **kwargs)}


def test_dictionary_hit_by_name_or_alias():
    got = codes(
        [
            org("Cambodian People’s Party", aliases=["CPP"]),  # curly apostrophe, as articles write it
            org("the ruling party", aliases=["Cambodian Peoples Party"]),  # only the alias is in the dictionary
            org("United Nations"),
            person("Samdech Hun Sen"),  # honorific dropped for the lookup
        ],
        country="KH",
    )
    assert got == {
        "Cambodian People’s Party": "KHMGOVPTY",
        "the ruling party": "KHMGOVPTY",
        "United Nations": "IGOUNO",
        "Samdech Hun Sen": "KHMGOV",
    }


def test_dated_dictionary_codes():
    manet = [person("Hun Manet")]
    assert codes(manet, date="2020-05-01") == {"Hun Manet": "KHMMIL"}
    assert codes(manet, date=dt.date(2023, 9, 1)) == {"Hun Manet": "KHMGOV"}
    assert codes(manet) == {"Hun Manet": "KHMGOV"}  # no date: the most recent code


def test_role_derived_codes():
    actors = [
        org("Candlelight Party", aliases=["CP"]),
        person("Son Chhay", Role("vice-president", "Candlelight Party"), aliases=["Chhay"]),
        person("Sok Eysan", Role("spokesman", "Cambodian People's Party")),  # an organization not among the actors
        person("Dara Vann", Role("Prime Minister")),
        person("Chan Thy", Role("judge")),
        person("Sokha Lim", Role("opposition leader")),
        person("Mey Sophal", Role("journalist")),
        person("Ra Chan", Role("spokesman")),  # a bare spokesman says nothing of the sector
        person("Emmanuel Dupuy", Role("president", "Institut Prospective")),  # president of an unknown body
        person("Don Pramudwinai", Role("Foreign Minister", "Thailand")),  # the country from the organization
    ]
    assert codes(actors, country="KHM") == {
        "Candlelight Party": "KHMOPPPTY",
        "Son Chhay": "KHMOPPPTY",
        "Sok Eysan": "KHMGOVPTY",
        "Dara Vann": "KHMGOV",
        "Chan Thy": "KHMJUD",
        "Sokha Lim": "KHMOPP",
        "Mey Sophal": "KHMMED",
        "Ra Chan": None,
        "Emmanuel Dupuy": None,
        "Don Pramudwinai": "THAGOV",
    }


def test_roles_outrank_a_lapsed_dictionary_code():
    # Phoenix: ANTONIO_GUTERRES_ [PRTGOV 951030-020406] [PRTELI]; the article's role is more recent.
    assert codes([person("Antonio Guterres")]) == {"Antonio Guterres": "PRTELI"}
    un = person("Antonio Guterres", Role("Secretary-General", "United Nations"))
    assert codes([un]) == {"Antonio Guterres": "IGOUNO"}


def test_org_keywords_take_the_named_or_the_article_country():
    actors = [
        org("Supreme Court"),
        org("Ministry of Interior"),
        org("Royal Academy of Cambodia"),
        org("Cambodia-China Journalist Association"),
        org("Thai Army"),
        org("Telegram"),
    ]
    assert codes(actors, country="KH") == {
        "Supreme Court": "KHMJUD",
        "Ministry of Interior": "KHMGOV",
        "Royal Academy of Cambodia": "KHMEDU",
        "Cambodia-China Journalist Association": "KHMMED",
        "Thai Army": "THAMIL",
        "Telegram": None,
    }
    assert codes([org("Supreme Court")]) == {"Supreme Court": "JUD"}  # no country known: the sector alone
    assert codes([org("Cambodian Center of Something")]) == {"Cambodian Center of Something": "KHM"}


def test_places_get_their_country():
    actors = [org(n, kind="GPE") for n in ("Cambodia", "United States", "Phnom Penh", "Kampong Cham province")]
    assert codes(actors) == {
        "Cambodia": "KHM",
        "United States": "USA",
        "Phnom Penh": "KHM",
        "Kampong Cham province": "KHM",
    }


def test_country_argument_conversion():
    assert [cameo_country(c) for c in ("KH", "KHM", "kh", "US", "TL", None, "")] == [
        "KHM",
        "KHM",
        "KHM",
        "USA",
        "TMP",  # CAMEO's code for East Timor
        None,
        None,
    ]


def test_user_file_overrides_and_extra_file(tmp_path):
    user = user_codes_path()
    user.write_text("# mine\nname,code\nCandlelight Party,KHMPTY\nTelegram,MNCARE\n", encoding="utf-8")
    got = codes([org("Candlelight Party"), org("Telegram"), person("Kim Sour", Role("spokesman", "Candlelight Party"))])
    assert got == {"Candlelight Party": "KHMPTY", "Telegram": "MNCARE", "Kim Sour": "KHMPTY"}
    extra = tmp_path / "extra.csv"
    extra.write_text("Telegram,MNCRUS\n", encoding="utf-8")  # no header: still read
    assert code_for("Telegram", extra=extra) == "MNCRUS"


def test_add_code_round_trip(tmp_path):
    path = add_code("Doeum Ampil Press", "khmmed")
    assert path == user_codes_path() and path.is_file()
    assert code_for("Doeum Ampil Press") == "KHMMED"
    add_code("Doeum Ampil Press", "KHMGOVMED")  # updates, does not duplicate
    assert code_for("doeum ampil press") == "KHMGOVMED"
    assert path.read_text(encoding="utf-8").count("Doeum Ampil Press") == 1
    other = add_code("Ou Chanrath", "KHMOPP", path=tmp_path / "sub" / "codes.csv")
    assert other.read_text(encoding="utf-8").splitlines()[-1] == "Ou Chanrath,KHMOPP,,"


@pytest.mark.parametrize("bad", ["KHMGO", "KH", "123GOV", "ZZZGOV", "", "KHM GOV"])
def test_bad_codes_are_refused(bad):
    with pytest.raises(ActorCodeError) as err:
        add_code("Somebody", bad)
    assert isinstance(err.value, NewscoderError)
    assert "actor code" in str(err.value)
    assert not user_codes_path().exists()


def test_validate_code_accepts_cameo_shapes():
    assert [validate_code(c) for c in ("KHMGOV", "igouno", "KHMOPPPTY", "GOV", "NGOHRI", "TMP")] == [
        "KHMGOV",
        "IGOUNO",
        "KHMOPPPTY",
        "GOV",
        "NGOHRI",
        "TMP",
    ]


def test_keys_and_sectors():
    assert key("The Cambodian People’s Party") == key("cambodian peoples party")
    assert key("U.N.") == "un"
    assert sector_of("Deputy Prime Minister") == "GOV"
    assert sector_of("former prime minister") == "ELI"
    assert sector_of("co-founder") is None


def test_shipped_files_are_small():
    data = resources.files("newscoder.data")
    for name in ("actor_codes.csv", "role_codes.csv"):
        assert len(data.joinpath(name).read_bytes()) < 2_000_000
