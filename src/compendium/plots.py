"""Figures drawn with seaborn from the loaded data (nothing is saved to data/)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import seaborn as sns

from compendium.package import Compendium
from compendium.samples import interviewees_long

PALETTE = {"female": "#b2182b", "male": "#2166ac"}


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
