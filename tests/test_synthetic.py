"""The synthetic generator: deterministic for a seed, the sizes asked for, keys that hold, a valid package."""

from __future__ import annotations

import pandas as pd
import pytest

from compendium import coded, synthetic
from compendium.refi.model import GUID_PATTERN


@pytest.fixture(scope="module")
def tables():
    return synthetic.coded_tables(2_000, codes=40, sources=50, seed=3)


def test_same_seed_same_tables_other_seed_other_tables(tables):
    again = synthetic.coded_tables(2_000, codes=40, sources=50, seed=3)
    for name in coded.SCHEMAS:
        pd.testing.assert_frame_equal(tables[name], again[name])
    other = synthetic.coded_tables(2_000, codes=40, sources=50, seed=4)
    assert not tables["codings"].equals(other["codings"])


def test_sizes(tables):
    assert list(tables) == list(coded.SCHEMAS)
    assert len(tables["selections"]) == 2_000 and len(tables["codes"]) == 40 and len(tables["sources"]) == 50
    assert 1.3 < len(tables["codings"]) / 2_000 < 1.7  # one or two codings per selection
    assert len(tables["cases"]) == 50 and len(tables["case_values"]) == 50 * len(synthetic.VARIABLES)
    assert all(len(tables[t]) == 0 for t in ("notes", "note_refs", "links", "sets", "set_members", "claims"))
    assert len(synthetic.coded_tables(0, codes=5, sources=3)["selections"]) == 0


def test_keys_hold(tables):
    for name, schema in coded.SCHEMAS.items():
        frame = tables[name]
        assert list(frame.columns) == [f["name"] for f in schema["fields"]]
        assert not frame.duplicated(schema.get("primaryKey", list(frame.columns))).any(), name
        for fk in schema.get("foreignKeys", []):
            target = fk["reference"]["resource"] or name
            values = frame[fk["fields"]]
            assert values[values != ""].isin(set(tables[target][fk["reference"]["fields"]])).all(), (name, fk["fields"])
    codes = tables["codes"].set_index("guid")["parent"]
    for guid in codes.index:  # a tree: every chain of parents ends at the top level
        seen = set()
        while guid:
            assert guid not in seen
            seen.add(guid)
            guid = codes[guid]
    assert not tables["codings"].duplicated(["selection", "code"]).any()
    assert tables["selections"]["guid"].str.match(GUID_PATTERN).all()


def test_selection_text_is_its_source_text(tables):
    texts = synthetic.source_texts(tables)
    sel = tables["selections"]
    assert all(texts[s][a:b] == t for s, a, b, t in zip(sel["source"], sel["start"], sel["end"], sel["text"]))
    chars = tables["sources"].set_index("guid")["characters"]
    assert all(len(texts[g]) == chars[g] for g in chars.index)


def test_round_trip_through_a_valid_package(tmp_path):
    tables = synthetic.coded_tables(10_000, seed=1)
    folder = synthetic.write_coded(tables, tmp_path / "pkg", name="synthetic-test", title="Synthetic")
    back = coded.load(folder)
    for name in coded.SCHEMAS:
        pd.testing.assert_frame_equal(back[name], tables[name], check_index_type=False)
    assert coded.problems(folder) == []
    assert len(list((folder / "texts").iterdir())) == len(tables["sources"])


def test_the_check_sees_a_broken_foreign_key(tmp_path):
    tables = synthetic.coded_tables(50, codes=5, sources=3)
    tables["codings"].loc[0, "code"] = "00000000-0000-4000-8000-00000000dead"
    assert any("foreign-key" in p for p in coded.problems(synthetic.write_coded(tables, tmp_path)))


def test_project_holds_every_row_and_writes(tables):
    from compendium.refi.writer import problems

    p = synthetic.project(tables)
    assert p.counts()["selections"] == 2_000 and p.counts()["codings"] == len(tables["codings"])
    assert problems(p) == []
    assert coded.compare(p, p)["identical"].all()


def test_never_writes_into_data(tmp_path):
    from compendium.paths import data_dir

    with pytest.raises(ValueError, match="data/"):
        synthetic.write_coded(synthetic.coded_tables(5, codes=3, sources=2), data_dir())


def test_scaled_compendium_grows_one_theme_and_keeps_dtypes():
    from compendium import coding
    from compendium.package import load

    data = load()
    big = synthetic.scaled_compendium(data, 500, seed=1)
    again = synthetic.scaled_compendium(data, 500, seed=1)
    themes = coding.theme_of(big)
    c = big["codings"].assign(theme=big["codings"]["code_id"].map(themes)).dropna(subset=["theme"])
    counts = c.drop_duplicates(["excerpt_id", "theme"])["theme"].value_counts()
    assert counts.iloc[0] == 500
    for name, table in data.tables.items():
        assert list(big[name].columns) == list(table.columns) and (big[name].dtypes == table.dtypes).all(), name
        pd.testing.assert_frame_equal(big[name], again[name])
    assert big["excerpts"]["excerpt_id"].is_unique and big["locators"]["locator_id"].is_unique
    assert big["excerpts"]["locator_id"].isin(big["locators"]["locator_id"]).all()
    assert len(big["claim_evidence"]) - len(data["claim_evidence"]) == len(big["excerpts"]) - len(data["excerpts"])
    assert synthetic.scaled_compendium(data, 1) is data  # the theme already has more
    assert len(data["excerpts"]) < len(big["excerpts"])  # data itself unchanged
