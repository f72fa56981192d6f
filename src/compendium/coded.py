"""Any coded project as a data package: generic tables, their Table Schemas, and simple analyses.

This module is the generic core that ``compendium init`` and the tutorial use. It knows
nothing of the two documents this compendium studies: its input is a
:class:`~compendium.refi.model.Project` (read from any REFI-QDA file) or the tables written
from one.

Tables (one CSV each, keyed by the REFI-QDA GUIDs; see :func:`compendium.refi.corpus.tables`)
    ``codes``, ``sources``, ``selections`` (with their quoted ``text``), ``codings``,
    ``variables``, ``cases``, ``case_values``, ``case_members``, ``notes``, ``note_refs``,
    ``links``, ``sets``, ``set_members``, and ``claims``: the researcher's claims registry,
    empty when created, with a verdict from :data:`compendium.verdicts.VERDICTS`.

Counting
    Counts are of *selections* (coded passages), never of words. A selection belongs to a
    case when the case names it, or names its source; a selection in two cases counts once
    for each. A code's count under a case attribute is the number of distinct selections
    coded with it in cases with that value.

Nothing here reads or writes at import time; :func:`write_package` writes only into the
folder it is given.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from compendium.refi.model import Project
from compendium.verdicts import CLAIM_KINDS, VERDICTS

_S, _I, _B = "string", "integer", "boolean"


def _fields(*spec: tuple[str, str, str], required: tuple[str, ...] = ()) -> list[dict]:
    out = []
    for name, kind, description in spec:
        field: dict = {"name": name, "type": kind, "description": description}
        if name in required:
            field["constraints"] = {"required": True}
        out.append(field)
    return out


def _fk(field: str, resource: str, key: str = "guid") -> dict:
    return {"fields": field, "reference": {"resource": resource, "fields": key}}


#: Table Schema of each table: fields, primary key and foreign keys.
SCHEMAS: dict[str, dict] = {
    "codes": {
        "fields": _fields(("guid", _S, "GUID of the code."), ("parent", _S, "GUID of the parent code; empty at the top level."),
                          ("name", _S, "Name of the code."), ("codable", _B, "False for a category that groups codes."),
                          ("color", _S, "Colour as #RRGGBB, or empty."), ("description", _S, "Definition of the code."),
                          required=("guid", "name")),
        "primaryKey": ["guid"], "foreignKeys": [_fk("parent", "")]},
    "sources": {
        "fields": _fields(("guid", _S, "GUID of the source."), ("name", _S, "Name of the source."),
                          ("characters", _I, "Length of its plain text in code points; empty when the file held no text."),
                          ("description", _S, "Description of the source."), required=("guid", "name")),
        "primaryKey": ["guid"]},
    "selections": {
        "fields": _fields(("guid", _S, "GUID of the selection."), ("source", _S, "GUID of its source."),
                          ("start", _I, "First code point, counting from zero."), ("end", _I, "Code point after the last (end exclusive)."),
                          ("name", _S, "Name of the selection."), ("description", _S, "Description of the selection."),
                          ("text", _S, "The quoted text: the source's text from start to end."),
                          required=("guid", "source", "start", "end")),
        "primaryKey": ["guid"], "foreignKeys": [_fk("source", "sources")]},
    "codings": {
        "fields": _fields(("guid", _S, "GUID of the coding."), ("selection", _S, "GUID of the coded selection."),
                          ("code", _S, "GUID of the code applied."), required=("guid", "selection", "code")),
        "primaryKey": ["guid"], "foreignKeys": [_fk("selection", "selections"), _fk("code", "codes")]},
    "variables": {
        "fields": _fields(("guid", _S, "GUID of the case variable."), ("name", _S, "Name of the variable."),
                          ("type", _S, "REFI-QDA type: Text, Boolean, Integer, Float, Date or DateTime."),
                          ("description", _S, "Description of the variable."), required=("guid", "name")),
        "primaryKey": ["guid"]},
    "cases": {
        "fields": _fields(("guid", _S, "GUID of the case."), ("name", _S, "Name of the case."),
                          ("description", _S, "Description of the case."), required=("guid",)),
        "primaryKey": ["guid"]},
    "case_values": {
        "fields": _fields(("case", _S, "GUID of the case."), ("variable", _S, "GUID of the variable."),
                          ("value", _S, "The value, as text."), required=("case", "variable")),
        "primaryKey": ["case", "variable"], "foreignKeys": [_fk("case", "cases"), _fk("variable", "variables")]},
    "case_members": {
        "fields": _fields(("case", _S, "GUID of the case."), ("kind", _S, "source or selection."),
                          ("member", _S, "GUID of the source or selection in the case."), required=("case", "kind", "member")),
        "primaryKey": ["case", "kind", "member"], "foreignKeys": [_fk("case", "cases")]},
    "notes": {
        "fields": _fields(("guid", _S, "GUID of the note."), ("name", _S, "Name of the note."), ("text", _S, "Text of the note."),
                          ("description", _S, "Description of the note."), required=("guid",)),
        "primaryKey": ["guid"]},
    "note_refs": {
        "fields": _fields(("owner", _S, "GUID of the element the note is attached to; empty for the project."),
                          ("note", _S, "GUID of the note."), required=("note",)),
        "foreignKeys": [_fk("note", "notes")]},
    "links": {
        "fields": _fields(("guid", _S, "GUID of the link."), ("name", _S, "Name of the relation."), ("origin", _S, "GUID of its origin."),
                          ("target", _S, "GUID of its target."), ("direction", _S, "OneWay, Associative or Bidirectional."),
                          required=("guid",)),
        "primaryKey": ["guid"]},
    "sets": {
        "fields": _fields(("guid", _S, "GUID of the set."), ("name", _S, "Name of the set."), ("description", _S, "Description of the set."),
                          required=("guid",)),
        "primaryKey": ["guid"]},
    "set_members": {
        "fields": _fields(("set", _S, "GUID of the set."), ("kind", _S, "code, source or note."), ("member", _S, "GUID of the member."),
                          required=("set", "kind", "member")),
        "foreignKeys": [_fk("set", "sets")]},
    "claims": {
        "fields": [
            {"name": "claim_id", "type": _S, "description": "Your id for the claim, e.g. C-TRUST-01.", "constraints": {"required": True}},
            {"name": "source_id", "type": _S, "description": "GUID of the source (document) that makes the claim; empty for your own claim."},
            {"name": "claim", "type": _S, "description": "The claim in your own words.", "constraints": {"required": True}},
            {"name": "kind", "type": _S, "description": "The kind of claim.", "constraints": {"required": True, "enum": list(CLAIM_KINDS)}},
            {"name": "status", "type": _S, "description": "Verdict (compendium.verdicts.VERDICTS).",
             "constraints": {"required": True, "enum": list(VERDICTS)}},
            {"name": "code", "type": _S, "description": "GUID of the code whose selections are the evidence, if any."},
            {"name": "selection", "type": _S, "description": "GUID of a selection that is the evidence, if any."},
            {"name": "reason", "type": _S, "description": "Why the verdict is what it is.", "constraints": {"required": True}},
        ],
        "primaryKey": ["claim_id"],
        "foreignKeys": [_fk("source_id", "sources"), _fk("code", "codes"), _fk("selection", "selections")]},
}

#: What one row of each table is (the resource descriptions).
DESCRIPTIONS = {
    "codes": "A code or category of the codebook.", "sources": "A text source (its text is in texts/<guid>.txt).",
    "selections": "A coded or named span of a source, with its quoted text.", "codings": "A code applied to a selection.",
    "variables": "A case variable.", "cases": "A case (a person, group or site).", "case_values": "A case's value of a variable.",
    "case_members": "A source or selection that belongs to a case.", "notes": "A memo.", "note_refs": "A note attached to an element.",
    "links": "A relation between two elements.", "sets": "A named set.", "set_members": "A member of a set.",
    "claims": "A claim you make or check, with its verdict (empty until you add claims).",
}


def frames(project: Project) -> dict[str, pd.DataFrame]:
    """All tables of ``project``, in :data:`SCHEMAS` order, the ``claims`` table empty."""
    from compendium.refi.corpus import tables

    out = tables(project)
    out["claims"] = pd.DataFrame(columns=[f["name"] for f in SCHEMAS["claims"]["fields"]])
    return {name: out[name] for name in SCHEMAS}


def descriptor(name: str, title: str, description: str = "") -> dict:
    """The ``datapackage.json`` of the tables in :data:`SCHEMAS`.

    Parameters
    ----------
    name : str
        The package name (lower case, digits, ``-``, ``_`` and ``.``).
    title, description : str
    """
    return {
        "profile": "tabular-data-package", "name": name, "title": title, "description": description,
        "resources": [{"name": table, "path": f"{table}.csv", "profile": "tabular-data-resource", "format": "csv",
                       "mediatype": "text/csv", "encoding": "utf-8", "description": DESCRIPTIONS[table], "schema": SCHEMAS[table]}
                      for table in SCHEMAS],
    }


def write_package(project: Project, folder: Path | str, name: str, title: str) -> dict[str, int]:
    """Write ``project`` as a data package into ``folder`` (which must exist): CSVs, texts, descriptor.

    Returns
    -------
    dict of str to int
        Rows written per table.
    """
    folder = Path(folder)
    counts = {}
    for table, frame in frames(project).items():
        frame.to_csv(folder / f"{table}.csv", index=False, encoding="utf-8", lineterminator="\n")
        counts[table] = len(frame)
    texts = folder / "texts"
    texts.mkdir(exist_ok=True)
    for source in project.sources:
        if source.text is not None:
            # newline="" keeps CRLF as it is: positions count it as two characters
            with open(texts / f"{source.guid}.txt", "w", encoding="utf-8", newline="") as handle:
                handle.write(source.text)
    body = json.dumps(descriptor(name, title, project.description), indent=2, ensure_ascii=False) + "\n"
    (folder / "datapackage.json").write_text(body, encoding="utf-8")
    return counts


def problems(folder: Path | str) -> list[str]:
    """Every problem of the data package in ``folder``, one line each naming file, row and field (empty: valid).

    Types, required values, enumerations, primary and foreign keys are all checked, with
    Frictionless's rules (:mod:`compendium.tableschema`), each table read once. Rows are
    numbered as Frictionless numbers them: header = 1, one per record. A table that
    cannot be read, or whose header or records do not fit its schema, is one problem
    (or one per record of the wrong length) and is not checked further.
    """
    from compendium.package import TableError, read_rows, text_frame
    from compendium.tableschema import Cells, descriptor_issues, table_issues

    folder = Path(folder)
    descriptor_path = folder / "datapackage.json"
    if not descriptor_path.is_file():
        return [f"{descriptor_path}: no such file"]
    try:
        resources = json.loads(descriptor_path.read_text(encoding="utf-8"))["resources"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [f"datapackage.json: [datapackage-invalid] cannot be read: {exc}"]
    issues = descriptor_issues(resources)
    if any(i.severity == "error" for i in issues):
        return [f"datapackage.json: [{i.code}] {i.message}" for i in issues]
    out, cells = [], {}
    for r in resources:
        names = [f["name"] for f in r["schema"]["fields"]]
        try:
            header, records = read_rows(folder, r, by_record=True)
        except TableError as exc:
            out.append(f"{exc.file}: [table-unreadable] {exc.reason}")
            continue
        if header != names:
            out.append(f"{r['path']}, row 1: [header-mismatch] the header is {', '.join(header)}; the schema has {', '.join(names)}")
            continue
        short = [(line, c) for line, c in records if len(c) != len(header)]
        for line, c in short:
            out.append(f"{r['path']}, row {line}: [{'extra-cell' if len(c) > len(header) else 'missing-cell'}] has {len(c)} cells, the header has {len(header)}")
        if not short:
            last = records[-1][0] if records else 1
            cells[r["name"]] = Cells(text_frame(records, len(header)), last)
    for i in issues + table_issues(resources, cells):
        out.append(f"{i.where()}: [{i.code}] {i.message}")
    return out


def load(folder: Path | str) -> dict[str, pd.DataFrame]:
    """Read the tables of a data package written by :func:`write_package`.

    Every column is text (missing values are empty strings) except ``start``, ``end`` and
    ``characters``, which are integers (nullable).
    """
    folder = Path(folder)
    out = {}
    for table in SCHEMAS:
        frame = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False, encoding="utf-8")
        for column in ("start", "end", "characters"):
            if column in frame:
                frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("Int64")
        out[table] = frame
    return out


def case_of_selection(tables: dict[str, pd.DataFrame], selections: pd.Index | None = None) -> pd.DataFrame:
    """Which case each selection belongs to: one row per (selection, case), directly or through its source.

    Parameters
    ----------
    selections : pandas.Index, optional
        Only these selections (GUIDs); without it, every selection.
    """
    members = tables["case_members"]
    sel = tables["selections"][["guid", "source"]].rename(columns={"guid": "selection"})
    direct = members[members["kind"] == "selection"].rename(columns={"member": "selection"})[["selection", "case"]]
    if selections is not None:
        sel = sel[sel["selection"].isin(selections)]
        direct = direct[direct["selection"].isin(selections)]
    by_source = members[members["kind"] == "source"].rename(columns={"member": "source"})[["source", "case"]]
    through = sel.merge(by_source, on="source")[["selection", "case"]]
    return pd.concat([direct, through], ignore_index=True).astype(str).drop_duplicates().reset_index(drop=True)


def case_attributes(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per case: its name and one column per variable (by variable name)."""
    names = tables["variables"].set_index("guid")["name"]
    values = tables["case_values"].assign(variable=lambda f: f["variable"].map(names))
    out = tables["cases"][["guid", "name"]].rename(columns={"guid": "case", "name": "case_name"}).astype(str)
    if len(values):
        wide = values.pivot_table(index="case", columns="variable", values="value", aggfunc="first")
        out = out.merge(wide, left_on="case", right_index=True, how="left")
    out.columns.name = None
    return out.fillna("").reset_index(drop=True)


