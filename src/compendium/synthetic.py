"""Seeded synthetic data at any size, for benchmarks: a coded project, and this compendium scaled up.

Everything here is a plain function of its arguments and a seed
(:func:`numpy.random.default_rng`): the same call gives the same tables. Nothing is read
or written at import time, and nothing is ever written into ``data/``.

:func:`coded_tables`
    A coded project in the generic schema of :mod:`compendium.coded` (codes in a tree,
    sources, selections with their text, one or two codings per selection, cases with
    role, site and year). Built with numpy and pandas, column by column, so that a million
    selections take seconds.
:func:`write_coded`
    Those tables as a data package that :func:`compendium.coded.load` reads back equal and
    :func:`compendium.coded.problems` finds valid.
:func:`project`
    Those tables as a :class:`~compendium.refi.model.Project`, for the REFI-QDA writer
    and reader.
:func:`scaled_compendium`
    This compendium's own data with synthetic excerpts (and their locators, codings and
    evidence links) added under one theme, in memory.
:func:`write_compendium`
    Such data written as a data package that :func:`compendium.validate.validate` reads.

Text
    A source's text is its selections' texts in order, separated by one space, so a
    selection's ``text`` is exactly ``source_text[start:end]`` and every position fits.
    Texts are drawn from a fixed pool of sentences made of a small vocabulary.

GUIDs
    ``KKKKKKKK-0000-4000-8000-NNNNNNNNNNNN``: the first group says which table (see
    :data:`KINDS`), the last is the row number in hexadecimal. They match the REFI-QDA
    GUID pattern and are the same for every seed.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from compendium import coded
from compendium.package import Compendium

#: The first GUID group of each table's rows.
KINDS = {"codes": 0xC0DE, "sources": 0x50C, "selections": 0x5E1, "codings": 0xC0D1, "variables": 0xA1, "cases": 0xCA5E}

#: Words the synthetic sentences are made of.
WORDS = (
    "we", "they", "police", "partners", "officers", "the", "agency", "meeting", "trust", "time", "money", "never", "always",
    "shared", "data", "problem", "community", "worked", "together", "local", "council", "information", "said", "because",
    "it", "was", "hard", "to", "get", "people", "in", "a", "room", "and", "talk", "about", "what", "mattered", "each", "week",
)
#: Case variables: name, REFI-QDA type and the values drawn from.
VARIABLES = {
    "role": ("Text", ("police officer", "partner agency", "manager", "volunteer", "resident")),
    "site": ("Text", tuple(f"Site {c}" for c in "ABCDEFGH")),
    "year": ("Integer", tuple(str(y) for y in range(2015, 2023))),
}
_POOL = 4096
_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def guids(kind: int, n: int, first: int = 0) -> np.ndarray:
    """``n`` GUIDs of one table (see the module docstring), vectorised.

    Parameters
    ----------
    kind : int
        The table's number (:data:`KINDS`), below ``16**8``.
    n : int
        How many.
    first : int
        The row number of the first.

    Returns
    -------
    numpy.ndarray
        An object array of ``str``.
    """
    template = np.frombuffer(f"{kind:08x}-0000-4000-8000-000000000000".encode(), dtype=np.uint8)
    rows = np.arange(first, first + n, dtype=np.uint64)
    shifts = np.arange(44, -1, -4, dtype=np.uint64)
    buf = np.empty((n, 36), dtype=np.uint8)
    buf[:] = template
    buf[:, 24:] = _HEX[(rows[:, None] >> shifts) & np.uint64(0xF)]
    return buf.view("S36").ravel().astype("U36").astype(object)


def _numbered(prefix: str, n: int, width: int) -> np.ndarray:
    """``prefix`` followed by 1..n, zero-padded to ``width`` digits (object array of str)."""
    numbers = np.char.zfill(np.arange(1, n + 1).astype(str), width)
    return np.char.add(prefix, numbers).astype(object)


def _sentences(rng: np.random.Generator, n: int = _POOL) -> np.ndarray:
    """A pool of ``n`` sentences of 4 to 24 words (object array of str)."""
    lengths = rng.integers(4, 25, size=n)
    words = np.asarray(WORDS, dtype=object)[rng.integers(0, len(WORDS), size=int(lengths.sum()))]
    cuts = np.cumsum(lengths)[:-1]
    pool = [" ".join(w) for w in np.split(words, cuts)]  # a loop over the pool, not over rows
    return np.asarray([s[:1].upper() + s[1:] + "." for s in pool], dtype=object)


def _text_frame(columns: dict, integers: tuple[str, ...] = ()) -> pd.DataFrame:
    """A frame typed as :func:`compendium.coded.load` types it: text as ``str``, ``integers`` as ``Int64``."""
    frame = pd.DataFrame(columns)
    for name in frame.columns:
        frame[name] = frame[name].astype("Int64") if name in integers else frame[name].astype(str)
    return frame


def _empty(table: str) -> pd.DataFrame:
    return _text_frame({f["name"]: np.array([], dtype=object) for f in coded.SCHEMAS[table]["fields"]})


def coded_tables(segments: int, codes: int = 200, sources: int = 1000, seed: int = 0) -> dict[str, pd.DataFrame]:
    """A synthetic coded project in the schema of :data:`compendium.coded.SCHEMAS`.

    Parameters
    ----------
    segments : int
        Selections (coded passages). Each carries one or two codings (1.5 on average).
    codes : int
        Codes, in a tree: the first twentieth (at least one) at the top level, every other
        under an earlier code. All are codable, names are unique (``Code 001``…).
    sources : int
        Sources, each the one source of a case; cases have ``role``, ``site`` and ``year``.
        About 1% of selections are also named by a second, random case.
    seed : int

    Returns
    -------
    dict of str to DataFrame
        Every table of :data:`~compendium.coded.SCHEMAS`, in its order, typed as
        :func:`compendium.coded.load` reads them (text as ``str`` with ``""`` for missing,
        ``start``/``end``/``characters`` as ``Int64``); ``notes``, ``note_refs``,
        ``links``, ``sets``, ``set_members`` and ``claims`` are empty.
    """
    if segments < 0 or codes < 2 or sources < 1:
        raise ValueError("need segments >= 0, codes >= 2 and sources >= 1")
    rng = np.random.default_rng(seed)
    n = int(segments)

    code_guid = guids(KINDS["codes"], codes)
    top = max(1, codes // 20)
    parent_row = np.full(codes, -1)
    parent_row[top:] = (rng.random(codes - top) * np.arange(top, codes)).astype(int)  # an earlier code: a tree
    parent = np.where(parent_row >= 0, code_guid[np.maximum(parent_row, 0)], "").astype(object)
    code_frame = _text_frame({
        "guid": code_guid, "parent": parent, "name": _numbered("Code ", codes, len(str(codes))),
        "codable": np.full(codes, "True", dtype=object), "color": np.full(codes, "", dtype=object),
        "description": _numbered("Synthetic code ", codes, len(str(codes))),
    })

    pool = _sentences(rng)
    pick = rng.integers(0, len(pool), size=n)
    text = pool[pick]
    length = np.fromiter((len(s) for s in pool), dtype=np.int64, count=len(pool))[pick]
    source_row = np.sort(rng.integers(0, sources, size=n))
    step = length + 1  # one space after each passage
    offset = np.cumsum(step) - step  # where each passage starts in all texts laid end to end
    first = np.minimum(np.searchsorted(source_row, np.arange(sources)), max(n - 1, 0))  # each source's first passage
    start = offset - offset[first][source_row] if n else offset
    per_source = np.bincount(source_row, weights=step, minlength=sources).astype(np.int64)
    characters = np.maximum(per_source - 1, 0)  # no space after the last passage

    source_guid = guids(KINDS["sources"], sources)
    source_frame = _text_frame({
        "guid": source_guid, "name": _numbered("Interview ", sources, len(str(sources))),
        "characters": characters, "description": np.full(sources, "Synthetic interview transcript.", dtype=object),
    }, integers=("characters",))
    selection_guid = guids(KINDS["selections"], n)
    selection_frame = _text_frame({
        "guid": selection_guid, "source": source_guid[source_row], "start": start, "end": start + length,
        "name": np.full(n, "", dtype=object), "description": np.full(n, "", dtype=object), "text": text,
    }, integers=("start", "end"))

    two = rng.random(n) < 0.5
    first_code = rng.integers(0, codes, size=n)
    second_code = (first_code + rng.integers(1, codes, size=n)) % codes  # never the first code again
    coding_selection = np.concatenate([np.arange(n), np.flatnonzero(two)])
    coding_code = np.concatenate([first_code, second_code[two]])
    order = np.argsort(coding_selection, kind="stable")
    coding_frame = _text_frame({
        "guid": guids(KINDS["codings"], len(order)), "selection": selection_guid[coding_selection[order]],
        "code": code_guid[coding_code[order]],
    })

    variable_guid = guids(KINDS["variables"], len(VARIABLES))
    variable_frame = _text_frame({
        "guid": variable_guid, "name": np.array(list(VARIABLES), dtype=object),
        "type": np.array([t for t, _ in VARIABLES.values()], dtype=object), "description": np.full(len(VARIABLES), "", dtype=object),
    })
    case_guid = guids(KINDS["cases"], sources)
    case_frame = _text_frame({
        "guid": case_guid, "name": _numbered("Participant ", sources, len(str(sources))),
        "description": np.full(sources, "", dtype=object),
    })
    values = {name: np.asarray(choices, dtype=object)[rng.integers(0, len(choices), size=sources)]
              for name, (_, choices) in VARIABLES.items()}
    value_frame = _text_frame({
        "case": np.repeat(case_guid, len(VARIABLES)), "variable": np.tile(variable_guid, sources),
        "value": np.column_stack(list(values.values())).ravel(),
    })
    extra = np.flatnonzero(rng.random(n) < 0.01)
    member_frame = _text_frame({
        "case": np.concatenate([case_guid, case_guid[rng.integers(0, sources, size=len(extra))]]),
        "kind": np.array(["source"] * sources + ["selection"] * len(extra), dtype=object),
        "member": np.concatenate([source_guid, selection_guid[extra]]),
    })
    out = {
        "codes": code_frame, "sources": source_frame, "selections": selection_frame, "codings": coding_frame,
        "variables": variable_frame, "cases": case_frame, "case_values": value_frame, "case_members": member_frame,
    }
    return {table: out[table] if table in out else _empty(table) for table in coded.SCHEMAS}


def source_texts(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Each source's text (by GUID), rebuilt from its selections (see the module docstring)."""
    sel = tables["selections"]
    out = {g: "" for g in tables["sources"]["guid"]}
    if len(sel):
        source = sel["source"].to_numpy(dtype=object)
        cuts = np.flatnonzero(source[1:] != source[:-1]) + 1
        for piece in np.split(np.arange(len(sel)), cuts):  # a loop over sources, not over rows
            out[source[piece[0]]] = " ".join(sel["text"].to_numpy(dtype=object)[piece])
    return out


