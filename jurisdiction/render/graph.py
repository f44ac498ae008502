"""A picture of the case: states as boxes, people where they are, acts where they happened, and edges for
nationality, residence, jurisdiction (coloured by modality) and extradition routes with their obstacles.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from jurisdiction import words
from jurisdiction.findings.types import Analysis
from jurisdiction.input.model import HighSeas, OnBoard

MODALITY_COLOUR = {"obligatory": "#1a7f37", "optional": "#0969da", "encouraged": "#bf8700", "none": "#8c959f"}


def _text(label: str) -> str:
    """A label from case text as plain text: no HTML-like label (`<...>`), no escape sequence (`\\N`, a trailing
    backslash), whatever the case says."""
    import graphviz

    return graphviz.escape(label)


class GraphvizMissing(RuntimeError):
    """Graphviz's `dot` program is not installed: the picture can still be written as DOT source."""


def build(analysis: Analysis) -> Any:
    import graphviz

    # Node ids are made up here (n0, n1, ...): names from the case never reach DOT syntax as ids (a colon in an
    # id would be read as a port); they appear only as quoted labels.
    ids: dict[tuple[str, str], str] = {}

    def _id(kind: str, name: str) -> str:
        return ids.setdefault((kind, name), f"n{len(ids)}")

    case = analysis.case
    g = graphviz.Digraph(
        case.id,
        graph_attr={
            "rankdir": "LR",
            "fontname": "Helvetica",
            "label": _text(f"{case.title}\n{case.id} · {case.date.isoformat()}"),
            "labelloc": "t",
            "fontsize": "16",
            "compound": "true",
            "newrank": "true",
        },
    )
    g.attr("node", fontname="Helvetica", fontsize="11")
    g.attr("edge", fontname="Helvetica", fontsize="9")

    status = {s.state: s.party_status for s in analysis.states}
    places: dict[str, list[tuple[str, str, dict[str, str]]]] = defaultdict(list)  # cluster -> nodes
    for pid, person in case.people.items():
        where = person.present_in or person.habitual_residence or ""
        shape = "box" if person.kind == "legal" else "ellipse"
        label = (
            pid
            + (" (legal person)" if person.kind == "legal" else "")
            + (f"\nage {person.age}" if person.age is not None else "")
            + ("" if person.present_in else "\n(presence unknown)")
        )
        places[where].append((_id("person", pid), label, {"shape": shape, "style": "filled", "fillcolor": "#ffffff"}))
    for offence in case.offences:
        for i, act in enumerate(offence.acts, start=1):
            place = act.in_
            if isinstance(place, OnBoard):
                where = place.waters or ""
                label = f"{offence.id} act {i}\n{words.place(place)}"
            elif isinstance(place, HighSeas):
                where, label = "", f"{offence.id} act {i}\n{words.place(place)}"
            else:
                where, label = str(place), f"{offence.id} act {i}"
            if act.what:
                label += f"\n{act.what}"
            label += f"\n({act.element})"
            places[where].append(
                (_id("act", f"{offence.id}/{i}"), label, {"shape": "note", "style": "filled", "fillcolor": "#fff8c5"})
            )

    for state in sorted(status):
        with g.subgraph(name=f"cluster_{state}") as c:
            c.attr(
                label=_text(f"{state} · {words.party_status(status[state], analysis.regime.instrument)}"),
                style="rounded",
                color="#57606a",
                fontsize="12",
            )
            c.node(_id("state", state), state, shape="doublecircle", style="filled", fillcolor="#ddf4ff", fontsize="12")
            for node_id, label, attrs in places.get(state, []):
                c.node(node_id, _text(label), **attrs)
    if places.get(""):
        with g.subgraph(name="cluster_elsewhere") as c:
            c.attr(label="no state's territory (high seas, or unknown)", style="dashed", color="#8c959f")
            for node_id, label, attrs in places[""]:
                c.node(node_id, _text(label), **attrs)
    for vid, vessel in case.vessels.items():
        g.node(_id("vessel", vid), _text(f"{vid}\n{vessel.type}"), shape="cds", style="filled", fillcolor="#f6f8fa")
        g.edge(
            _id("vessel", vid),
            _id("state", vessel.registered_in),
            label="registered in",
            style="dashed",
            color="#57606a",
        )

    for pid, person in case.people.items():
        for nat in person.nationality:
            g.edge(_id("person", pid), _id("state", nat), label="national of", style="dashed", color="#6e7781")
        if person.habitual_residence and person.habitual_residence != person.present_in:
            g.edge(
                _id("person", pid),
                _id("state", person.habitual_residence),
                label="resides in",
                style="dotted",
                color="#6e7781",
            )
    for offence in case.offences:
        for i, act in enumerate(offence.acts, start=1):
            if act.by:
                g.edge(_id("person", act.by), _id("act", f"{offence.id}/{i}"), label="did", color="#57606a")
            if isinstance(act.in_, OnBoard):
                g.edge(
                    _id("act", f"{offence.id}/{i}"),
                    _id("vessel", act.in_.vessel),
                    label="on board",
                    color="#57606a",
                    style="dashed",
                )

    # Jurisdiction: one edge per state, offender and modality, listing the bases.
    bases: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for j in analysis.jurisdiction:
        if j.state != "*":
            suffix = " (if)" if j.conditions else ""
            bases[(j.state, j.person, j.modality)].append(j.basis + suffix)
    for (state, person, modality), names in sorted(bases.items()):
        g.edge(
            _id("state", state),
            _id("person", person),
            label=_text(f"{modality}: " + ", ".join(sorted(set(names)))),
            color=MODALITY_COLOUR.get(modality, "#000000"),
            fontcolor=MODALITY_COLOUR.get(modality, "#000000"),
            penwidth="2" if modality == "obligatory" else "1.2",
        )

    # Extradition: requesting -> requested, with the obstacles.
    routes: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    blocked: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    for r in analysis.extradition:
        key = (r.requesting, r.requested, r.person, r.trigger)
        routes[key].add(r.basis)
        blocked[key].update(o.obstacle + ("?" if o.conditions else "") for o in r.obstacles)
    for (req, to, person, trigger), names in sorted(routes.items()):
        obstacles = sorted(blocked[(req, to, person, trigger)])
        label = f"{'request' if trigger == 'request' else 'possible request'} for {person}\n" + ", ".join(sorted(names))
        if obstacles:
            label += "\nobstacles: " + ", ".join(obstacles)
        g.edge(
            _id("state", req),
            _id("state", to),
            label=_text(label),
            color="#cf222e" if obstacles else "#1a7f37",
            style="bold" if trigger == "request" else "dashed",
            fontcolor="#cf222e" if obstacles else "#1a7f37",
        )
    return g


def render(analysis: Analysis, fmt: str) -> bytes:
    """The picture as DOT source, SVG or PNG bytes."""
    import graphviz

    g = build(analysis)
    if fmt == "dot":
        return g.source.encode("utf-8")
    try:
        return g.pipe(format=fmt)
    except graphviz.ExecutableNotFound:
        raise GraphvizMissing(
            "Graphviz's `dot` program is not installed. Install it (Debian/Ubuntu: apt-get install graphviz; "
            "macOS: brew install graphviz), or write the DOT source with -o case.dot."
        ) from None
