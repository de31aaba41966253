"""newscoder: political news into structured, verifiable records.

>>> import newscoder
>>> result = newscoder.extract("Prime Minister Hun Sen rejected the apology.", published="2023-02-27")
>>> result.as_dict()["actors"][0]["name"]
'Hun Sen'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Extractor", "extract", "__version__"]

if TYPE_CHECKING:
    from .api import extract
    from .extractor import Extractor


def __getattr__(name: str) -> Any:
    # Lazy: importing newscoder must not load spaCy until extraction is asked for.
    if name == "extract":
        from .api import extract

        return extract
    if name == "Extractor":
        from .extractor import Extractor

        return Extractor
    raise AttributeError(name)
