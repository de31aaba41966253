"""The CAMEO code table (data/cameo.tsv): label, root, Goldstein value, PLOVER type and quad class per code.

``lookup("112")`` gives the code's ``CameoCode``; ``table()`` the whole table, loaded once.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

QUAD_CLASSES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


@dataclass(frozen=True)
class CameoCode:
    code: str
    label: str
    root: str
    goldstein: float
    plover: str | None
    quad_class: int
    plover_mode: str | None = None
    plover_context: str | None = None


def quad_class_of(root: str) -> int:
    """CAMEO's quad class from a root: 01-05 verbal coop, 06-08 material coop, 09-14 verbal, 15-20 material conflict."""
    number = int(root[:2])
    if not 1 <= number <= 20:
        raise ValueError(f"not a CAMEO root: {root!r}")
    return 1 if number <= 5 else 2 if number <= 8 else 3 if number <= 14 else 4


@lru_cache(maxsize=1)
def table() -> dict[str, CameoCode]:
    """Every code in data/cameo.tsv, by its code string ("12", "120", "1722")."""
    text = resources.files("newscoder.data").joinpath("cameo.tsv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    codes: dict[str, CameoCode] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        codes[row["code"]] = CameoCode(
            code=row["code"],
            label=row["label"],
            root=row["root"],
            goldstein=float(row["goldstein"]),
            plover=row["plover"] or None,
            quad_class=int(row["quad_class"]),
            plover_mode=row["plover_mode"] or None,
            plover_context=row["plover_context"] or None,
        )
    return codes


def lookup(code: str) -> CameoCode:
    """The table's entry for a code; KeyError naming the code when the table has none."""
    try:
        return table()[str(code)]
    except KeyError:
        raise KeyError(f"unknown CAMEO code: {code!r}") from None


def is_code(code: str) -> bool:
    return str(code) in table()
