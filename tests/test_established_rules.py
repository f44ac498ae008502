"""Unit tests of logic/established.lp: what a state's own law is known to do, apart from the treaty."""

from __future__ import annotations

from asp import Facts, const, term

YES, NO = const("yes"), const("no")
CP = const("child_prostitution")


def abroad(*, victim_age: int | None = None, locus_age: int | None = None) -> Facts:
    """p, a national of NNN, commits child prostitution in TTT; both parties."""
    f = Facts(20200101).party("NNN", "TTT")
    f.add("person", "p").add("offence", "o", CP).add("offender", "o", "p", const("perpetration"))
    f.add("act", "o", 1, const("conduct")).add("act_by", "o", 1, "p").add("act_in", "o", 1, "TTT")
    f.add("nationality", "p", "NNN")
    if victim_age is not None:
        f.add("person", "v").add("victim", "o", "v").add("age", "v", victim_age)
    if locus_age is not None:
        f.add("profile", "TTT", term("age_of_child", CP), locus_age)
    return f


def law(f: Facts, field: str, value, *args) -> Facts:  # type: ignore[no-untyped-def]
    return f.add("profile", "NNN", term(field, *(const(a) for a in args)), value)


def status(r, state: str = "NNN", basis: str = "offender_nationality") -> str:  # type: ignore[no-untyped-def]
    [row] = [x for x in r.rows("established") if x[1] == state and x[2] == basis]
    return str(row[5])


def test_unknown_law_is_unknown() -> None:
    assert status(abroad().solve()) == "unknown"


def test_known_law_without_double_criminality_is_established() -> None:
    f = law(
        law(abroad(), "jurisdiction", YES, "offender_nationality", "child_prostitution"),
        "double_criminality_for_extraterritorial",
        NO,
        "offender_nationality",
        "child_prostitution",
    )
    assert status(f.solve()) == "yes"


def test_a_law_that_denies_the_basis() -> None:
    f = law(abroad(), "jurisdiction", NO, "offender_nationality", "child_prostitution")
    assert status(f.solve()) == "no"


def test_double_criminality_blocks_where_the_conduct_is_no_crime_where_committed() -> None:
    base = abroad(victim_age=17, locus_age=16)
    f = law(
        law(base, "jurisdiction", YES, "offender_nationality", "child_prostitution"),
        "double_criminality_for_extraterritorial",
        YES,
        "offender_nationality",
        "child_prostitution",
    )
    assert status(f.solve()) == "no"
    met = law(
        law(abroad(victim_age=15, locus_age=16), "jurisdiction", YES, "offender_nationality", "child_prostitution"),
        "double_criminality_for_extraterritorial",
        YES,
        "offender_nationality",
        "child_prostitution",
    )
    assert status(met.solve()) == "yes"


def test_unknown_double_criminality_is_yes_only_where_it_is_met_anyway() -> None:
    f = law(abroad(victim_age=17, locus_age=16), "jurisdiction", YES, "offender_nationality", "child_prostitution")
    assert status(f.solve()) == "unknown"
    g = law(abroad(victim_age=12), "jurisdiction", YES, "offender_nationality", "child_prostitution")
    assert status(g.solve()) == "yes"


def test_a_procedural_condition_is_carried() -> None:
    f = law(
        law(
            law(abroad(), "jurisdiction", YES, "offender_nationality", "child_prostitution"),
            "double_criminality_for_extraterritorial",
            NO,
            "offender_nationality",
            "child_prostitution",
        ),
        "prosecution_condition",
        const("complaint_or_denunciation"),
        "offender_nationality",
        "child_prostitution",
    )
    r = f.solve()
    assert status(r) == "yes"
    assert {str(x[5]) for x in r.rows("established_condition")} == {"complaint_or_denunciation"}


def test_a_law_that_protects_only_younger_children() -> None:
    f = law(
        law(abroad(victim_age=16), "jurisdiction", YES, "offender_nationality", "child_prostitution"),
        "victim_under",
        16,
        "offender_nationality",
        "child_prostitution",
    )
    assert status(f.solve()) == "no"


def test_art_4_3_is_read_through_the_nationality_rule() -> None:
    f = law(abroad(), "jurisdiction", YES, "offender_nationality", "child_prostitution")
    f = law(f, "double_criminality_for_extraterritorial", NO, "offender_nationality", "child_prostitution")
    f.add("present_in", "p", "NNN").add("profile", "NNN", const("extradites_nationals"), NO)
    assert status(f.solve(), basis="presence_no_extradition") == "yes"


def universal(mode: str, present: bool) -> dict[str, tuple[str, str]]:
    f = abroad().add("profile", "UUU", term("universal_jurisdiction", CP), const(mode))
    if present:
        f.add("present_in", "p", "UUU")
    return {row[1]: (str(row[4]), str(row[5])) for row in f.solve().rows("universal_established")}


def test_universal_jurisdiction_forms() -> None:
    assert universal("absolute", present=False) == {"UUU": ("absolute", "yes")}
    assert universal("presence", present=False) == {"UUU": ("presence", "no")}
    assert universal("presence", present=True) == {"UUU": ("presence", "yes")}
    assert universal("subsidiary", present=False) == {"UUU": ("subsidiary", "yes")}


def test_universal_jurisdiction_where_the_offender_is_removes_the_impunity_warning() -> None:
    f = Facts(20200101).party("TTT").add("state", "HHH").add("opsc_not_party", "HHH")
    f.add("person", "p").add("offence", "o", CP).add("offender", "o", "p", const("perpetration"))
    f.add("act", "o", 1, const("conduct")).add("act_in", "o", 1, "TTT").add("present_in", "p", "HHH")
    assert any(w[0] == "offender_beyond_reach" for w in f.solve().warnings())
    f.add("profile", "HHH", term("universal_jurisdiction", CP), const("presence"))
    assert not any(w[0] == "offender_beyond_reach" for w in f.solve().warnings())


def brazilian_law(f: Facts, condition: str) -> Facts:
    """NNN's law as Brazil's art. 7 §2: the basis, double criminality, and the conditions bundled in `condition`."""
    f = law(f, "jurisdiction", YES, "offender_nationality", "child_prostitution")
    f = law(f, "double_criminality_for_extraterritorial", YES, "offender_nationality", "child_prostitution")
    return law(f, "prosecution_condition", const(condition), "offender_nationality", "child_prostitution")


def test_a_bundle_of_conditions_is_spelled_out_and_entry_is_met_by_presence() -> None:
    """Código Penal art. 7 §2: entry into the state, an extraditable crime, no acquittal, sentence or pardon
    abroad (double criminality has its own value). An offender already in the state has entered it."""
    abroad_only = brazilian_law(abroad(), "conditioned_extraterritoriality").solve()
    assert {str(x[5]) for x in abroad_only.rows("established_condition")} == {
        "offender_enters_territory",
        "offence_extraditable_under_its_law",
        "not_acquitted_punished_or_pardoned_abroad",
    }
    at_home = brazilian_law(abroad().add("present_in", "p", "NNN"), "conditioned_extraterritoriality").solve()
    assert {str(x[5]) for x in at_home.rows("established_condition") if x[2] == "offender_nationality"} == {
        "offence_extraditable_under_its_law",
        "not_acquitted_punished_or_pardoned_abroad",
    }
    assert status(at_home) == "yes"