def _target(folder: Path | str) -> Path:
    """``folder``, created; refused (``ValueError``) when it is the project's ``data/``."""
    from compendium.paths import data_dir

    folder = Path(folder)
    if folder.resolve() == data_dir().resolve():
        raise ValueError("synthetic data is never written into the project's data/ folder")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_coded(tables: dict[str, pd.DataFrame], folder: Path | str, name: str = "synthetic", title: str = "Synthetic coded project",
                texts: bool = True) -> Path:
    """Write tables from :func:`coded_tables` as a data package: one CSV each and ``datapackage.json``.

    Parameters
    ----------
    tables : dict of DataFrame
    folder : Path or str
        Created if missing. Never the project's ``data/``.
    name, title : str
        The package's name and title.
    texts : bool
        Also write each source's text as ``texts/<guid>.txt``, as
        :func:`compendium.coded.write_package` does.

    Returns
    -------
    Path
        The folder.
    """
    folder = _target(folder)
    for table in coded.SCHEMAS:
        tables[table].to_csv(folder / f"{table}.csv", index=False, encoding="utf-8", lineterminator="\n")
    if texts:
        (folder / "texts").mkdir(exist_ok=True)
        for guid, text in source_texts(tables).items():
            (folder / "texts" / f"{guid}.txt").write_text(text, encoding="utf-8")
    body = json.dumps(coded.descriptor(name, title, "Synthetic data for benchmarks (compendium.synthetic)."), indent=2, ensure_ascii=False)
    (folder / "datapackage.json").write_text(body + "\n", encoding="utf-8")
    return folder


