"""Validation: Frictionless for types and keys, then the compendium's own rules.

Every problem of a run is collected (lazily) and returned in one
:class:`~compendium.errors.ValidationReport`; nothing is written anywhere.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from frictionless import Package, system

from compendium import locators, verdicts
from compendium.assessment import TARGETS, Method
from compendium.errors import DataInvalid, Issue, ValidationReport
from compendium.notebooks import claim_tags
from compendium.package import Compendium, load
from compendium.paths import book_dir, data_dir, sources_dir
from compendium.sources import fingerprint, read_text, section_at, section_spans

#: Claim id letter for each kind of source document.
CLAIM_LETTER = {"article": "P", "report": "R"}


def validate(
    folder: Path | str | None = None,
    sources: Path | str | None | bool = True,
    book: Path | str | None = None,
) -> ValidationReport:
    """Validate the data package and return every problem found.

    Parameters
    ----------
    folder : path, optional
        The data package folder (default: the project's ``data/``).
    sources : path, None or True
        Folder of full source texts; ``True`` (default) means
        :func:`compendium.paths.sources_dir`; ``None`` skips the verbatim checks
        (a note says so).
    book : path, optional
        Folder of chapter notebooks that claims point to (default: ``book/``).
    """
    folder = Path(folder) if folder else data_dir()
    report = ValidationReport()
    report.extend(frictionless_issues(folder))
    data = load(folder)
    src = sources_dir() if sources is True else (Path(sources) if sources else None)
    report.extend(text_issues(data, src))
    report.extend(id_issues(data))
    report.extend(excerpt_issues(data))
    report.extend(range_issues(data))
    report.extend(code_issues(data))
    report.extend(claim_issues(data, Path(book) if book else book_dir()))
    report.extend(evidence_issues(data))
    report.extend(assessment_issues(data))
    report.extend(link_issues(data))
    return report


def load_valid(folder: Path | str | None = None, **kwargs) -> Compendium:
    """Load the data package, raising :class:`DataInvalid` if it has any error."""
    report = validate(folder, **kwargs)
    if not report.valid:
        raise DataInvalid(report)
    return load(folder)


def frictionless_issues(folder: Path) -> list[Issue]:
    """Types, constraints, primary and foreign keys, checked by Frictionless."""
    with system.use_context(trusted=True):
        package = Package(str(folder / "datapackage.json"))
        result = package.validate()
    keys = {r["path"]: ", ".join(r["schema"].get("primaryKey", [])) for r in package.to_descriptor()["resources"]}
    issues = []
    for task in result.tasks:
        name = Path(task.place).name
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field = getattr(error, "field_name", None) or ", ".join(getattr(error, "field_names", None) or [])
            if error.type == "primary-key":
                field = keys.get(name)  # Frictionless does not name the key's columns
            field = field or None
            issues.append(Issue(error.type, _frictionless_message(error), name, row, field))
    for error in result.errors:
        issues.append(Issue(error.type, error.message, "datapackage.json"))
    return issues


def _frictionless_message(error) -> str:
    note = getattr(error, "note", "") or ""
    cell = getattr(error, "cell", None)
    if error.type == "foreign-key":
        return f"no matching row in the referenced table: {note}"
    if error.type == "type-error":
        kind = re.search(r'type is "(\w+)', note)
        return f"value {cell!r} is not a valid {kind.group(1) if kind else 'value'}: expected a value of the field's type"
    if cell is not None:
        return f"value {cell!r} breaks the field's rule: {note}"
    return note or error.message


def text_issues(data: Compendium, folder: Path | None) -> list[Issue]:
    """Fingerprints, sections and locators checked against the full source texts."""
    if folder is None:
        return [
            Issue(
                "sources-unavailable",
                "source texts not available (set COMPENDIUM_SOURCES to their folder): "
                "fingerprints, sections and verbatim quotes were not checked",
                "sources.csv",
                severity="note",
            )
        ]
    issues: list[Issue] = []
    sources, sections, locs = data["sources"], data["sections"], data["locators"]
    for i, src in sources.iterrows():
        row = _line(i)
        path = folder / str(src["text_file"])
        if not path.is_file():
            issues.append(Issue("source-text-missing", f"{path} not found: quotes of this document were not checked", "sources.csv", row, "text_file", "note"))
            continue
        raw = read_text(folder, str(src["text_file"]))
        norm = locators.normalise(raw)
        actual = fingerprint(raw)
        if actual != src["text_sha256"]:
            issues.append(Issue("source-fingerprint", f"the text in {path.name} has SHA-256 {actual}, expected {src['text_sha256']}: locators were made against another version", "sources.csv", row, "text_sha256"))
        own = sections[sections["source_id"] == src["source_id"]]
        spans, missing = section_spans(raw, own)
        for sid in missing:
            j = own.index[own["section_id"] == sid][0]
            issues.append(Issue("section-marker-missing", f"no line of {path.name} starts with {own.at[j, 'marker']!r} after the previous section", "sections.csv", _line(j), "marker"))
        for j, loc in locs[locs["source_id"] == src["source_id"]].iterrows():
            issues.extend(_locator_issues(j, loc, norm, spans))
    return issues


def _locator_issues(j, loc, norm: str, spans) -> list[Issue]:
    if pd.isna(loc["start"]) or pd.isna(loc["end"]) or pd.isna(loc["exact"]):
        return []
    sel = locators.Selector(
        str(loc["exact"]),
        "" if pd.isna(loc["prefix"]) else str(loc["prefix"]),
        "" if pd.isna(loc["suffix"]) else str(loc["suffix"]),
        int(loc["start"]),
        int(loc["end"]),
    )
    found = locators.resolve(norm, sel)
    row = _line(j)
    if found.status == "missing":
        return [Issue("quote-not-found", f"exact text {sel.exact[:60]!r} does not occur in the source text", "locators.csv", row, "exact")]
    if found.status == "ambiguous":
        return [Issue("quote-ambiguous", f"exact text occurs {found.candidates} times and prefix/suffix do not single one out", "locators.csv", row, "prefix")]
    issues = []
    if found.status == "drifted":
        issues.append(Issue("locator-drift", f"exact text is at {found.start}-{found.end}, not at {sel.start}-{sel.end}", "locators.csv", row, "start"))
    section = section_at(spans, found.start)
    if section is not None and section != loc["section_id"]:
        issues.append(Issue("locator-section", f"passage stands in section {section!r}, not {loc['section_id']!r}", "locators.csv", row, "section_id"))
    return issues


def id_issues(data: Compendium) -> list[Issue]:
    """Ids that must agree with the fields they are built from (excerpt ids: see excerpt_issues)."""
    issues = []
    kinds = dict(zip(data["sources"]["source_id"], data["sources"]["kind"]))
    # (table, id column, what the id is built from, whether that is the whole id or its start)
    checks = [
        ("locators", "locator_id", lambda r: f"L-{r.source_id}-", False),
        ("citations", "citation_id", lambda r: f"CIT-{r.source_id}-", False),
        ("sections", "section_id", lambda r: f"{r.source_id}-", False),
        ("speakers", "speaker_id", lambda r: f"{r.source_id}-{r.label}", True),
        ("claims", "claim_id", lambda r: f"{CLAIM_LETTER.get(kinds.get(r.source_id), '?')}-", False),
        ("statements", "statement_id", lambda r: f"S-{r.source_id}-", False),
        ("milestones", "milestone_id", lambda r: f"M-{r.source_id}-", False),
        ("institutions", "institution_id", lambda r: f"I-{r.source_id}-", False),
        ("other_quotes", "quote_id", lambda r: f"Q-{r.source_id}-", False),
    ]
    for table, column, expected, exact in checks:
        frame = data[table]
        for i, r in enumerate(frame.itertuples()):
            value = getattr(r, column)
            if pd.isna(value) or pd.isna(r.source_id):
                continue
            want = expected(r)
            if (value != want) if exact else not str(value).startswith(want):
                how = "be" if exact else "start with"
                issues.append(Issue("id-mismatch", f"id {value!r} should {how} {want!r} (built from its fields)", f"{table}.csv", _line(frame.index[i]), column))
    return issues


def excerpt_issues(data: Compendium) -> list[Issue]:
    """Excerpts agree with their locators; speaker labels fit their project's scheme."""
    issues = []
    locs = _lookup(data["locators"], "locator_id")
    speakers = _lookup(data["speakers"], "speaker_id")
    for i, ex in data["excerpts"].iterrows():
        row = _line(i)
        if ex["locator_id"] in locs.index:
            loc = locs.loc[ex["locator_id"]]
            if locators.normalise(str(ex["text"])) != locators.normalise(str(loc["exact"])):
                issues.append(Issue("excerpt-misquoted", f"text differs from the quoted text at its locator {ex['locator_id']} ({str(loc['exact'])[:50]!r}…)", "excerpts.csv", row, "text"))
            if loc["source_id"] != ex["source_id"]:
                issues.append(Issue("excerpt-source", f"locator {ex['locator_id']} is in source {loc['source_id']}, not {ex['source_id']}", "excerpts.csv", row, "locator_id"))
        label = speakers.at[ex["speaker_id"], "label"] if ex["speaker_id"] in speakers.index else "NA"
        if not pd.isna(ex["excerpt_id"]) and not re.fullmatch(rf"X-{ex['source_id']}-{re.escape(str(label))}-\d{{2}}", str(ex["excerpt_id"])):
            issues.append(Issue("id-mismatch", f"id {ex['excerpt_id']!r} should be X-{ex['source_id']}-{label}-NN", "excerpts.csv", row, "excerpt_id"))
    patterns = dict(zip(data["projects"]["project_id"], data["projects"]["speaker_pattern"]))
    for i, sp in data["speakers"].iterrows():
        pattern = patterns.get(sp["project_id"])
        if pattern and sp["kind"] == "individual" and not pd.isna(sp["label"]) and not re.fullmatch(pattern, str(sp["label"])):
            issues.append(Issue("speaker-label-pattern", f"label {sp['label']!r} does not fit project {sp['project_id']}'s scheme {pattern!r}", "speakers.csv", _line(i), "label"))
    return issues


def range_issues(data: Compendium) -> list[Issue]:
    """Low/high pairs in order; locator spans not empty."""
    issues = []
    for table, lo, hi in [("sample_counts", "low", "high"), ("claims", "stated_low", "stated_high"), ("locators", "start", "end"), ("milestones", "year", "year_end")]:
        frame = data[table]
        bad = frame[frame[lo].notna() & frame[hi].notna() & (frame[lo] > frame[hi])]
        for i in bad.index:
            issues.append(Issue("range-order", f"{lo} {frame.at[i, lo]} is greater than {hi} {frame.at[i, hi]}", f"{table}.csv", _line(i), hi))
    return issues


def code_issues(data: Compendium) -> list[Issue]:
    """The codebook is a tree: no code is its own ancestor."""
    parent = dict(zip(data["codes"]["code_id"], data["codes"]["parent_id"]))
    issues = []
    for i, code in enumerate(data["codes"]["code_id"]):
        seen, node = set(), code
        while isinstance(node, str) and node in parent:
            if node in seen:
                issues.append(Issue("code-cycle", f"code {code!r} is its own ancestor", "codes.csv", _line(data["codes"].index[i]), "parent_id"))
                break
            seen.add(node)
            node = parent[node] if not pd.isna(parent[node]) else None
    return issues


def claim_issues(data: Compendium, book: Path) -> list[Issue]:
    """Each claim has its checking cell; each claim cell has its claim; numeric claims have values."""
    issues = []
    claims = data["claims"]
    tags_by_nb: dict[str, list[str]] = {}
    for nb in sorted(book.glob("**/*.ipynb")):
        if "_build" not in nb.parts and ".ipynb_checkpoints" not in nb.parts:
            tags_by_nb[nb.relative_to(book).as_posix()] = claim_tags(nb)
    for i, c in claims.iterrows():
        row = _line(i)
        nb = c["notebook"]
        if pd.isna(nb) or pd.isna(c["claim_id"]):
            continue
        if nb not in tags_by_nb:
            issues.append(Issue("claim-notebook-missing", f"notebook book/{nb} does not exist", "claims.csv", row, "notebook"))
        elif c["claim_id"] not in tags_by_nb[nb]:
            issues.append(Issue("claim-cell-missing", f"book/{nb} has no code cell tagged 'claim:{c['claim_id']}'", "claims.csv", row, "notebook"))
        if c["kind"] == "numeric" and (pd.isna(c["stated_low"]) or pd.isna(c["stated"])):
            issues.append(Issue("claim-numeric-incomplete", "a numeric claim needs 'stated' and 'stated_low' (and 'stated_high' for a range)", "claims.csv", row, "stated_low"))
    known = set(claims["claim_id"].dropna())
    for nb, tags in tags_by_nb.items():
        for tag in tags:
            if tag not in known:
                issues.append(Issue("claim-tag-unregistered", f"a cell tagged 'claim:{tag}' checks a claim that is not in the registry", f"../book/{nb}", None, "tags"))
        for tag in {t for t in tags if tags.count(t) > 1}:
            issues.append(Issue("claim-tag-duplicate", f"more than one cell is tagged 'claim:{tag}'", f"../book/{nb}", None, "tags"))
    return issues


def evidence_issues(data: Compendium) -> list[Issue]:
    """Each evidence link names one target; each claim has the verdict, confidence and reason code the method gives."""
    issues = []
    ev = data["claim_evidence"]
    for i, r in ev.iterrows():
        given = [c for c in TARGETS if not pd.isna(r[c])]
        if len(given) != 1:
            issues.append(Issue("evidence-target", f"give exactly one of {', '.join(TARGETS)} (found {len(given)})", "claim_evidence.csv", _line(i), "excerpt_id"))
    dup = ev[ev.duplicated(subset=["claim_id", *TARGETS, "relation"], keep="first")]
    for i in dup.index:
        issues.append(Issue("evidence-duplicate", f"claim {ev.at[i, 'claim_id']} is linked to the same evidence twice with the same relation", "claim_evidence.csv", _line(i), "claim_id"))
    if issues:
        return issues  # the method cannot be applied to links it cannot read
    method = Method(data)
    claims = data["claims"]
    for i, c in claims.iterrows():
        row, cid = _line(i), c["claim_id"]
        if pd.isna(cid) or pd.isna(c["status"]):
            continue
        basis = None if pd.isna(c["basis"]) else str(c["basis"])
        if c["status"] in verdicts.NO_EVIDENCE and basis is None:
            issues.append(Issue("claim-basis-missing", f"{cid} is {c['status']!r}, a verdict reached without evidence: give a reason code (one of {', '.join(verdicts.BASES)})", "claims.csv", row, "basis"))
        if c["status"] not in verdicts.NO_EVIDENCE and basis is not None:
            issues.append(Issue("claim-basis-unexpected", f"{cid} is {c['status']!r}, a verdict reached with evidence, yet gives reason code {basis!r}", "claims.csv", row, "basis"))
        if c["method"] != "evidence":
            if not pd.isna(c["confidence"]):
                issues.append(Issue("claim-confidence-unexpected", f"{cid}'s verdict is computed from a figure; confidence belongs to verdicts reached by the method", "claims.csv", row, "confidence"))
            continue
        try:
            res = method.result(cid)
        except (KeyError, ValueError):
            continue  # a foreign-key or enum error already
        if res.verdict != c["status"]:
            issues.append(Issue("claim-status-evidence", f"the method gives {cid} {res.verdict!r} ({res.voices_text()}), the registry says {c['status']!r}", "claims.csv", row, "status"))
        conf = None if pd.isna(c["confidence"]) else str(c["confidence"])
        if res.confidence != conf:
            issues.append(Issue("claim-confidence", f"the method gives {cid} confidence {res.confidence!r}, the registry says {conf!r}", "claims.csv", row, "confidence"))
        if res.basis is not None and basis is not None and res.basis != basis:
            issues.append(Issue("claim-basis-derived", f"the citation and work rows give {cid} reason code {res.basis!r}, the registry says {basis!r}", "claims.csv", row, "basis"))
        if c["kind"] == "citation":
            for j, link in method.links.get(cid, ev.iloc[0:0]).iterrows():
                work = method.work_of_link(link)
                if link["relation"] == "supports" and work in method.works.index and method.works.at[work, "resolved"] != "resolved":
                    issues.append(Issue("citation-record", f"{cid}: the work {work} could not be identified (works.csv), so its record cannot support a claim about the citation", "claim_evidence.csv", _line(j), "relation"))
        if res.voices and cid not in method.assessments.index:
            issues.append(Issue("assessment-missing", f"{cid} has evidence but no row in assessments.csv (scope and the four components)", "claims.csv", row, "claim_id"))
    return issues


def assessment_issues(data: Compendium) -> list[Issue]:
    """Recorded judgements are at least as concerned as the voices require; frequency words mean a pattern."""
    issues = []
    method = Method(data)
    table = data["assessments"]
    for i, a in table.iterrows():
        cid, row = a["claim_id"], _line(i)
        if pd.isna(cid) or cid not in method.claims.index or pd.isna(a["scope"]):
            continue
        words = verdicts.frequency_words(str(method.claims.at[cid, "claim"]))
        if words and a["scope"] == "instance":
            issues.append(Issue("scope-frequency", f"{cid}'s wording says {', '.join(repr(w) for w in words)}: by the frequency-word policy its scope is at least 'pattern'", "assessments.csv", row, "scope"))
        try:
            res = method.result(cid)
        except (KeyError, ValueError):
            continue
        for comp in ("adequacy", "coherence"):
            floor = res.assessment.floors[comp]
            if not pd.isna(a[comp]) and verdicts.LEVELS.index(str(a[comp])) < verdicts.LEVELS.index(floor):
                issues.append(Issue("assessment-below-floor", f"{cid}: {comp} is recorded as {a[comp]!r}, but its voices ({res.voices_text()}) allow no less than {floor!r}", "assessments.csv", row, comp))
    return issues


def link_issues(data: Compendium) -> list[Issue]:
    """Related claims agree: a composite is no stronger than its weakest part; restatements agree unless a reason says why not."""
    issues = []
    claims = _lookup(data["claims"], "claim_id")
    status = claims["status"].to_dict()
    links = data["claim_links"]

    def rank(cid):
        return verdicts.ORDER.index(status[cid]) if status.get(cid) in verdicts.ORDER else None

    parts: dict[str, list[str]] = {}
    for i, r in links.iterrows():
        if r["claim_id"] not in status or r["other_id"] not in status:
            continue  # a foreign-key error already
        if r["relation"] == "part-of":
            parts.setdefault(r["other_id"], []).append(r["claim_id"])
        elif status[r["claim_id"]] != status[r["other_id"]] and not str(r["reason"]).lower().startswith("differ:"):
            issues.append(Issue("claim-link-disagree", f"{r['claim_id']} ({status[r['claim_id']]}) {r['relation']} {r['other_id']} ({status[r['other_id']]}): give a reason beginning 'differ:' or align the verdicts", "claim_links.csv", _line(i), "reason"))
    for composite, members in parts.items():
        ranks = [rank(m) for m in members if rank(m) is not None]
        if rank(composite) is not None and ranks and rank(composite) > min(ranks):
            weakest = min(members, key=lambda m: rank(m) if rank(m) is not None else 99)
            j = data["claims"].index[data["claims"]["claim_id"] == composite][0]
            issues.append(Issue("claim-composite-stronger", f"{composite} is {status[composite]!r}, stronger than its part {weakest} ({status[weakest]!r})", "claims.csv", _line(j), "status"))
    declared = {frozenset((r["claim_id"], r["other_id"])) for _, r in links.iterrows() if r["relation"] != "part-of"}
    for locator, group in data["claims"].dropna(subset=["locator_id"]).groupby("locator_id"):
        ids = list(group["claim_id"])
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                a, b = ids[x], ids[y]
                if status.get(a) != status.get(b) and frozenset((a, b)) not in declared:
                    j = group.index[y]
                    issues.append(Issue("claim-same-sentence", f"{a} and {b} restate the same passage ({locator}) with different verdicts ({status.get(a)!r}, {status.get(b)!r}); record them in claim_links.csv with a reason", "claims.csv", _line(j), "status"))
    return issues


def _lookup(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """A table indexed by its key, first row per key: a duplicated key is already a
    primary-key error, and must not turn later checks' lookups into Series."""
    return frame.dropna(subset=[key]).drop_duplicates(subset=key).set_index(key)


def _line(index) -> int:
    """CSV line number of a DataFrame row (the header is line 1)."""
    return int(index) + 2
