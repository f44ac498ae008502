"""The names Python must know: the enumerations of logic/vocabulary.lp, in the order a reader expects.

The rules are the home of these names; this module only mirrors them so that Python can sort, check and
name things without running clingo, and tests/test_vocabulary.py fails the moment the two disagree.
"""

from __future__ import annotations

SCHEMA = "jurex/v2"  # the case-file and answer schema this version writes
SCHEMAS_READ = ("jurex/v1", "jurex/v2")  # the case-file schemas it reads (input/model.py: what v2 added)

# Bases of jurisdiction (jurisdiction/7), in the order of OPSC art. 4 and CRC/C/156 section VII.
BASES = (
    "territory",
    "flag_ship",
    "flag_aircraft",
    "offender_nationality",
    "offender_residence",
    "victim_nationality",
    "victim_residence",
    "presence_no_extradition",
    "universal",
)
# Bases a state's own law may make depend on double criminality (double_criminality_for_extraterritorial/2).
EXTRATERRITORIAL_BASES = ("offender_nationality", "offender_residence", "victim_nationality", "victim_residence")
# Legal bases of an extradition route (route/8).
ROUTE_BASES = ("bilateral_treaty", "convention_legal_basis", "recognised_extraditable", "internal_law")
# Obstacles to a route (obstacle/6), in the order a requested state's counsel would raise them.
OBSTACLES = (
    "not_party",
    "diplomatic_immunity",
    "no_basis_in_requesting_state",
    "nationality",
    "double_criminality",
    "secondary_role",
    "ne_bis_in_idem",
    "place_of_offence",
)
# The regimes other than the OPSC whose party status the data give (listed_regime/1, regimes/common.lp), as the
# rules name them; the EU Directive's data are its member states.
LISTED_REGIMES = ("lanzarote", "budapest", "eu_2011_93")
EU_REGIME = "eu_2011_93"
# Duties of aut dedere aut judicare (obligation/8).
DUTIES = ("establish_jurisdiction", "prosecute_if_not_extradited")
# Modalities of a conclusion, strongest first (modality_rank/2: the rank is the rules' own).
MODALITIES = ("obligatory", "optional", "encouraged", "none")
# Roles of an offender (art. 3(2) and its counterparts): the first is the offence itself.
ROLES = ("perpetration", "attempt", "instigation", "complicity", "participation")
# Party status of a state under a regime at a date (party_status/3).
PARTY_STATUSES = ("party", "not_party", "uncertain", "unknown")
# What makes a route or duty: an actual request, or one that could be made.
TRIGGERS = ("request", "hypothetical")
# The outcome of a prior judgment (judgment_outcome_value/1): the case's, or not_stated where it gives none.
JUDGMENT_OUTCOMES = ("conviction", "acquittal", "not_stated")

ANY_STATE = "*"  # the subject of a conclusion addressed to every state alike (universal jurisdiction)
CASE_SOURCE = "case assume:"  # the source of a value the case itself assumes


def rank(modality: str) -> int:
    """How strong a modality is: higher is stronger (the order of MODALITIES; anything else ranks lowest)."""
    return len(MODALITIES) - MODALITIES.index(modality) if modality in MODALITIES else 0
