"""The named functions chapters call instead of inline pandas (issue 13), on the project's data."""

from __future__ import annotations

import pytest

from compendium import (agreement, assessment, audit, citations, claims, coded, coding, compare, context, culture,
                        evidence, gapmap, ledger, report, samples, sources)
from compendium.package import load


@pytest.fixture(scope="module")
def data():
    return load()


def test_claims_totals_and_prefix(data):
    t = claims.totals(data)
    assert t["claims"] == len(data["claims"]) == t["article"] + t["review"]
    assert t["problems"] == int((~data["claims"]["status"].isin(claims.STANDING)).sum())
    kf = claims.with_prefix(data, "R-KF-", "R-CONC-")
    assert len(kf) and all(c.startswith(("R-KF-", "R-CONC-")) for c in kf["claim_id"])
    assert claims.count_status(kf, "supported") == int((kf["status"] == "supported").sum())
    by_part = claims.status_by_part(kf, {"KF": "key findings", "CONC": "conclusion"})
    assert set(by_part.index) == {"key findings", "conclusion"} and by_part.to_numpy().sum() == len(kf)
    assert claims.by_status(kf)["claims"].sum() == len(kf)
    assert claims.stated_range(data, "P-FIGURE-09") == tuple(
        data["claims"].set_index("claim_id").loc["P-FIGURE-09", ["stated_low", "stated_high"]])


def test_citation_tallies(data):
    t = citations.tally(data, "002")
    rows = data["citations"][data["citations"]["source_id"] == "002"]
    assert t["citations"] == len(rows) and t["works"] == rows["work_id"].nunique()
    works = citations.cited_works(data, "002")
    assert set(works["work_id"]) == set(rows["work_id"])
    assert t["unresolved"] == len(works) - citations.resolved_count(works)
    assert citations.distinct_works(citations.works_in_role(citations.register(data, "002"), "earlier scepticism")) > 0
    assert citations.by_section_and_role(citations.register(data, "002")).to_numpy().sum() == len(citations.register(data, "002"))


def test_citations_shared_and_crossed(data):
    shared = citations.shared_works_table(data)
    assert list(shared["work_id"]) == list(citations.shared_works(data).index)
    assert {"authors", "year", "resolved"} <= set(shared.columns)
    crossed = citations.crossed_with_status(data)
    assert crossed["resolved"].notna().all()
    assert citations.crossed_counts(crossed)["citations"].sum() == len(crossed)


def test_own_work_matches_the_record(data):
    own = citations.own_work(data, citations.register(data, "000"), "W-oneill-mccarthy-2012", "002")
    assert len(own) and own["authors_match"].all()
    assert citations.own_work_verdict(own) == "supported"
    broken = own.assign(year_matches="no")
    assert citations.own_work_verdict(broken) == "contradicted"


def test_age_at_online(data):
    ages = citations.age_at_online(data, "P-FIGURE-06", "002")
    assert len(ages) and (ages["years_before"] >= 0).all()
    assert citations.older_than(ages, 10) == int((ages["years_before"] > 10).sum())
    assert citations.older_than(ages, -1) == len(ages)


def test_compare_groups_and_shares(data):
    groups = compare.group_table(data)
    assert (groups["total"] == groups.drop(columns="total").sum(axis=1)).all()
    women, men = compare.police_by_gender(groups, "BA")
    shares, fisher_p, binom_p = compare.police_women(groups)
    assert shares.loc[0, "count"] == women and shares.loc[0, "of"] == women + men
    assert 0 <= fisher_p <= 1 and 0 <= binom_p <= 1
    ids = compare.comparative_ids(data)
    assert ids == sorted(ids) and set(data["claims"].set_index("claim_id").loc[ids, "kind"]) == {"comparative"}
    strength = compare.strength(data, ids)
    thin = compare.thin(strength)
    assert thin["none"] <= thin["thin"] <= len(ids)
    assert list(compare.strength_by_claim(strength).columns) == ["individuals", "group phrases"]


def test_audit_problem_ids(data):
    problems = audit.problem_claims(data)
    ids = audit.problem_ids(problems, "contested")
    assert len(ids) and set(data["claims"].set_index("claim_id").loc[ids, "status"]) == {"contested"}
    table = audit.count_table(data)
    assert table["total"].sum() == len(problems)


def test_context_and_culture(data):
    ms = context.milestones(data, "000")
    assert list(ms["year"]) == sorted(ms["year"]) and set(ms["source_id"]) == {"000"}
    assert set(context.institutions(data, "000")["source_id"]) == {"000"}
    traits = culture.traits(data)
    assert list(traits["ordinal"]) == sorted(traits["ordinal"])
    assert 0 < culture.argued(traits) <= len(traits)
    counts = culture.passage_counts(data, traits)
    assert counts["passages"].sum() == len(data["trait_passages"])
    assert len(culture.passages(data, traits)) == len(data["trait_passages"])


def test_sections_between(data):
    themes = sources.sections_between(data, "002", "002-findings", "002-discussion")
    assert list(themes["section_id"]) == ["002-way-forward", "002-gender", "002-trust", "002-compromise"]


def test_gapmap_statements(data):
    st = gapmap.statements(data, "000")
    assert set(st["source_id"]) == {"000"}
    assert gapmap.type_by_question(st).loc["all", "all"] == len(st)
    assert gapmap.kind_by_type(st).loc["all", "all"] == len(st)
    agenda = gapmap.agenda(st)
    assert gapmap.kind_count(agenda, "research priority") + gapmap.kind_count(agenda, "workshop theme") == len(agenda)
    assert gapmap.agenda_grid(agenda).to_numpy().sum() == len(agenda)
    assert len(gapmap.anchored(data, st)) == len(st)
    f = gapmap.factors(data, st)
    assert set(f["kind"]) == {"facilitator", "barrier"} and f["citations"].str.len().gt(0).any()
    assert gapmap.wide(gapmap.gap_map(data)).shape == (len(gapmap.TYPES), 3 * len(gapmap.QUESTIONS))


