"""The documents' context tables: the milestones and institutions each document names.

``milestones.csv`` and ``institutions.csv`` record, per document, the dated events and the
bodies it mentions when it sets partnership working in context; the context chapters list them.
"""

from __future__ import annotations

import pandas as pd

from compendium.package import Compendium


def milestones(data: Compendium, source_id: str) -> pd.DataFrame:
    """The milestones one document names, by year (stable, so ties keep table order).

    Parameters
    ----------
    data : Compendium
        The loaded data package.
    source_id : str
        The document.

    Returns
    -------
    DataFrame
        Its rows of ``milestones``, sorted by ``year``.
    """
    return data["milestones"][data["milestones"]["source_id"] == source_id].sort_values("year")


def institutions(data: Compendium, source_id: str) -> pd.DataFrame:
    """The institutions one document names, in table order.

    Parameters
    ----------
    data : Compendium
        The loaded data package.
    source_id : str
        The document.

    Returns
    -------
    DataFrame
        Its rows of ``institutions``.
    """
    return data["institutions"][data["institutions"]["source_id"] == source_id]
