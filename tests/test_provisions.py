"""Every provision the rules cite has one entry in the provisions table, and the answers cite nothing else."""

from __future__ import annotations

from jurisdiction.apps.analysis import analyse
from jurisdiction.apps.library import case_files
from jurisdiction.engine.provisions import MODALITIES, cited_in_rules, provisions
from jurisdiction.input.loader import load


def test_every_provision_cited_by_a_rule_is_in_the_table() -> None:
    missing = {pid: files for pid, files in cited_in_rules().items() if pid not in provisions()}
    assert not missing, f"add these to a table in logic/provisions/: {missing}"


def test_every_provision_a_reservation_cites_is_in_the_table() -> None:
    """The rules cite a reservation by the id the data gives it (reservations.yaml), so the data's ids are
    citations too; an unverified reservation is not sent to the rules and may cite none."""
    from jurisdiction.data.states import bundled

    acted_on = [r for r in bundled().reservations if r.verified]
    assert acted_on and all(r.provision in provisions() for r in acted_on), [r.provision for r in acted_on]
    assert all(r.provision == "" or r.provision in provisions() for r in bundled().reservations)


def test_the_regimes_listing_counts_the_provisions_the_data_gives_reservations() -> None:
    """`jurex regimes` lists every provision a regime's answers cite, a reservation's too, though no rule
    writes it: Latvia's Lanzarote declaration cites art. 25(3), the OPSC reservations their own texts."""
    from jurisdiction.engine.provisions import cited
    from jurisdiction.engine.regimes import REGIMES

    files = {r.asp: r.rule_file for r in REGIMES.values()}
    found = cited(files)
    assert files["lanzarote"] in found["CETS 201 art. 25(3)"]
    assert files["opsc"] in found["OPSC reservation: LAO, art. 5(2)"]
    assert not any("reservation" in pid or "declaration" in pid for pid in cited_in_rules())


def test_the_table_is_well_formed() -> None:
    table = provisions()
    assert len(table) >= 15
    for pid, p in table.items():
        assert p.modality in MODALITIES, pid
        assert pid.startswith(p.instrument) and pid.endswith(p.article), pid
        assert pid == f"{p.instrument} {'art. ' if p.article[0].isdigit() else ''}{p.article}" or ":" in pid, pid
        assert 20 <= len(p.paraphrase) <= 300, pid
    assert all(not p.verified for p in table.values() if p.instrument.startswith("Dir. 2011/93/EU"))


def test_the_modality_of_each_basis_matches_its_provision() -> None:
    table = provisions()
    for path in case_files():
        for j in analyse(load(path)).jurisdiction:
            assert j.provision in table
            assert all(c in table for c in j.cites)
            if j.modality != "none":
                assert table[j.provision].modality == j.modality, (path.name, j)


def test_every_route_and_duty_cites_a_known_provision_of_matching_modality() -> None:
    table = provisions()
    for path in case_files():
        analysis = analyse(load(path))
        for r in analysis.extradition:
            # a route the regime does not govern (internal law only) cites none of its provisions
            assert r.provision in table or (r.basis == "internal_law" and r.provision == ""), r
            assert all(c in table for c in r.cites)
            if r.basis != "internal_law":
                assert table[r.provision].modality == r.modality, (path.name, r)
            for o in r.obstacles:
                assert all(c in table for c in o.cites)
        for o in analysis.obligations:
            assert table[o.provision].modality == "obligatory"
        for w in analysis.warnings:
            assert w.provision in table or (w.provision == "" and not w.impunity), w  # a note cites none


def test_the_scan_finds_citations() -> None:
    cited = cited_in_rules()
    assert "OPSC art. 4(3)" in cited and "CRC/C/156 para. 87" in cited