def test_evidence_crosswalk_into(data):
    ids = sorted(claims.with_prefix(data, "R-FAC-", "R-BAR-", "R-TRACE-")["claim_id"])
    walk = evidence.crosswalk_into(data, ids, "article")
    assert len(walk) and set(walk["document"]) == {"article"}
    back = evidence.back_links(data, walk)
    assert all(e.startswith("X-") for e in back.index) and back["attribution"].notna().all()
    assert evidence.crosswalk_matrix(walk).to_numpy().sum() == len(walk)


def test_coding_helpers(data):
    themed = coding.matrix(data, "theme")
    assert 0 < coding.coded_count(themed) <= len(data["excerpts"])
    table = coding.theme_excerpts(data, "C-TRUST")
    n = coding.speaker_count(data, table["excerpt_id"])
    assert 0 < n <= len(table) and coding.speaker_count(data) >= n
    notes = coding.sub_theme_notes(table)
    assert set(notes) == set(table["excerpt_id"]) and all(v == "" or v.startswith("coded: ") for v in notes.values())
    book = coding.codebook(data)
    assert list(book.columns) == ["code_id", "parent_id", "name", "definition"] and len(book) < len(data["codes"]) + 1
    co = coding.named_cooccurrence(data, "sub")
    assert set(co.index) <= set(data["codes"]["name"])
    assert coding.theme_breakdown(data).columns.get_level_values(0).unique().tolist() == [
        "project", "speaker group", "gender", "distinct speakers by group"]


def test_ledger_figures(data):
    t = ledger.table(data, agreement.added(data))
    f = ledger.figures(t)
    assert f["holding"] + f["none"] == len(t) and 0 < f["accounted"] <= 1
    docs = ledger.per_document(t)
    assert set(docs) == {"000", "002"} and sum(d["sentences"] for d in docs.values()) == len(t)
    added = ledger.added_by_status(data, agreement.added(data))
    assert added.to_numpy().sum() == len(agreement.added(data))
    names = data.lookup("sources", "source_id", "short_name")
    assert set(ledger.named(added, names).index) == {names[d] for d in added.index}
    shown = ledger.named(ledger.coverage(t), names)
    assert set(shown["document"]) == set(names.values()) and len(shown) == len(ledger.coverage(t))
    assert list(ledger.named(ledger.coverage(t), {})["document"]) == list(ledger.coverage(t)["document"])


def test_assessment_tables(data):
    assessed = assessment.table(data)
    graded = assessment.graded(assessed)
    assert graded["confidence"].notna().all() and len(graded) <= len(assessed)
    assert assessment.computed_count(data) + len(assessed) == len(data["claims"])
    assert assessment.verdict_by_confidence(assessed).loc["all", "all"] == len(assessed)
    assert assessment.participants_by_verdict(graded).to_numpy().sum() == len(graded)
    assert 0 <= assessment.single_voice_count(graded) <= len(graded)
    h = assessment.history(data)
    assert assessment.history_crosstab(h).loc["all", "all"] == len(h)
    changed = h[h["verdict before"] != h["verdict now"]]
    assert assessment.changed_count(h) == len(changed) > 0
    assert assessment.changes_by_kind(h)["claims"].sum() == changed["change"].notna().sum()


def test_agreement_counts(data):
    c = agreement.adjudication_counts(data)
    assert c["verdict-adjudications"] <= c["adjudications"] and c["verdicts-changed"] <= c["changed"] <= c["adjudications"]
    assert c["batches"] == data["second_coding"]["batch"].nunique() > 0


def test_samples_helpers(data):
    assert samples.project(data, "BA")["speaker_pattern"]
    assert samples.gendered(data, "BA") == samples.speakers(data, "BA")["gender"].notna().sum()
    ranks = samples.rank_range(data, "BA")
    assert samples.top_rank(ranks) == list(ranks["rank"])[-1]
    cc = samples.breakdown(data, "CC", "interviewees")
    assert len(samples.split_checks(cc)) == cc["adds_up"].notna().sum()
    coverage = samples.agency_coverage(data, "CC")
    assert samples.missing_agencies(coverage) == list(coverage["interviewee category"]).count(False)
    share = samples.police_share(data)
    assert samples.every_project_has(share, "police")
    assert samples.project_share(share, "CC")["police share"] > 0
    table, p = samples.police_gender(10, 25, cc)
    assert list(table.columns) == ["women", "men"] and table.iloc[0].tolist() == [10, 15] and 0 <= p <= 1
    # Readers see which row is which project (an unnamed index would be dropped from the table).
    from compendium.render import for_people
    assert for_people(table).iloc[:, 0].tolist() == ["British Academy Project", "case conference research"]
    t = samples.figures_table({"a": 1, "b": 2})
    assert t.to_dict("list") == {"count": ["a", "b"], "value": [1, 2]}


def test_report_claims_of(data):
    ids = ["P-TRUST-01", "R-KF-03"]
    assert set(report.claims_of(data, ids)["claim_id"]) == set(ids)


def test_coded_row_counts():
    t = coded.row_counts({"sources": 3, "codes": 5})
    assert t["rows"].to_dict() == {"sources": 3, "codes": 5}
    from compendium.render import for_people
    assert list(for_people(t).columns) == ["Table", "Rows"]
