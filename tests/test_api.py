"""The Python API: newscoder.extract and a reusable Extractor."""

from __future__ import annotations

import newscoder
from newscoder.records import Extraction


def test_extract_text_returns_typed_records_that_serialize_to_the_contract():
    text = "Prime Minister Ana Ruiz rejected the offer on Monday. Ruiz said the price of $2 million was too high."
    result = newscoder.extract(text, published="2024-03-06")
    assert isinstance(result, Extraction)
    data = result.as_dict()
    assert set(data) == {"document", "actors", "quotes", "events", "amounts", "dates", "places"}
    assert data["document"]["published"] == "2024-03-06"
    assert any(a["name"] == "Ana Ruiz" for a in data["actors"])
    assert data["dates"][0]["value"] == "2024-03-04"
    assert data["amounts"][0]["value"] == 2_000_000


def test_extractor_reuses_its_pipeline():
    extractor = newscoder.Extractor()
    first = extractor.extract_text("The army withdrew from the border.", id="a")
    second = extractor.extract_text("The army withdrew from the border.", id="b")
    assert first.document.sha256 == second.document.sha256
    assert first.document.id == "a" and second.document.id == "b"


def test_extract_all_uses_the_extractor_given_and_its_model(monkeypatch):
    import newscoder.extractor as extractor_module

    class Loaded:
        model = "some_model"

        def extract_many(self, items):
            return iter(["done" for _ in items])

    assert list(extractor_module.extract_all(["a", "b"], extractor=Loaded(), workers=1)) == ["done", "done"]
    pools: list[tuple] = []

    class Pool:  # records what the worker processes would load, runs nothing
        def __init__(self, workers, initializer, initargs):
            pools.append(initargs)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def map(self, fn, chunk, chunksize):
            return iter(chunk)

    monkeypatch.setattr(extractor_module, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(extractor_module.os, "cpu_count", lambda: 2)
    assert list(extractor_module.extract_all(["a"], extractor=Loaded(), workers=2)) == ["a"]
    assert pools == [("some_model",)]
