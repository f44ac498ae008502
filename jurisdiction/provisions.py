"""The provisions table (logic/provisions.yaml): every provision the rules cite, with our own paraphrase."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from jurisdiction.resources import logic_dir

MODALITIES = ("obligatory", "optional", "encouraged", "descriptive")
# A provision id as the rules write it: "OPSC art. 4(2)(a)", "CRC/C/156 para. 83".
CITATION = re.compile(r'"((?:OPSC art\.|CRC/C/156 para\.|OPSC reservation:|OPSC declaration:|VCLT art\.) [^"]+)"')


@dataclass(frozen=True)
class Provision:
    id: str
    instrument: str
    article: str
    paraphrase: str
    modality: str


@cache
def provisions() -> dict[str, Provision]:
    raw = yaml.safe_load((logic_dir() / "provisions.yaml").read_text(encoding="utf-8"))
    return {pid: Provision(pid, **fields) for pid, fields in raw.items()}


def cited_in_rules() -> dict[str, list[str]]:
    """Provision id -> the rule files that cite it."""
    found: dict[str, list[str]] = {}
    for path in sorted(logic_dir().rglob("*.lp")):
        for pid in CITATION.findall(path.read_text(encoding="utf-8")):
            found.setdefault(pid, []).append(str(path.relative_to(logic_dir())))
    return found
