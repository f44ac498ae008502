"""Why and why not: the trees come from the rules' why/2 atoms and reach the case facts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from asp import Facts, const, term
from typer.testing import CliRunner

from jurisdiction.apps import explain as explain_module
from jurisdiction.apps.explain import Node, explain
from jurisdiction.apps.library import case_files
from jurisdiction.data.states import bundled
from jurisdiction.engine.facts import profile_terms
from jurisdiction.engine.provisions import provisions
from jurisdiction.engine.regimes import REGIMES
from jurisdiction.input.loader import load
from jurisdiction.resources import scenarios_dir


def case(name: str):  # type: ignore[no-untyped-def]
    return load(scenarios_dir() / f"{name}.yaml")


def texts(node: Node) -> list[str]:
    return [node.text] + [t for c in node.children for t in texts(c)]


def find(explanation, *words: str) -> Node:  # type: ignore[no-untyped-def]
    hits = [n for n in explanation.conclusions if all(w in n.text for w in words)]
    assert len(hits) == 1, [n.text for n in explanation.conclusions]
    return hits[0]


def test_territory_is_explained_down_to_the_act() -> None:
    gbr = explain(case("livestream-gbr-phl"), "GBR")
    tree = find(gbr, "GBR must establish jurisdiction", "as to viewer (territory)")
    assert tree.provision == "OPSC art. 4(1)"
    words = texts(tree)
    assert "the offence live-abuse was committed in whole or in part in GBR" in words
    assert 'act 1 of live-abuse: "ordered and paid for the show", by viewer, in GBR (conduct)' in words
    assert "viewer took part in live-abuse by instigation (OPSC art. 3(2))" in words
    assert "GBR was a party to the OPSC on 2019-06-01" in words


def test_a_result_only_link_is_explained_as_contestable() -> None:
    tree = find(explain(case("livestream-gbr-phl"), "GBR"), "as to facilitator (territory)")
    assert "contestable: the link of GBR rests only on a result element" in texts(tree)
    assert not any("act 1" in t for t in texts(tree)), "the viewer's own act does not reach the facilitator"


def test_the_duty_to_prosecute_rests_on_the_request_and_the_nationality_bar() -> None:
    tree = find(explain(case("livestream-gbr-phl"), "PHL"), "PHL must submit the case")
    words = texts(tree)
    assert "GBR asked PHL to extradite facilitator" in words
    assert "facilitator is a national of PHL" in words
    assert "PHL does not extradite its nationals (source: case assume:)" in words


def test_an_unknown_value_shows_as_the_condition_it_is() -> None:
    tree = find(explain(case("livestream-gbr-phl"), "GBR"), "(offender present, not extradited)")
    assert any("holds only if GBR refuses to extradite its national" in t for t in texts(tree))


def test_why_not_lists_what_is_missing_for_each_basis() -> None:
    usa = explain(case("livestream-gbr-phl"), "USA")
    assert usa.conclusions == []
    missing = {n.text: [c.text for c in n.children] for n in usa.missing}
    assert missing["territory: no basis"] == [
        "no act or result of live-abuse took place in USA (nor on board a vessel in its waters)"
    ]
    assert missing["offender's nationality: no basis"] == ["no offender of live-abuse is a national of USA"]
    residence = missing["victim's habitual residence: no basis"]
    assert residence == ["no child victim of live-abuse habitually resides in USA"]
    assert any(t.startswith("universal jurisdiction (CRC/C/156 para. 87, encouraged)") for t in missing)


def test_why_not_says_when_a_doctrine_excludes_a_result_or_a_state_is_not_bound() -> None:
    jpn = explain(case("export-result-only"), "JPN")
    assert any("counts conduct elements" in c.text for n in jpn.missing for c in n.children)
    irl = explain(case("darknet-hosting-company"), "IRL")
    assert any("was not a party to the OPSC" in c.text for n in irl.missing for c in n.children)


@pytest.mark.parametrize("path", case_files(), ids=[p.stem for p in case_files()])
def test_every_conclusion_about_a_state_has_a_tree_with_reasons(path) -> None:  # type: ignore[no-untyped-def]
    loaded = load(path)
    for state in sorted(loaded.states()):
        result = explain(loaded, state)
        analysis = result.analysis
        expected = (
            sum(j.state == state for j in analysis.jurisdiction)
            + sum(state in (r.requesting, r.requested) for r in analysis.extradition)
            + sum(o.state == state for o in analysis.obligations)
        )
        assert len(result.conclusions) == expected
        for tree in result.conclusions:
            assert tree.children, tree.text
            # every conclusion cites its provision, but a route the regime does not govern, which cites none
            assert (tree.provision or "") in tree.text and (tree.provision or "internal law only" in tree.text)


def test_explain_command_json_and_bad_state() -> None:
    from jurisdiction.cli.app import app

    runner = CliRunner()
    result = runner.invoke(app, ["explain", "livestream-gbr-phl", "--state", "PHL", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["state"] == "PHL" and payload["why"][0]["because"]
    bad = runner.invoke(app, ["explain", "livestream-gbr-phl", "--state", "Untied Kingdom"])
    assert bad.exit_code == 2 and "GBR" in bad.stderr
    short = runner.invoke(app, ["explain", "livestream-gbr-phl", "--state", "UK", "-f", "json"])
    assert short.exit_code == 0 and json.loads(short.stdout)["state"] == "GBR"  # a short name in common use


# --- Why not, in the state's own law (logic/explain.lp, why_not_law/5): the profile fields are per category.


def _abroad(category: str) -> Facts:
    """Offence o (category) by p in AAA, against child v who lives in NLD; DEU, NLD and USA asked about."""
    f = Facts().party("AAA", "DEU", "NLD", "USA").add("person", "p").add("person", "v")
    f.add("offence", "o", const(category)).add("offender", "o", "p", const("perpetration")).add("victim", "o", "v")
    f.add("act", "o", 1, const("conduct")).add("act_in", "o", 1, "AAA").add("habitual_residence", "v", "NLD")
    for state in ("DEU", "NLD", "USA"):
        f.add("query_state", state)
    return f


def _not_in_profile(f: Facts) -> set[tuple[object, ...]]:
    return {(row[0], row[1]) for row in f.solve(explain=True).rows("why_not_law")}


def test_a_state_whose_profile_gives_universal_jurisdiction_is_not_reported_as_missing_it() -> None:
    # DEU's bundled profile value, as the rules would receive it were it verified (StGB §6 Nr. 6).
    value = bundled().profile("DEU")["universal_jurisdiction"][-1].value
    f = _abroad("csam_distribution")
    for field_term, mode in profile_terms("universal_jurisdiction", value):
        f.add("profile", "DEU", field_term, mode)
    missing = _not_in_profile(f)
    assert ("DEU", "universal") not in missing
    assert ("USA", "universal") in missing  # no profile value: still reported
    usa = {r[1:] for r in f.solve(explain=True).rows("why_not_law") if r[0] == "USA"}
    assert usa == {
        (
            "universal",
            'not_in_profile("USA",universal_jurisdiction(csam_distribution))',
            "encouraged",
            "CRC/C/156 para. 87",
        )
    }


def test_universal_jurisdiction_is_looked_up_for_the_offences_category() -> None:
    # DEU's value reaches abuse material, not child prostitution: for that category it is still missing.
    f = _abroad("child_prostitution").add(
        "profile", "DEU", term("universal_jurisdiction", const("csam_distribution")), const("absolute")
    )
    assert ("DEU", "universal") in _not_in_profile(f)


def test_victim_residence_jurisdiction_in_the_profile_is_not_reported_as_missing() -> None:
    field = term("jurisdiction", const("victim_residence"), const("csam_distribution"))
    assert ("NLD", "victim_residence") in _not_in_profile(_abroad("csam_distribution"))
    f = _abroad("csam_distribution").add("profile", "NLD", field, const("yes"))
    assert ("NLD", "victim_residence") not in _not_in_profile(f)


# --- Any regime: explain.lp explains the regime it is given, with that regime's provisions (explain_regime/1).


def all_texts(explanation) -> list[str]:  # type: ignore[no-untyped-def]
    nodes = [*explanation.conclusions, *explanation.missing]
    return [explanation.text()] + [t for n in nodes for t in texts(n)] + [str(n.provision) for n in nodes]


def test_under_lanzarote_the_explanation_cites_cets_201_and_nothing_of_the_opsc() -> None:
    loaded = case("livestream-gbr-phl")
    for state in sorted(loaded.states()):
        words = all_texts(explain(loaded, state, regime=REGIMES["lanzarote"]))
        assert not [w for w in words if "OPSC" in w or "CRC/C/156" in w], state
    gbr = explain(loaded, "GBR", regime=REGIMES["lanzarote"])
    tree = find(gbr, "GBR must establish jurisdiction", "as to viewer (offender's nationality)")
    assert tree.provision == "CETS 201 art. 25(1)(d)"
    assert "viewer took part in live-abuse by instigation (CETS 201 art. 24)" in texts(tree)
    # Its party status from the data, its date from the Convention's own clause.
    assert "GBR was a party to the Lanzarote Convention on 2019-06-01" in texts(tree)
    assert "in force for it since 2018-10-01 (CETS 201 art. 45(4))" in texts(tree)
    assert any(t.startswith("universal jurisdiction (CETS 201 art. 25(9), optional)") for t in all_texts(gbr))


def test_under_the_opsc_the_default_regime_gives_the_same_explanation() -> None:
    loaded = case("accomplice-not-extradited")
    default, opsc = explain(loaded, "MEX"), explain(loaded, "MEX", regime=REGIMES["opsc"])
    assert default.text() == opsc.text() and default.to_dict() == opsc.to_dict()
    words = all_texts(opsc)
    assert "instrument deposited in 2002, day unknown (OPSC art. 14(2))" in words  # the rules' clause
    assert "payer took part in sale by complicity (OPSC art. 3(2))" in words


def test_the_explanation_module_writes_no_provision_and_no_regime() -> None:
    source = (Path(explain_module.__file__)).read_text(encoding="utf-8")
    assert not [pid for pid in provisions() if pid in source]
    assert 'Function("opsc")' not in source and "CRC/C/156" not in source


def test_no_explanation_prints_a_raw_solver_term() -> None:
    """Every reason in words: no `denounced(20090501)`, `cond("X",...)` or `not_in_profile(...)` reaches a reader."""
    import re

    from jurisdiction.apps.library import library
    from jurisdiction.input.loader import load, load_text

    raw = re.compile(r'\b[a-z]+(_[a-z]+)*\((\d{8}|")|\b[a-z]+_[a-z_]+\(')
    denounced = (
        "schema: jurex/v1\nid: den\ntitle: t\ndate: 2019-06-01\n"
        "people: {v: {nationality: [GBR], present_in: GBR}, c: {nationality: [PHL], age: 10}}\n"
        "assume: {GBR: {opsc_denounced: 2015-01-01}}\n"
        "offences: [{id: o, category: csam_production, offenders: [{person: v}], victims: [c],"
        " acts: [{what: filmed, by: v, in: GBR}]}]\n"
    )
    cases = [load(e.path) for e in library()] + [load_text(denounced, "den.yaml")]
    for case in cases:
        for state in sorted(case.states()):
            text = explain(case, state).text()
            assert not raw.search(text), (case.id, state, raw.search(text))
