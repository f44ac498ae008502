"""Why and why not: the trees come from the rules' why/2 atoms and reach the case facts."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from jurisdiction.apps.explain import Node, explain
from jurisdiction.apps.library import case_files
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
    assert "GBR was an OPSC party on 2019-06-01" in words


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
    tree = find(explain(case("livestream-gbr-phl"), "GBR"), "(presence_no_extradition)")
    assert any("holds only if GBR refuses to extradite its national" in t for t in texts(tree))


def test_why_not_lists_what_is_missing_for_each_basis() -> None:
    usa = explain(case("livestream-gbr-phl"), "USA")
    assert usa.conclusions == []
    missing = {n.text: [c.text for c in n.children] for n in usa.missing}
    assert missing["no territory basis"] == [
        "no act or result of live-abuse took place in USA (nor on board a vessel in its waters)"
    ]
    assert missing["no offender_nationality basis"] == ["no offender of live-abuse is a national of USA"]
    assert missing["no victim_residence basis"] == ["no child victim of live-abuse habitually resides in USA"]
    assert any(t.startswith("universal (CRC/C/156 para. 87, encouraged)") for t in missing)


def test_why_not_says_when_a_doctrine_excludes_a_result_or_a_state_is_not_bound() -> None:
    jpn = explain(case("export-result-only"), "JPN")
    assert any("counts conduct elements" in c.text for n in jpn.missing for c in n.children)
    irl = explain(case("darknet-hosting-company"), "IRL")
    assert any("was not an OPSC party" in c.text for n in irl.missing for c in n.children)


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
            assert tree.provision in tree.text


def test_explain_command_json_and_bad_state() -> None:
    from jurisdiction.cli.app import app

    runner = CliRunner()
    result = runner.invoke(app, ["explain", "livestream-gbr-phl", "--state", "PHL", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["state"] == "PHL" and payload["why"][0]["because"]
    bad = runner.invoke(app, ["explain", "livestream-gbr-phl", "--state", "UK"])
    assert bad.exit_code == 2 and "GBR" in bad.stderr