def project(tables: dict[str, pd.DataFrame], name: str = "Synthetic coded project"):
    """Tables from :func:`coded_tables` as a :class:`~compendium.refi.model.Project`.

    One element per row (the model is a list of dataclasses); source texts are rebuilt
    from the selections, so every position fits.
    """
    from compendium.refi.model import Case, Code, Coding, Project, Selection, Source, Variable

    def col(table: str, column: str) -> list:
        return tables[table][column].tolist()

    def cols(table: str, *columns: str):
        return zip(*(col(table, c) for c in columns))

    texts = source_texts(tables)
    p = Project(name=name, origin="compendium.synthetic", description="Synthetic data for benchmarks.")
    p.codes = [Code(g, nm, pa or None, cb != "False", co or None, d) for g, pa, nm, cb, co, d in cols("codes", "guid", "parent", "name", "codable", "color", "description")]
    p.sources = [Source(g, nm, texts[g], d) for g, nm, d in cols("sources", "guid", "name", "description")]
    p.selections = [Selection(g, s, a, b, nm, d) for g, s, a, b, nm, d in cols("selections", "guid", "source", "start", "end", "name", "description")]
    p.codings = [Coding(g, s, c) for g, s, c in cols("codings", "guid", "selection", "code")]
    p.variables = [Variable(g, nm, t, d) for g, nm, t, d in cols("variables", "guid", "name", "type", "description")]
    values: dict[str, list] = {}
    for case, var, value in cols("case_values", "case", "variable", "value"):
        values.setdefault(case, []).append((var, value))
    members: dict[tuple[str, str], list] = {}
    for case, kind, member in cols("case_members", "case", "kind", "member"):
        members.setdefault((case, kind), []).append(member)
    p.cases = [Case(g, nm, d, tuple(values.get(g, ())), tuple(members.get((g, "source"), ())), tuple(members.get((g, "selection"), ())))
               for g, nm, d in cols("cases", "guid", "name", "description")]
    return p


