"""Figures drawn with seaborn from the loaded data (nothing is saved to data/)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from compendium.package import Compendium
from compendium.samples import interviewees_long

# Okabe–Ito orange and blue: distinguishable without red–green vision.
PALETTE = {"female": "#E69F00", "male": "#0072B2"}


def sample_composition(data: Compendium):
    """Stacked bars of interviewees by role and gender, one panel per project."""
    long = interviewees_long(data)
    names = dict(zip(data["projects"]["project_id"], data["projects"]["name"]))
    projects = list(names)
    sns.set_theme(style="whitegrid", context="notebook")
    heights = [long[long["project_id"] == p]["category"].nunique() for p in projects]
    fig, axes = plt.subplots(
        len(projects), 1, figsize=(8, 1.2 + 0.45 * sum(heights)), sharex=True,
        gridspec_kw={"height_ratios": heights},
    )
    for ax, project in zip(axes, projects):
        part = long[long["project_id"] == project]
        sns.histplot(
            data=part, y="category", hue="gender", weights="n", multiple="stack",
            discrete=True, shrink=0.8, palette=PALETTE, hue_order=["female", "male"], ax=ax,
            legend=ax is axes[-1],
        )
        title = names[project]
        if (part["basis"] == "implied").any():
            title += " (men implied)"
        ax.set_title(title, loc="left", fontsize=10)
        ax.set_ylabel("")
    axes[-1].set_xlabel("interviewees")
    sns.move_legend(axes[-1], "lower right", title="gender", frameon=True)
    fig.tight_layout()
    return fig


def timeline(data: Compendium, source_ids=None):
    """Milestones by year, one row per document, coloured by kind; spans drawn as bars."""
    m = data["milestones"].merge(data["sources"][["source_id", "short_name"]], on="source_id")
    if source_ids is not None:
        m = m[m["source_id"].isin(list(source_ids))]
    m = m.sort_values(["short_name", "year"]).reset_index(drop=True)
    sns.set_theme(style="whitegrid", context="notebook")
    kinds = sorted(m["kind"].unique())
    colours = dict(zip(kinds, sns.color_palette("colorblind", len(kinds))))
    fig, ax = plt.subplots(figsize=(9, 0.9 + 0.32 * len(m)))
    for i, r in m.iterrows():
        start = int(r["year"])
        end = start if pd.isna(r["year_end"]) else int(r["year_end"])
        ax.plot([start, end + 0.01], [i, i], color=colours[r["kind"]], lw=6, solid_capstyle="butt")
        ax.scatter([start], [i], color=colours[r["kind"]], zorder=3, s=30)
    labels = [f"{r.short_name}: {r.event}" for r in m.itertuples()]
    ax.set_yticks(range(len(m)), [lbl if len(lbl) < 70 else lbl[:67] + "…" for lbl in labels], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("year")
    handles = [plt.Line2D([], [], color=colours[k], lw=6) for k in kinds]
    ax.legend(handles, kinds, loc="lower left", fontsize=8, frameon=True)
    fig.tight_layout()
    return fig


def _stacked_bars(table, hue: str, title: str, xlabel: str, height: tuple[float, float], **bars):
    """Horizontal stacked bars of a count table: one bar per row, one segment per column."""
    sns.set_theme(style="whitegrid", context="notebook")
    ycol = table.index.name or "index"
    long = table.reset_index().melt(id_vars=ycol, var_name=hue, value_name="n")
    fig, ax = plt.subplots(figsize=(8, height[0] + height[1] * len(table)))
    sns.histplot(data=long, y=ycol, hue=hue, weights="n", multiple="stack", discrete=True, ax=ax, **bars)
    ax.set_title(title, loc="left", fontsize=10)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    return fig, ax


def theme_counts(table, title: str, xlabel: str = "excerpts"):
    """Horizontal stacked bars of a theme × category count table (from compendium.coding.by_theme)."""
    fig, _ = _stacked_bars(table, "category", title, xlabel, (0.8, 0.5), shrink=0.8, palette="colorblind")
    fig.tight_layout()
    return fig


def heatmap(table, title: str, cmap: str = "Blues", fmt: str = "d"):
    """An annotated heat map of a count table (co-occurrence, code × excerpt, claims)."""
    sns.set_theme(style="white", context="notebook")
    h, w = table.shape
    fig, ax = plt.subplots(figsize=(min(2 + 0.55 * w, 14), min(1.5 + 0.4 * h, 16)))
    sns.heatmap(table, annot=True, fmt=fmt, cmap=cmap, cbar=False, linewidths=0.5, ax=ax)
    ax.set_title(title, loc="left", fontsize=10)
    ax.set_xlabel("")
    ax.set_ylabel("")
    fig.tight_layout()
    return fig


def gap_map(long, title: str = "Evidence gap map"):
    """Bubble evidence-gap map: bubble area = statements, colour = distinct works cited; gaps as labels."""
    sns.set_theme(style="whitegrid", context="notebook")
    fig, ax = plt.subplots(figsize=(8, 4.8))
    sns.scatterplot(data=long, x="question", y="ptype", size="statements", hue="works", sizes=(0, 900),
                    size_norm=(0, max(1, long["statements"].max())), palette="viridis", legend="brief", ax=ax)
    for r in long.itertuples():
        if r.gaps:
            ax.annotate(f"{r.gaps} gap" + ("s" if r.gaps > 1 else ""), (r.question, r.ptype), xytext=(0, -22),
                        textcoords="offset points", ha="center", fontsize=8, color="#D55E00")
    ax.set_xlabel("the review's question")
    ax.set_ylabel("partnership type")
    ax.margins(x=0.15, y=0.18)
    sns.move_legend(ax, "upper left", bbox_to_anchor=(1, 1), fontsize=8)
    ax.set_title(title, loc="left", fontsize=10)
    fig.tight_layout()
    return fig


def status_counts(table, title: str = "Claims by verdict"):
    """Claims by verdict, one panel per document (a document × status count table from
    :func:`compendium.claims.summary`), in the fixed verdict colours of :mod:`compendium.palette`.

    Each bar is named by its verdict on the axis and labelled with its count, so colour is never
    the only cue; every verdict keeps its row (zeros included) so panels line up.
    """
    from compendium.palette import VERDICT_COLOURS

    sns.set_theme(style="whitegrid", context="notebook")
    verdict_order = [v for v in VERDICT_COLOURS if v in table.columns]
    documents = list(table.index)
    fig, axes = plt.subplots(1, len(documents), figsize=(4.2 * len(documents) + 1.6, 0.9 + 0.38 * len(verdict_order)),
                             sharey=True, squeeze=False)
    top = max(1, int(table.values.max()))
    for ax, doc in zip(axes[0], documents):
        counts = [int(table.at[doc, v]) for v in verdict_order]
        ax.barh(range(len(verdict_order)), counts, color=[VERDICT_COLOURS[v] for v in verdict_order],
                edgecolor="#333333", linewidth=0.6)
        for y, n in enumerate(counts):
            ax.text(n + top * 0.02, y, str(n), va="center", fontsize=9)
        ax.set_yticks(range(len(verdict_order)), verdict_order)
        ax.set_xlim(0, top * 1.18)
        ax.set_title(f"{doc} ({sum(counts)} claims)", loc="left", fontsize=10)
        ax.set_xlabel("claims")
    axes[0][0].invert_yaxis()  # strongest support on top (the y axis is shared: invert it once)
    fig.suptitle(title, x=0.01, ha="left", fontsize=11)
    fig.tight_layout()
    return fig


def problem_counts(table, title: str = "Problem claims by kind of problem and document"):
    """Stacked horizontal bars of a problem × document count table (compendium.audit.counts)."""
    fig, ax = _stacked_bars(table, "document", title, "claims", (1.2, 0.45), shrink=0.7,
                            hue_order=list(table.columns))
    fig.tight_layout()
    return fig


def ledger_coverage(coverage: pd.DataFrame, title: str):
    """Stacked bars of the sentence ledger: per section, sentences holding a claim and those holding none, by reason.

    ``coverage`` is :func:`compendium.ledger.coverage`; pass it through :func:`compendium.ledger.named`
    first for bars labelled by the documents' names rather than their ids.
    """
    counts = coverage.drop(columns="sentences").copy()
    counts["section"] = counts["document"].astype(str) + ": " + counts["section"]
    table = counts.drop(columns="document").set_index("section")
    fig, ax = _stacked_bars(table, "status", title, "sentences", (0.8, 0.32), shrink=0.8, palette="colorblind")
    fig.tight_layout()
    return fig


def trait_passages(counts: pd.DataFrame):
    """Bars: passages arguing each trait's redeployment, coloured by whether it is argued (from :func:`compendium.culture.passage_counts`)."""
    fig, ax = plt.subplots(figsize=(7, 3.6))
    sns.barplot(data=counts, y="name", x="passages", hue="redeployed", dodge=False, palette="colorblind", ax=ax)
    ax.set_xlabel("passages arguing redeployment")
    ax.set_ylabel("")
    fig.tight_layout()
    return fig
