"""Code × excerpt matrix, co-occurrence and theme counts on a tiny codebook."""

from __future__ import annotations

import pandas as pd

from compendium import coding
from minidata import frame, mini


def _data():
    codes = frame([
        {"code_id": "C-ROOT", "parent_id": None, "name": "root", "definition": "d"},
        {"code_id": "C-A", "parent_id": "C-ROOT", "name": "A", "definition": "d"},
        {"code_id": "C-A1", "parent_id": "C-A", "name": "A1", "definition": "d"},
        {"code_id": "C-A2", "parent_id": "C-A", "name": "A2", "definition": "d"},
        {"code_id": "C-B", "parent_id": "C-ROOT", "name": "B", "definition": "d"},
        {"code_id": "C-B1", "parent_id": "C-B", "name": "B1", "definition": "d"},
    ], ["code_id", "parent_id", "name", "definition"])
    codings = frame([
        {"excerpt_id": "X1", "code_id": "C-A"}, {"excerpt_id": "X1", "code_id": "C-A1"}, {"excerpt_id": "X1", "code_id": "C-A2"},
        {"excerpt_id": "X2", "code_id": "C-A1"}, {"excerpt_id": "X2", "code_id": "C-B1"}, {"excerpt_id": "X3", "code_id": "C-B"},
    ], ["excerpt_id", "code_id"])
    ex = frame([
        {"excerpt_id": "X1", "speaker_id": "s1", "locator_id": "L", "text": "t1", "attribution": "a", "form": "block"},
        {"excerpt_id": "X2", "speaker_id": "s2", "locator_id": "L", "text": "t2", "attribution": "b", "form": "inline"},
        {"excerpt_id": "X3", "speaker_id": "s2", "locator_id": "L", "text": "t3", "attribution": "b", "form": "block"},
        {"excerpt_id": "X4", "speaker_id": "s1", "locator_id": "L", "text": "t4", "attribution": "a", "form": "block"},
    ], ["excerpt_id", "speaker_id", "locator_id", "text", "attribution", "form"])
    sp = frame([
        {"speaker_id": "s1", "label": "Kate", "project_id": "CC", "role": "r", "group": "police", "gender": "female", "kind": "individual"},
        {"speaker_id": "s2", "label": "Kevin", "project_id": "CC", "role": "r", "group": "partner", "gender": None, "kind": "individual"},
    ], ["speaker_id", "label", "project_id", "role", "group", "gender", "kind"])
    return mini(codes=codes, codings=codings, excerpts=ex, speakers=sp)


def test_theme_of_walks_up_the_tree():
    t = coding.theme_of(_data())
    assert t["C-A1"] == "C-A" and t["C-A"] == "C-A" and t["C-B1"] == "C-B" and pd.isna(t["C-ROOT"])


def test_matrix_rolls_up_and_keeps_uncoded_excerpts():
    m = coding.matrix(_data(), "theme")
    assert m.loc["X1"].to_dict() == {"C-A": 1, "C-B": 0}
    assert m.loc["X2"].to_dict() == {"C-A": 1, "C-B": 1}
    assert m.loc["X4"].sum() == 0


def test_cooccurrence_counts_excerpts_with_both_codes():
    co = coding.cooccurrence(_data(), "sub")
    assert co.loc["C-A1", "C-A2"] == 1 and co.loc["C-A1", "C-B1"] == 1 and co.loc["C-A1", "C-A1"] == 2
    assert co.loc["C-A2", "C-B1"] == 0


def test_by_theme_counts_excerpts_and_speakers():
    d = _data()
    ex = coding.by_theme(d, "group")
    assert ex.loc["C-A", "police"] == 1 and ex.loc["C-A", "partner"] == 1 and ex.loc["C-B", "partner"] == 2
    people = coding.by_theme(d, "group", count="speakers")
    assert people.loc["C-B", "partner"] == 1
    assert coding.by_theme(d, "gender").loc["C-B", "not given"] == 2


def test_theme_excerpts_lists_sub_themes():
    t = coding.theme_excerpts(_data(), "C-A")
    assert list(t["excerpt_id"]) == ["X1", "X2"]
    assert list(t["sub_themes"]) == ["A1; A2", "A1"]
