"""Write ``synthetic.qdpx``: a small, invented coded project for the tutorial.

SYNTHETIC DATA. Every interview snippet below was written for this tutorial. None comes from
the two documents this compendium studies, nor from any real interview. The project imagines
a community safety partnership (police, council, housing and a youth charity) and codes what
its members say about trust, information sharing and compromise.

Run once from the repository root, and commit the output (it is deterministic: the same
GUIDs and bytes on every run)::

    python book/tutorial/make_synthetic.py
"""

from __future__ import annotations

import uuid
from pathlib import Path

from compendium.refi import Case, Code, Coding, Note, NoteRef, Project, Selection, Source, Variable, write_qdpx

#: Namespace of the tutorial's GUIDs (uuid5, so a re-run gives the same file).
NS = uuid.uuid5(uuid.NAMESPACE_URL, "urn:policing-partnerships-compendium:tutorial")
OUT = Path(__file__).resolve().parent / "synthetic.qdpx"

CODES = [  # (key, name, parent key, codable, definition)
    ("REL", "Relationships", None, False, "How partners relate to each other (a category, not applied to text)."),
    ("TRUST", "Trust", "REL", True, "Confidence in another agency or person, gained or lost."),
    ("SHARE", "Information sharing", "REL", True, "Passing on, or holding back, information between agencies."),
    ("COMPROMISE", "Compromise", "REL", True, "Giving ground on aims or methods to keep the partnership working."),
    ("RESOURCES", "Resources", None, True, "Money, staff time or premises, and their shortage."),
    ("PRAGMATISM", "Pragmatism", None, True, "Doing what works locally rather than what the rules say."),
]

INTERVIEWS = [  # (key, person, agency, role, [(passage, code keys)])
    ("INT-01", "Officer A", "police", "neighbourhood sergeant", [
        ("At first the council thought we only turned up to take names.", ["TRUST"]),
        ("Now we meet every Tuesday and I ring their housing officer before I knock on a door.", ["TRUST", "SHARE"]),
        ("I can't share everything, some of it is live intelligence.", ["SHARE"]),
        ("We dropped the stop-and-search operation on the estate because the youth workers asked.", ["COMPROMISE", "PRAGMATISM"]),
    ]),
    ("INT-02", "Officer B", "police", "inspector", [
        ("The partnership lives or dies on whether we keep our promises.", ["TRUST"]),
        ("Half my team were moved to response, so the Tuesday meeting is me on my own.", ["RESOURCES"]),
        ("You bend the process a bit so the family gets seen this week, not next month.", ["PRAGMATISM"]),
    ]),
    ("INT-03", "Worker C", "council", "community safety officer", [
        ("The police tell us what they can, and we have learnt not to ask for the rest.", ["SHARE", "COMPROMISE"]),
        ("Our budget for the estate project was cut by a third this year.", ["RESOURCES"]),
        ("I trust the sergeant; I'm less sure about the force as a whole.", ["TRUST"]),
    ]),
    ("INT-04", "Worker D", "youth charity", "youth worker", [
        ("Young people won't come in if they see a police car outside.", ["TRUST"]),
        ("We agreed they'd park round the corner; it's a small thing but it matters.", ["COMPROMISE", "PRAGMATISM"]),
        ("We only hear about incidents days later, if at all.", ["SHARE"]),
        ("We run the whole evening session on volunteers now.", ["RESOURCES"]),
    ]),
]

VARIABLES = [("agency", "The agency the interviewee works for."), ("role", "The interviewee's job.")]


def g(kind: str, key: str) -> str:
    """A stable GUID for one element."""
    return str(uuid.uuid5(NS, f"{kind}:{key}"))


def project() -> Project:
    """The synthetic project."""
    p = Project(name="Synthetic community safety partnership (tutorial)", origin="compendium tutorial (synthetic data)",
                description="SYNTHETIC: invented interview snippets written for the tutorial; not from any real interview "
                            "or from the documents this compendium studies.")
    p.codes = [Code(g("code", k), name, g("code", parent) if parent else None, codable, None, d) for k, name, parent, codable, d in CODES]
    p.variables = [Variable(g("variable", name), name, "Text", d) for name, d in VARIABLES]
    for key, person, agency, role, passages in INTERVIEWS:
        text, spans = "", []
        for passage, codes in passages:
            text += f"Interviewer: Tell me about working with the partnership.\n{person}: "
            start = len(text)
            text += f"{passage}\n"
            spans.append((start, start + len(passage), codes))
        src = g("source", key)
        p.sources.append(Source(src, f"{key} ({person})", text, f"Synthetic interview with {person}, {role} ({agency})."))
        sels = []
        for i, (start, end, codes) in enumerate(spans, 1):
            sel = g("selection", f"{key}-{i}")
            sels.append(sel)
            p.selections.append(Selection(sel, src, start, end, f"{key}-{i}"))
            p.codings += [Coding(g("coding", f"{key}-{i}-{c}"), sel, g("code", c)) for c in codes]
        values = ((g("variable", "agency"), agency), (g("variable", "role"), role))
        p.cases.append(Case(g("case", person), person, f"Synthetic interviewee ({role}).", values, (src,), ()))
    note = g("note", "synthetic")
    p.notes.append(Note(note, "Synthetic data", "Every snippet in this project was invented for the compendium's tutorial."))
    p.note_refs.append(NoteRef("", note))
    return p


if __name__ == "__main__":
    write_qdpx(project(), OUT)
    print(f"written: {OUT.name}")
