"""Build jurisdiction/data/opsc_parties.csv from the shared reference list (../shared/data/opsc_parties.csv).

Run once by hand when the reference list changes; the output is reviewed as data (git diff), not code.
Every value keeps the source the reference list gives for it.

    python tools/import_opsc_parties.py ../shared/data/opsc_parties.csv > jurisdiction/data/opsc_parties.csv
"""

from __future__ import annotations

import csv
import re
import sys

FIELDS = [
    "state", "name", "status", "status_as_of", "signed", "instrument", "instrument_kind",
    "entry_into_force", "source", "status_source", "remarks",
]
S6_DATE = "2022-06-13"  # world-politics-datalab snapshot of the UN Treaty Collection


def parse_notes(notes: str) -> tuple[dict[str, str], list[str]]:
    """Split the `key=value; ...` notes; keep everything that is not a plain key=value as a remark."""
    keyed: dict[str, str] = {}
    remarks: list[str] = []
    # Items are separated by "; " outside brackets and parentheses.
    depth, item, items = 0, "", []
    for ch in notes:
        depth += ch in "[("
        depth -= ch in "])"
        if ch == ";" and depth == 0:
            items.append(item.strip())
            item = ""
        else:
            item += ch
    items.append(item.strip())
    known = {"status_2022", "status_2025", "status", "instrument", "eif", "date_src", "sig_src", "status_src",
             "date_precision"}
    last = ""
    for it in filter(None, items):
        m = re.fullmatch(r"([a-z_0-9]+)=(.*)", it, flags=re.S)
        if m and m.group(1) in known:
            last = m.group(1)
            keyed[last] = m.group(2).strip()
        elif last == "date_src" and "=" not in it and ":" not in it:
            keyed[last] += "; " + it  # a second source of the same dates (e.g. the USA)
        else:
            last = ""
            remarks.append(it)
    return keyed, remarks


def convert(row: dict[str, str]) -> dict[str, str]:
    keyed, remarks = parse_notes(row["notes"])
    status, as_of = "", ""
    if "status_2025" in keyed:  # Singapore: signed 2025-11-25 (verdragen.nl as of 2025-12-04)
        status, as_of = keyed["status_2025"].split()[0], "2025-12-04"
    elif "status_2022" in keyed:
        status, as_of = keyed["status_2022"], S6_DATE
    elif keyed.get("status", "").startswith("party"):
        status = "party"
        remarks.insert(0, keyed["status"])
        if "as of 2004" in keyed["status"]:  # Holy See: in a party list published in 2004
            as_of = "2004-12-31"
    eif = keyed.get("eif", "")
    eif_date = eif.split()[0] if eif else ""
    eif_src = re.search(r"\[src (.*)\]", eif)
    source = keyed.get("date_src", "")
    if eif_src and not source:
        source = eif_src.group(1)
    if keyed.get("sig_src"):
        source = "; ".join(filter(None, [source, "signature: " + keyed["sig_src"]]))
    status_source = keyed.get("status_src", "").removeprefix("wpd=")
    if not status_source and keyed.get("status"):  # Holy See, Palestine: the source is named in the text
        found = re.search(r"(?:src )?([a-z.-]+\.(?:com|nl)/[^ ;)]*)", keyed["status"])
        status_source = found.group(1) if found else ""
    if row["ratification_or_accession_date"] and not keyed.get("date_src") and not eif_src:
        source = "; ".join(filter(None, [status_source, source]))  # the year comes with the status
    return {
        "state": row["iso3"],
        "name": row["name"],
        "status": status,
        "status_as_of": as_of,
        "signed": row["signature_date"],
        "instrument": row["ratification_or_accession_date"],
        "instrument_kind": keyed.get("instrument", ""),
        "entry_into_force": eif_date,
        "source": source,
        "status_source": status_source,
        "remarks": " | ".join(remarks),
    }


def main(path: str) -> None:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = [convert(r) for r in csv.DictReader(fh)]
    out = csv.DictWriter(sys.stdout, FIELDS, lineterminator="\n")
    out.writeheader()
    for r in sorted(rows, key=lambda r: r["state"]):
        out.writerow(r)


if __name__ == "__main__":
    main(sys.argv[1])
