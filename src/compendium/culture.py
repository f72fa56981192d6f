"""Police culture: the traits of police culture the article argues can be redeployed.

``traits.csv`` lists the traits (with ``redeployed``: whether the article argues a trait
can be put to use in partnership) and ``trait_passages.csv`` the passages arguing it.
"""

from __future__ import annotations

import pandas as pd

from compendium.package import Compendium


def traits(data: Compendium) -> pd.DataFrame:
    """The traits in the article's order (``ordinal``).

    Parameters
    ----------
    data : Compendium
        The loaded data package.

    Returns
    -------
    DataFrame
        The rows of ``traits``, sorted by ``ordinal``.
    """
    return data["traits"].sort_values("ordinal")


def argued(traits_table: pd.DataFrame) -> int:
    """How many traits the article argues can be redeployed (``redeployed == "argued"``)."""
    return int((traits_table["redeployed"] == "argued").sum())


def passages(data: Compendium, traits_table: pd.DataFrame) -> pd.DataFrame:
    """Each passage arguing a trait's redeployment, with the trait's name, section and quoted text.

    Parameters
    ----------
    data : Compendium
        The loaded data package.
    traits_table : DataFrame
        The traits to show (:func:`traits`).

    Returns
    -------
    DataFrame
        ``trait_id``, ``name``, ``section_id``, ``exact`` and ``note``.
    """
    tp = data["trait_passages"].merge(data["locators"][["locator_id", "section_id", "exact"]], on="locator_id")
    return tp.merge(traits_table[["trait_id", "name"]], on="trait_id")[["trait_id", "name", "section_id", "exact", "note"]]


def passage_counts(data: Compendium, traits_table: pd.DataFrame) -> pd.DataFrame:
    """The traits with ``passages``: how many passages argue each one's redeployment (zero included)."""
    n = traits_table["trait_id"].map(data["trait_passages"]["trait_id"].value_counts()).fillna(0).astype(int)
    return traits_table.assign(passages=n)
