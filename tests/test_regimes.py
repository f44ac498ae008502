"""Regimes: the matrix derived from the rules, the comparison of regimes on golden cases, the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from jurisdiction.apps.compare import compare, summary_lines
from jurisdiction.apps.library import comparison_file
from jurisdiction.apps.matrix import matrix
from jurisdiction.engine.facts import const, fact
from jurisdiction.engine.provisions import provisions
from jurisdiction.engine.regimes import REGIMES, Regime, parse, parse_list
from jurisdiction.engine.solver import function_args, program, solve
from jurisdiction.errors import CaseError
from jurisdiction.input.loader import load
from jurisdiction.resources import logic_dir, scenarios_dir

ALL = list(REGIMES.values())
COMPARED = "opsc,lanzarote,budapest,opsc-guidelines,eu-2011-93"
GOLDEN = [
    "livestream-gbr-phl",
    "cruise-ship-high-seas",
    "aircraft-recording",
    "travelling-dual-national",
    "mere-possession-urged",
    "hands-on-not-opsc",
]

# The project's comparison of the treaty texts (arts. 4-5 and their counterparts): what the matrix derived from the
# rules must show.
NOTES_TABLE = {
    "territory": {
        "opsc": "obligatory",
        "lanzarote": "obligatory",
        "budapest": "obligatory",
        "eu-2011-93": "obligatory",
    },
    "flag_ship": {"opsc": "obligatory", "lanzarote": "obligatory", "budapest": "obligatory", "eu-2011-93": "absent"},
    "flag_aircraft": {
        "opsc": "obligatory",
        "lanzarote": "obligatory",
        "budapest": "obligatory",
        "eu-2011-93": "absent",
    },
    "offender_nationality": {
        "opsc": "optional",
        "lanzarote": "obligatory",
        "budapest": "obligatory",
        "eu-2011-93": "obligatory",
    },
    "offender_residence": {
        "opsc": "optional",
        "lanzarote": "obligatory",
        "budapest": "absent",
        "eu-2011-93": "optional",
    },
    "victim_nationality": {
        "opsc": "optional",
        "lanzarote": "encouraged",
        "budapest": "absent",
        "eu-2011-93": "optional",
    },
    "presence_no_extradition": {
        "opsc": "obligatory",
        "lanzarote": "obligatory",
        "budapest": "obligatory",
        "eu-2011-93": "absent",
    },
}


def test_the_matrix_derived_from_the_rules_matches_the_comparison_table_of_the_notes() -> None:
    table = matrix(ALL)
    for basis, expected in NOTES_TABLE.items():
        for regime, modality in expected.items():
            assert table[basis][regime].modality == modality, (basis, regime)
    # What the Committee encourages, and asks to be adopted
    assert table["victim_residence"]["opsc"].modality == "encouraged"
    assert table["universal"]["opsc"].provisions == ("CRC/C/156 para. 87",)
    assert {row["opsc-guidelines:presence"].modality for row in table.values()} == {"obligatory"}
    assert table["universal"]["lanzarote"].modality == "absent"


def test_the_universal_option_changes_who_is_bound() -> None:
    forms = [parse(f"opsc-guidelines:{o}") for o in ("absolute", "presence", "subsidiary")]
    case = load(scenarios_dir() / "livestream-gbr-phl.yaml")
    result = compare(case, forms, assume_all_parties=True)
    universal = {key: cells for key, cells in result.rows.items() if key[1] == "universal"}
    assert universal[("*", "universal")]["opsc-guidelines:absolute"].modality == "obligatory"
    assert universal[("PHL", "universal")]["opsc-guidelines:presence"].modality == "obligatory"
    # Subsidiary: PHL is already bound by closer links (territory), so universal jurisdiction stays in reserve.
    assert ("PHL", "universal") not in universal or universal[("PHL", "universal")][
        "opsc-guidelines:subsidiary"
    ].modality == "—"


@pytest.mark.parametrize("name", GOLDEN)
def test_golden_comparison(name: str, update_golden: bool) -> None:
    case_file = scenarios_dir() / f"{name}.yaml"
    got = summary_lines(compare(load(case_file), parse_list(COMPARED)))
    path = comparison_file(case_file)
    if update_golden:
        header = (
            f"# Regimes compared on {case_file.name} ({COMPARED}), each state's party status from the data.\n"
            "# Regenerate: pytest tests/test_regimes.py --update-golden\n"
        )
        path.write_text(header + yaml.safe_dump(got, sort_keys=False, width=200, allow_unicode=True), encoding="utf-8")
    assert got == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_a_regime_applies_only_to_its_parties() -> None:
    case = load(scenarios_dir() / "livestream-gbr-phl.yaml")  # 2019-06-01
    real = compare(case, parse_list("opsc,lanzarote"))
    # The United Kingdom: a Lanzarote party since 2018-10-01; the Philippines: not a party (the list is complete).
    assert real.rows[("GBR", "territory")]["lanzarote"].modality == "obligatory"
    assert not real.rows[("GBR", "territory")]["lanzarote"].conditional
    assert {c["lanzarote"].modality for k, c in real.rows.items() if k[0] == "PHL"} <= {"none", "—"}
    # --assume-all-parties changes only a status the data leave unknown: here none.
    assumed = compare(case, parse_list("opsc,lanzarote"), assume_all_parties=True)
    assert {k: c["lanzarote"].modality for k, c in assumed.rows.items()} == {
        k: c["lanzarote"].modality for k, c in real.rows.items()
    }


# Topics a regime may leave undeclared, each with the reason its module gives in a comment. None today: every
# regime declares every topic the shared rules read.
NOT_APPLICABLE: dict[str, set[str]] = {}


def topics_the_shared_rules_read() -> set[str]:
    """The topics of clause(Reg, Topic, Prov) named in the shared rule files (logic/*.lp, not logic/regimes/)."""
    pattern = re.compile(r"\bclause\(\s*\w+\s*,\s*([a-z][a-z_]*)\s*,")
    code = [line.split("%", 1)[0] for path in logic_dir().glob("*.lp") for line in path.read_text().splitlines()]
    return set(pattern.findall("\n".join(code)))


def clauses(regime: Regime) -> dict[str, str]:
    """Topic -> provision of the clauses a regime module declares."""
    facts = [fact("conduct_date", 20200101), fact("regime", regime.term)]
    atoms = solve(facts, program([regime.rule_file]), shown_only=False).symbols
    rows = [function_args(s) for s in atoms if s.name == "clause"]
    return {str(topic): str(prov) for reg, topic, prov in rows if str(reg) == regime.key}


def test_every_regime_declares_every_clause_topic_the_shared_rules_read() -> None:
    topics = topics_the_shared_rules_read()
    assert {"territory", "scope", "entry_into_force", "secondary_roles", "participation", "offences"} <= topics
    for name, regime in REGIMES.items():
        declared = clauses(regime)
        exceptions = NOT_APPLICABLE.get(name, set())
        assert topics - exceptions <= set(declared), (name, sorted(topics - exceptions - set(declared)))
        assert not exceptions & set(declared), (name, "listed as not applicable, but declared")
        assert all(p in provisions() for p in declared.values()), (name, declared)


def test_an_unknown_party_status_is_warned_of_under_every_regime_with_its_entry_into_force_clause() -> None:
    for name, regime in REGIMES.items():
        # XAA: no party data under any regime; the offence (production) is one every regime reaches.
        facts = [fact("conduct_date", 20200101), fact("regime", regime.term), fact("state", "XAA")]
        facts += [fact("person", "p"), fact("offence", "o", const("csam_production"))]
        facts += [fact("offender", "o", "p", const("perpetration")), fact("act", "o", 1, const("conduct"))]
        facts += [fact("act_in", "o", 1, "XAA")]
        atoms = solve(facts, program([regime.rule_file])).symbols
        warnings = {tuple(str(a) for a in function_args(s)) for s in atoms if s.name == "warning"}
        expected = (regime.key, "party_status_unknown", "XAA", clauses(regime)["entry_into_force"])
        assert expected in warnings, (name, warnings)


def test_regime_names_are_checked() -> None:
    assert parse("opsc-guidelines:subsidiary").label == "opsc-guidelines:subsidiary"
    for bad in ("lanzarotte", "opsc:absolute", "opsc-guidelines:sometimes"):
        with pytest.raises(CaseError):
            parse(bad)
    with pytest.raises(CaseError):
        parse_list("opsc,opsc")


def test_the_commands(tmp_path: Path) -> None:
    from jurisdiction.cli.app import app

    runner = CliRunner()
    listing = json.loads(runner.invoke(app, ["regimes", "-f", "json"]).stdout)
    assert [r["regime"] for r in listing] == ["opsc", "opsc-guidelines:presence", "lanzarote", "budapest", "eu-2011-93"]
    eu = next(r for r in listing if r["regime"] == "eu-2011-93")
    assert eu["verified"] is False and all(p["verified"] is False for p in eu["provisions"])
    grid = json.loads(runner.invoke(app, ["regimes", "--matrix", "-f", "json"]).stdout)
    assert grid["matrix"]["flag_ship"]["eu-2011-93"]["modality"] == "absent"
    result = runner.invoke(
        app, ["compare", "livestream-gbr-phl", "--regimes", "opsc,budapest", "-f", "json", "--assume-all-parties"]
    )
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["regimes"] == ["opsc", "budapest"] and payload["differences"]["budapest"]["lacks"]
    table = runner.invoke(app, ["compare", "livestream-gbr-phl", "--regimes", "opsc,lanzarote"])
    assert "lanzarote against opsc" in table.stdout
    bad = runner.invoke(app, ["compare", "livestream-gbr-phl", "--regimes", "opsc,nope"])
    assert bad.exit_code == 2 and "unknown regime" in bad.stderr
    analysed = json.loads(
        runner.invoke(
            app, ["analyse", "livestream-gbr-phl", "--regime", "budapest", "--assume-all-parties", "-f", "json"]
        ).stdout
    )
    assert analysed["regime"] == "budapest" and analysed["assume_all_parties"] is True


def eu_abroad(category: str) -> set[tuple[object, ...]]:
    """NNN's national offends in TTT, both bound by the Directive; TTT's law does not make the conduct a crime
    (or, for not_opsc, it is no catalogue crime at all): the EU warnings on double criminality."""
    f = [fact("conduct_date", 20200101), fact("regime", const("eu_2011_93"))]
    for s in ("NNN", "TTT"):
        f += [fact("state", s), fact("regime_party", const("eu_2011_93"), s)]
    f += [fact("person", "p"), fact("nationality", "p", "NNN"), fact("offence", "o", const(category))]
    f += [fact("offender", "o", "p", const("perpetration")), fact("act", "o", 1, const("conduct"))]
    f += [fact("act_by", "o", 1, "p"), fact("act_in", "o", 1, "TTT")]
    f += [fact("profile", "TTT", fact("criminalises", const(category)), const("no"))]
    atoms = solve(f, program(["regimes/eu_2011_93.lp"])).symbols
    return {tuple(str(a) for a in function_args(s)) for s in atoms if s.name == "warning"}


def test_art_17_4_waives_double_criminality_only_for_the_offences_it_lists() -> None:
    """Dir. 2011/93/EU art. 17(4): hands-on abuse (arts. 3(4)-(6)) is listed, mere possession (art. 5(2)) is not.
    Where the conduct is no crime where committed, nationality jurisdiction over the listed offence stands (no
    block), while over mere possession the offender's state's double-criminality rule blocks it."""
    hands_on = eu_abroad("not_opsc")
    possession = eu_abroad("csam_mere_possession")
    blocks = {"double_criminality_blocks", "double_criminality_may_block"}
    assert not {w for w in hands_on if w[1] in blocks}
    assert {w[1] for w in possession if w[0] == "eu_2011_93"} & blocks