def scaled_compendium(data: Compendium, excerpts: int, seed: int = 0, theme: str | None = None, claims: int = 5) -> Compendium:
    """This compendium's data with synthetic excerpts added, so that one theme has ``excerpts`` of them.

    Each new excerpt copies the source, speaker, form and attribution of a real excerpt
    (drawn at random), has a synthetic text and its own locator in that excerpt's section,
    is coded with the theme (and, half of them, one of its sub-themes), and is linked as
    support to one of ``claims`` claims that already rest on excerpts. The result is in
    memory only; it need not pass the project's text checks (the passages are not in the
    sources), but every table keeps its columns and dtypes.

    Parameters
    ----------
    data : Compendium
        The loaded data (:func:`compendium.package.load`); not changed.
    excerpts : int
        How many excerpts the theme should have (fewer than it has: nothing is added).
    seed : int
    theme : str, optional
        A theme's ``code_id``; by default the theme with the most excerpts.
    claims : int
        Over how many claims the new evidence links are spread.

    Returns
    -------
    Compendium
        New tables for ``excerpts``, ``locators``, ``codings`` and ``claim_evidence``; the
        others are the same objects as in ``data``.
    """
    from compendium.coding import theme_of

    rng = np.random.default_rng(seed)
    themes = theme_of(data)
    codings = data["codings"]
    under = codings.assign(theme=codings["code_id"].map(themes))
    counts = under.dropna(subset=["theme"]).drop_duplicates(["excerpt_id", "theme"])["theme"].value_counts()
    theme = theme or str(counts.index[0])
    n = max(0, int(excerpts) - int(counts.get(theme, 0)))
    if n == 0:
        return data
    subs = sorted(c for c, t in themes.items() if t == theme and c != theme)

    real = data["excerpts"]
    template = real.iloc[rng.integers(0, len(real), size=n)].reset_index(drop=True)
    loc = data.indexed("locators", "locator_id")
    text = _sentences(rng)[rng.integers(0, _POOL, size=n)]
    length = np.fromiter((len(s) for s in text), dtype=np.int64, count=n)
    ids = _numbered("X-SYN-", n, 6)
    locs = _numbered("L-SYN-", n, 6)
    start = rng.integers(0, 100_000, size=n)

    def typed(new: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
        new = new.reindex(columns=like.columns)
        return pd.concat([like, new.astype(like.dtypes.to_dict())], ignore_index=True)

    new_excerpts = typed(pd.DataFrame({
        "excerpt_id": ids, "source_id": template["source_id"], "locator_id": locs, "speaker_id": template["speaker_id"],
        "form": template["form"], "text": text, "attribution": template["attribution"],
    }), real)
    new_locators = typed(pd.DataFrame({
        "locator_id": locs, "source_id": template["source_id"], "section_id": loc.loc[template["locator_id"], "section_id"].to_numpy(),
        "paragraph": rng.integers(1, 30, size=n), "exact": text, "start": start, "end": start + length,
    }), data["locators"])
    sub = rng.random(n) < 0.5 if subs else np.zeros(n, dtype=bool)
    new_codings = typed(pd.DataFrame({
        "excerpt_id": np.concatenate([ids, ids[sub]]),
        "code_id": np.concatenate([np.full(n, theme, dtype=object), np.asarray(subs or [theme], dtype=object)[rng.integers(0, max(len(subs), 1), size=int(sub.sum()))]]),
        "basis": "synthetic excerpt (compendium.synthetic)",
    }), codings)
    ev = data["claim_evidence"]
    resting = list(dict.fromkeys(ev.loc[ev["excerpt_id"].notna(), "claim_id"]))[:max(1, claims)]
    new_evidence = typed(pd.DataFrame({
        "claim_id": np.asarray(resting, dtype=object)[rng.integers(0, len(resting), size=n)], "excerpt_id": ids,
        "relation": "supports", "note": "synthetic excerpt",
    }), ev)
    tables = {**data.tables, "excerpts": new_excerpts, "locators": new_locators, "codings": new_codings, "claim_evidence": new_evidence}
    return Compendium(data.folder, data.descriptor, tables)


def write_compendium(data: Compendium, folder: Path | str) -> Path:
    """Write loaded (or scaled) data as a data package: its ``datapackage.json`` and one CSV per table.

    Each table is written in its schema's field order, missing values as empty cells,
    whole numbers without a decimal point (so the project's own data writes back as it
    reads), for :func:`compendium.validate.validate` to time or check.

    Parameters
    ----------
    data : Compendium
        From :func:`compendium.package.load` or :func:`scaled_compendium`.
    folder : Path or str
        Created if missing. Never the project's ``data/``.

    Returns
    -------
    Path
        The folder.
    """
    folder = _target(folder)
    for r in data.descriptor["resources"]:
        names = [f["name"] for f in r["schema"]["fields"]]
        table = data[r["name"]].reindex(columns=names)
        out = {}
        for f in r["schema"]["fields"]:
            column = table[f["name"]]
            if f.get("type") == "number":  # 25.0 is written 25, as a person types it
                column = column.astype(object).map(lambda v: "" if pd.isna(v) else str(int(v)) if float(v).is_integer() else repr(float(v)))
            out[f["name"]] = column
        pd.DataFrame(out, columns=names).to_csv(folder / r["path"], index=False, encoding="utf-8", lineterminator="\n")
    body = json.dumps(data.descriptor, indent=2, ensure_ascii=False)
    (folder / "datapackage.json").write_text(body + "\n", encoding="utf-8")
    return folder
