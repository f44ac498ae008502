"""The provisions tables (logic/provisions/, one per instrument): every provision cited, our own paraphrase."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from jurisdiction.resources import logic_dir, read_yaml

MODALITIES = ("obligatory", "optional", "encouraged", "descriptive")
# A provision id as the rules write it: "OPSC art. 4(2)(a)", "CRC/C/156 para. 83".
CITATION = re.compile(
    r'"((?:OPSC art\.|CRC/C/156 para\.|OPSC reservation:|OPSC declaration:|VCLT art\.|CETS 201 art\.|ETS 185 art\.'
    r'|Dir\. 2011/93/EU art\.) [^"]+)"'
)


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


def cited_in_rules() -> dict[str, list[str]]:
    """Provision id -> the rule files that cite it."""
    found: dict[str, list[str]] = {}
    for path in sorted(logic_dir().rglob("*.lp")):
        for pid in CITATION.findall(path.read_text(encoding="utf-8")):
            found.setdefault(pid, []).append(str(path.relative_to(logic_dir())))
    return found
