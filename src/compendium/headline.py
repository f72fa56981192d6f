"""The headline figures of the landing page: how many claims stand, have a problem, are contradicted.

Every number on the landing page comes from here through glue, never typed.
"""

from __future__ import annotations

from compendium import claims, evidence
from compendium.package import Compendium

#: Verdicts under which a claim stands (the rest are problems, as in :mod:`compendium.audit`).
STANDS = ("supported", "partly supported")


def figures(data: Compendium) -> dict[str, int]:
    """Claims counted for the landing page: in all, by document, standing, with a problem, by verdict."""
    table = claims.summary(data)
    total = table.sum()
    out = {
        "claims": int(table.values.sum()),
        "article": int(table.loc["article"].sum()),
        "review": int(table.loc["review"].sum()),
        "stand": int(sum(total[v] for v in STANDS)),
    }
    out["problems"] = out["claims"] - out["stand"]
    for verdict in claims.VERDICTS:
        out[verdict.replace(" ", "-")] = int(total[verdict])
    source = data["sources"].set_index("short_name")["source_id"]
    traced = evidence.traced_into(data, source["review"], source["article"])
    out["traced"] = len(traced)
    out["traced-supported"] = int((traced["status"] == "supported").sum())
    return out


def glue_all(data: Compendium, prefix: str = "h-") -> dict[str, int]:
    """Glue every headline figure as ``<prefix><name>`` (not displayed) and return them."""
    from myst_nb import glue

    values = figures(data)
    for name, value in values.items():
        glue(prefix + name, value, display=False)
    return values
