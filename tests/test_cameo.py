"""The CAMEO code table: every code with its label, root, Goldstein value, PLOVER type and quad class."""

from __future__ import annotations

import pytest

from newscoder.cameo import is_code, lookup, quad_class_of, table


def test_table_has_every_root_and_the_common_codes():
    codes = table()
    for root in [f"{n:02d}" for n in range(1, 21)]:
        assert root in codes
    for code in ("010", "016", "020", "036", "042", "055", "057", "0841", "090", "111", "112", "115", "116", "120",
                 "130", "141", "1722", "173", "174", "186", "190"):
        assert is_code(code), code
    assert len(codes) > 300


def test_lookup_gives_label_root_goldstein_plover():
    accuse = lookup("112")
    assert (accuse.label, accuse.root, accuse.goldstein, accuse.plover, accuse.quad_class) == (
        "Accuse", "11", -2.0, "ACCUSE", 3
    )
    ban = lookup("1722")
    assert ban.root == "17" and ban.plover == "COERCE" and ban.quad_class == 4 and ban.plover_mode == "ban"


def test_statements_and_appeals_have_no_plover_type():
    assert lookup("010").plover is None
    assert lookup("020").plover is None
    assert lookup("036").plover == "AGREE"


def test_quad_class_follows_the_root():
    assert [quad_class_of(r) for r in ("01", "05", "06", "08", "09", "14", "15", "20")] == [1, 1, 2, 2, 3, 3, 4, 4]
    for entry in table().values():
        assert entry.quad_class == quad_class_of(entry.root)
        assert entry.code.startswith(entry.root)
    with pytest.raises(ValueError):
        quad_class_of("21")


def test_codes_the_source_leaves_without_goldstein_take_their_parents():
    assert lookup("1213").goldstein == lookup("121").goldstein
    assert lookup("1951").goldstein == lookup("195").goldstein


def test_labels_are_cleaned():
    assert lookup("055").label == "Apologize"


def test_unknown_code_names_itself():
    with pytest.raises(KeyError, match="999"):
        lookup("999")
    assert not is_code("999")