def coded(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per coding, with its code's name, its selection's source and text, and its case.

    A coding whose selection is in no case has an empty ``case``; one in two cases appears twice.
    Columns: ``coding, selection, code, code_name, source_name, text, case, case_name`` and one
    column per case variable.
    """
    return _coded(tables, tables["codings"])


def _named(tables: dict[str, pd.DataFrame], codings: pd.DataFrame) -> pd.DataFrame:
    """``coding, selection, code, code_name`` of some codings (in their order), the name empty for an unknown code."""
    codes = tables["codes"].set_index("guid")["name"]
    out = codings.rename(columns={"guid": "coding"})[["coding", "selection", "code"]].reset_index(drop=True)
    out["code_name"] = out["code"].map(codes).fillna("")
    return out


def _coded(tables: dict[str, pd.DataFrame], codings: pd.DataFrame) -> pd.DataFrame:
    """:func:`coded` of some of the codings: only their selections and cases are joined."""
    out = _named(tables, codings)
    sel = tables["selections"].set_index("guid")
    # one hash lookup per coding for its selection (not one per column), then positional takes
    where = sel.index.get_indexer(out["selection"])
    found = where >= 0

    def take(column: pd.Series) -> pd.Series:
        values = column.to_numpy(dtype=object)[np.where(found, where, 0)] if len(column) else np.full(len(out), None, dtype=object)
        return pd.Series(np.where(found, values, None), index=out.index, dtype=object)
    sources = tables["sources"].set_index("guid")["name"]
    out["source_name"] = take(sel["source"]).map(sources).fillna("")
    out["text"] = take(sel["text"]).fillna("")
    if len(out):  # typed as a map of the text columns types them (an empty map stays object)
        out[["source_name", "text"]] = out[["source_name", "text"]].astype(str)
    subset = None if len(out) == len(tables["codings"]) else pd.Index(out["selection"].unique())
    cases = case_of_selection(tables, subset)
    out = out.merge(cases, on="selection", how="left")
    attributes = case_attributes(tables)
    at = pd.Index(attributes["case"]).get_indexer(out["case"])
    hit = at >= 0
    for column in attributes.columns[1:]:
        values = attributes[column].to_numpy(dtype=object)[np.where(hit, at, 0)] if len(attributes) else np.full(len(out), "", dtype=object)
        out[column] = pd.Series(np.where(hit, values, ""), index=out.index, dtype=attributes[column].dtype)
    return out.fillna("").reset_index(drop=True)


def frequencies(tables: dict[str, pd.DataFrame], variable: str | None = None) -> pd.DataFrame:
    """Selections coded with each code, overall or by the value of one case variable.

    Parameters
    ----------
    tables : dict of DataFrame
        From :func:`load`.
    variable : str, optional
        The name of a case variable. Without it: one column, ``selections``.

    Returns
    -------
    DataFrame
        Codes (by name, in codebook order, codes never applied left out) by values: counts of
        distinct selections.
    """
    # without a variable cases do not matter: a selection in two cases counts once anyway
    rows = _named(tables, tables["codings"]) if variable is None else coded(tables)
    used = set(rows["code_name"].unique())  # once: a set built inside the comprehension is rebuilt per code
    order = [n for n in tables["codes"]["name"] if n in used]
    if variable is None:
        counts = rows.drop_duplicates(["selection", "code"]).groupby("code_name").size().rename("selections").to_frame()
    else:
        if variable not in rows:
            raise KeyError(f"no case variable named {variable!r}")
        rows = rows[rows[variable] != ""].drop_duplicates(["selection", "code", variable])
        counts = rows.groupby(["code_name", variable]).size().unstack(fill_value=0)
        order = [n for n in order if n in counts.index]
    counts = counts.reindex(order).fillna(0).astype(int)
    counts.index.name = "code"
    return counts


def cooccurrence(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Code by code: how many selections are coded with both (the diagonal: with that code at all).

    The selection × code incidence is a sparse matrix, so many codes over many selections
    need memory for the codings only, not for every (selection, code) cell.
    """
    from scipy import sparse

    pairs = _named(tables, tables["codings"])[["selection", "code_name"]]
    used = set(pairs["code_name"].unique())
    order = [n for n in tables["codes"]["name"] if n in used]
    rows, _ = pd.factorize(pairs["selection"])
    cols, names = pd.factorize(pairs["code_name"])
    m = sparse.csr_matrix((np.ones(len(pairs), dtype=np.int64), (rows, cols)), shape=(rows.max() + 1 if len(rows) else 0, len(names)))
    m.data[:] = 1  # a selection coded twice with one name counts once (duplicates were summed)
    both = (m.T @ m).toarray()
    out = pd.DataFrame(both, index=pd.Index(names, name="code"), columns=pd.Index(names))
    out = out.reindex(index=order, columns=order).fillna(0).astype(int)
    out.index.name, out.columns.name = "code", None
    return out


def excerpts(tables: dict[str, pd.DataFrame], code: str | None = None) -> pd.DataFrame:
    """The coded passages, by code (name), with their source and case.

    Parameters
    ----------
    code : str, optional
        Only the selections coded with the code of this name.
    """
    codings = tables["codings"]
    if code is not None:
        # only this code's codings are joined with selections and cases
        codings = codings[(_named(tables, codings)["code_name"] == code).to_numpy()]
    rows = _coded(tables, codings)
    if code is not None:  # a code never applied: typed as the rows of a project that has codings
        rows[["source_name", "text"]] = rows[["source_name", "text"]].astype(str)
    keep = ["code_name", "source_name", "case_name", "text"]
    out = rows.drop_duplicates(["selection", "code", "case"])[keep].rename(columns={"code_name": "code", "source_name": "source", "case_name": "case"})
    return out.reset_index(drop=True)


def compare(before: Project, after: Project) -> pd.DataFrame:
    """Table by table, whether two projects hold the same content (e.g. before and after a round trip).

    Returns
    -------
    DataFrame
        One row per table: ``rows before``, ``rows after``, ``identical`` (every cell equal, in order).
    """
    from compendium.refi.corpus import tables

    a, b = tables(before), tables(after)
    rows = []
    for name in a:
        same = a[name].shape == b[name].shape and a[name].astype(str).equals(b[name].astype(str))
        rows.append({"table": name, "rows before": len(a[name]), "rows after": len(b[name]), "identical": bool(same)})
    return pd.DataFrame(rows).set_index("table")


def heatmap(frame: pd.DataFrame, title: str):
    """A table of counts drawn as an annotated heatmap (a view: nothing above imports it).

    Parameters
    ----------
    frame : DataFrame
        Counts, e.g. from :func:`frequencies` or :func:`cooccurrence`.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
        Close it (``plt.close(fig)``) once shown or glued.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    rows, columns = frame.shape
    fig, ax = plt.subplots(figsize=(2.5 + 1.1 * max(columns, 1), 1.2 + 0.45 * max(rows, 1)))
    if frame.empty:
        ax.text(0.5, 0.5, "nothing coded", ha="center", va="center")
        ax.set_axis_off()
    else:
        sns.heatmap(frame, annot=True, fmt="d", cmap="Blues", cbar=False, linewidths=0.5, ax=ax)
        ax.set_ylabel("")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def row_counts(rows: dict[str, int]) -> pd.DataFrame:
    """The rows written per table (from :func:`write_package`) as a one-column table ``rows`` indexed by table."""
    return pd.Series(rows, name="rows").rename_axis("table").to_frame()
