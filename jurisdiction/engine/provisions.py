"""The provisions tables (logic/provisions/, one per instrument): every provision cited, our own paraphrase."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from jurisdiction.resources import logic_dir, read_yaml

MODALITIES = ("obligatory", "optional", "encouraged", "descriptive")  # of a provision (not of a conclusion)
@dataclass(frozen=True)
class Provision:
    id: str
    instrument: str
    article: str
    paraphrase: str
    modality: str
    verified: bool = True
    table: str = ""  # the file it comes from: one table per instrument (logic/provisions/)


@cache
def provisions() -> dict[str, Provision]:
    out: dict[str, Provision] = {}
    for path in sorted((logic_dir() / "provisions").glob("*.yaml")):
        for pid, fields in (read_yaml(path.read_text(encoding="utf-8")) or {}).items():
            if pid in out:
                raise ValueError(f"{pid!r} is in both {out[pid].table} and {path.name}")
            out[pid] = Provision(pid, **fields, table=path.name)
    return out


def instruments() -> tuple[str, ...]:
    """How each instrument's provision ids begin (OPSC art., CRC/C/156 para., OPSC reservation:), derived from
    the tables: the words up to the first unit of citation (art., para.) or colon."""
    found = set()
    for pid in provisions():
        head = re.match(r"(.*?(?:\bart\.|\barts\.|\bpara\.|\bparas\.|:))", pid)
        found.add(head.group(1) if head else pid.split(" ")[0])
    return tuple(sorted(found, key=len, reverse=True))


@cache
def citation() -> re.Pattern[str]:
    """A provision id as the rules write it, a quoted string beginning as one of the instruments' ids."""
    return re.compile('"((?:' + "|".join(re.escape(i) for i in instruments()) + ') [^"]+)"')


def cited_in_rules() -> dict[str, list[str]]:
    """Provision id -> the rule files that cite it."""
    found: dict[str, list[str]] = {}
    for path in sorted(logic_dir().rglob("*.lp")):
        for pid in citation().findall(path.read_text(encoding="utf-8")):
            found.setdefault(pid, []).append(str(path.relative_to(logic_dir())))
    return found


def cited(rule_files: Mapping[str, str]) -> dict[str, list[str]]:
    """Provision id -> the rule files that cite it: the rules' own text, and the provision each verified
    reservation in the data gives the conclusions it changes (the rules join on it, naming no state), counted
    for the rule file of the regime it is made to (`rule_files`: regime constant -> rule file)."""
    from jurisdiction.data.states import bundled

    found = cited_in_rules()
    for r in bundled().reservations:
        if r.verified and r.regime in rule_files:
            files = found.setdefault(r.provision, [])
            if rule_files[r.regime] not in files:
                files.append(rule_files[r.regime])
    return found


def cited_by_regimes() -> dict[str, list[str]]:
    """`cited` for every regime: what `jurex regimes` lists, and the API's regimes and provisions."""
    from jurisdiction.engine.regimes import REGIMES

    return cited({r.asp: r.rule_file for r in REGIMES.values()})
