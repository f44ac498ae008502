"""Exercises for trainers: a handout (narrative and questions) and a separate answer key, from a bundled case
or a generated one, the same for the same seed; and the grading of a trainee's answers, question by question.

Over 400 lines because questions, files and grading share one Question model; the class report and the
handout rework (Step 13) are where it splits."""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from jurisdiction import words
from jurisdiction.apps.analysis import analyse
from jurisdiction.apps.library import library
from jurisdiction.errors import CaseError, Problem, dotted, nearest
from jurisdiction.findings.types import Analysis
from jurisdiction.input.loader import load
from jurisdiction.input.model import Case
from jurisdiction.input.reader import Kind, parse, read_text

KEY_FILE = "exercise.yaml"
LEVELS = {
    1: ("must", "may"),
    2: ("must", "may", "extradite_basis", "obstacles"),
    3: ("must", "may", "extradite_basis", "obstacles", "prosecute", "impunity"),
}
TOPIC_QUESTIONS = {"extradition": ("extradite_basis", "obstacles", "prosecute")}


@dataclass
class Question:
    id: str
    kind: str
    text: str
    expected: list[str]  # the answer: state codes, route bases, obstacle names, yes/no
    accepted: list[str] = field(default_factory=list)  # also right, not required (e.g. "must, if ...")
    explanation: dict[str, str] = field(default_factory=dict)  # item -> why it is the answer
    wrong: dict[str, str] = field(default_factory=dict)  # a likely wrong item -> why it is not

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "expected": self.expected,
            "accepted": self.accepted,
            "explanation": self.explanation,
            "wrong": self.wrong,
        }


@dataclass
class Exercise:
    seed: int
    level: int
    case_file: str
    case: Case
    questions: list[Question]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "jurex/exercise-v1",
            "seed": self.seed,
            "level": self.level,
            "case": self.case.id,
            "case_file": self.case_file,
            "questions": [q.to_dict() for q in self.questions],
        }


def _reason(j: Any) -> str:
    cond = f", only {' and '.join(j.conditions).replace('_', ' ')}" if j.conditions else ""
    return f"{j.basis} ({j.provision}{cond})"


def _questions(analysis: Analysis, kinds: tuple[str, ...], rng: random.Random) -> list[Question]:
    case = analysis.case
    offences = [o for o in case.offences if any(j.offence == o.id for j in analysis.jurisdiction)] or case.offences
    offence = rng.choice(sorted(offences, key=lambda o: o.id))
    person = rng.choice(sorted(r.person for r in offence.offenders))
    rows = [j for j in analysis.jurisdiction if j.offence == offence.id and j.person == person and j.state != "*"]
    out: list[Question] = []

    def add(
        kind: str,
        text: str,
        expected: list[str],
        accepted: list[str],
        why: dict[str, str],
        wrong: dict[str, str] | None = None,
    ) -> None:
        wrong = dict(wrong or {})
        if not expected:
            expected, why = ["none"], {"none": "no state in this case", **why}
        else:
            wrong.setdefault("none", "there is an answer: " + ", ".join(sorted(set(expected))))
        out.append(Question(f"q{len(out) + 1}", kind, text, sorted(set(expected)), sorted(set(accepted)), why, wrong))

    def bases_of(state: str) -> str:
        return "; ".join(f"{j.basis}: {j.modality} ({j.provision})" for j in rows if j.state == state)

    linked = {j.state for j in rows}

    if "must" in kinds:
        must = {j.state for j in rows if j.modality == "obligatory" and not j.conditions}
        maybe = {j.state for j in rows if j.modality == "obligatory" and j.conditions} - must
        why = {}
        for s in sorted(must | maybe):
            why[s] = "; ".join(_reason(j) for j in rows if j.state == s and j.modality == "obligatory")
        add(
            "must",
            f"Which states must establish jurisdiction over {offence.id} as to {person} under the OPSC? "
            "List their codes, or none.",
            sorted(must),
            sorted(maybe),
            why,
            {s: f"no duty: {bases_of(s)}" for s in sorted(linked - must - maybe)},
        )
    if "may" in kinds:
        may = {j.state for j in rows if j.modality == "optional"}
        add(
            "may",
            f"Which states may (but need not) establish jurisdiction over {offence.id} as to {person}?",
            sorted(may),
            [],
            {s: "; ".join(_reason(j) for j in rows if j.state == s and j.modality == "optional") for s in sorted(may)},
            {s: f"not merely may: {bases_of(s)}" for s in sorted(linked - may)},
        )
    routes = [r for r in analysis.extradition if r.person == person and r.offence == offence.id]
    if routes and ("extradite_basis" in kinds or "obstacles" in kinds or "prosecute" in kinds):
        keys = sorted({(r.requesting, r.requested) for r in routes})
        requests = [k for k in keys if any(r.trigger == "request" for r in routes if (r.requesting, r.requested) == k)]
        requesting, requested = rng.choice(requests or keys)
        mine = [r for r in routes if (r.requesting, r.requested) == (requesting, requested)]
        if "extradite_basis" in kinds:
            firm = [r for r in mine if not r.conditions]
            add(
                "extradite_basis",
                f"Can {requesting} ask {requested} to extradite {person}, and on what legal basis? "
                "Name the basis (bilateral_treaty, convention_legal_basis, recognised_extraditable, "
                "or internal_law).",
                [r.basis for r in firm],
                [r.basis for r in mine if r.conditions],
                {
                    r.basis: f"{r.provision}" + (f", only {' and '.join(r.conditions)}" if r.conditions else "")
                    for r in mine
                },
                {
                    "bilateral_treaty": "no bilateral extradition treaty between them is known",
                    "internal_law": words.NO_CONVENTION_BAR,
                },
            )
        if "obstacles" in kinds:
            # One answer per kind of obstacle (ne_bis_in_idem may rest on several judgments): a firm one first.
            obstacles = {o.obstacle: o for r in mine for o in sorted(r.obstacles, key=lambda o: -len(o.conditions))}
            firm = [k for k, o in obstacles.items() if not o.conditions]
            add(
                "obstacles",
                f"What may {requested} object to that request? Name the obstacles (nationality, "
                "double_criminality, secondary_role, not_party, ne_bis_in_idem, place_of_offence, "
                "diplomatic_immunity), or none.",
                firm or ["none"],
                [k for k, o in obstacles.items() if o.conditions],
                {
                    k: "; ".join(words.premise(b, analysis.regime.instrument) for b in o.because) or "see the analysis"
                    for k, o in obstacles.items()
                },
                {
                    "nationality": f"{person} is not a national of {requested}",
                    "not_party": words.BOTH_PARTIES,
                    "secondary_role": f"{person} is charged as a perpetrator",
                },
            )
        if "prosecute" in kinds:
            duties = [
                o
                for o in analysis.obligations
                if o.person == person
                and o.requesting == requesting
                and o.state == requested
                and o.duty == "prosecute_if_not_extradited"
            ]
            # A duty already discharged (the state tried the person itself) is not one it still must perform.
            owed = [o for o in duties if not o.discharged]
            instrument = analysis.regime.instrument
            done = "; ".join(
                words.discharged([words.premise(b, instrument) for b in o.discharged_by])
                for o in duties
                if o.discharged
            )
            add(
                "prosecute",
                f"If {requested} refuses, must any state submit the case for prosecution? Name it, or none.",
                [o.state for o in owed if not o.conditions] or ["none"],
                [o.state for o in owed if o.conditions],
                {
                    o.state: f"{o.provision}" + (f", only {' and '.join(o.conditions)}" if o.conditions else "")
                    for o in owed
                }
                or {"none": done or words.NO_NATIONALITY_REFUSAL},
                {requested: done or words.ONLY_NATIONALITY_REFUSAL},
            )
    if "impunity" in kinds:
        gaps = [w for w in analysis.warnings if w.impunity and person in w.subject]
        verdict = "yes" if gaps else "no"
        reason = "; ".join(w.message for w in gaps) or "some state must act, and the offender is within its reach"
        add(
            "impunity",
            f"Does impunity threaten for {person}? Answer yes or no.",
            [verdict],
            [],
            {verdict: reason},
            {"no" if gaps else "yes": reason},
        )
    return out


def new(seed: int = 0, level: int = 1, topic: str | None = None, case_id: str | None = None) -> Exercise:
    """An exercise from the library: the same seed, level and topic always give the same exercise."""
    if level not in LEVELS:
        raise CaseError("--level", [Problem(str(level), "no such level", "use 1, 2 or 3")])
    rng = random.Random(seed)
    entries = sorted(library(), key=lambda e: e.id)
    if case_id:
        chosen = [e for e in entries if e.id == case_id]
        if not chosen:
            raise CaseError(
                "--case",
                [
                    Problem(
                        case_id,
                        "no bundled case with this id",
                        nearest(case_id, {e.id for e in entries}, "see `jurex cases`"),
                    )
                ],
            )
    else:
        chosen = [e for e in entries if topic is None or topic in e.topics]
        if not chosen:
            topics = sorted({t for e in entries for t in e.topics})
            raise CaseError("--topic", [Problem(str(topic), "no case on this topic", "one of: " + ", ".join(topics))])
    kinds = LEVELS[level]
    if topic in TOPIC_QUESTIONS:
        kinds = tuple(dict.fromkeys((*kinds, *TOPIC_QUESTIONS[topic])))
        # an extradition exercise needs a case with an extradition route
        with_routes = [e for e in chosen if analyse(load(e.path)).extradition]
        chosen = with_routes or chosen
    entry = rng.choice(chosen)
    case = load(entry.path)
    return Exercise(seed, level, entry.path.name, case, _questions(analyse(case), kinds, rng))


# --- Writing the handout and the key


def _facts_md(case: Case) -> list[str]:
    lines = ["| Person | Nationality | Habitual residence | Now in | Age |", "|---|---|---|---|---|"]
    for pid, p in case.people.items():
        lines.append(
            f"| {pid}{' (legal person)' if p.kind == 'legal' else ''} | {', '.join(p.nationality) or '—'} | "
            f"{p.habitual_residence or '—'} | {p.present_in or '—'} | {p.age if p.age is not None else '—'} |"
        )
    lines += ["", "| Offence | Category | What was done, by whom, where |", "|---|---|---|"]
    for o in case.offences:
        acts = "; ".join(
            f"{a.what or 'act'}{' by ' + a.by if a.by else ''}, "
            f"{a.in_ if isinstance(a.in_, str) else a.in_.model_dump(exclude_defaults=True)}"
            f"{' (result)' if a.element == 'result' else ''}"
            for a in o.acts
        )
        roles = ", ".join(f"{r.person} ({r.role})" for r in o.offenders)
        lines.append(f"| {o.id} | {o.category} | {acts}. Offenders: {roles}. |")
    if case.requests:
        lines += ["", "Requests: " + "; ".join(f"{r.by} asked {r.to} to extradite {r.person}" for r in case.requests)]
    if case.extradition_treaties:
        lines += ["", "Bilateral extradition treaties: " + "; ".join(f"{a}–{b}" for a, b in case.extradition_treaties)]
    return lines


def handout_md(ex: Exercise) -> str:
    # The handout gives the facts only: the library's narratives also discuss the law, which would give answers away.
    lines = [
        f"# Exercise: {ex.case.title}",
        "",
        f"Level {ex.level} · seed {ex.seed} · conduct on {ex.case.date.isoformat()}",
        "",
        "## Facts",
        "",
        *_facts_md(ex.case),
        "",
        "## Questions",
        "",
    ]
    for q in ex.questions:
        lines.append(f"**{q.id}.** {q.text}")
        lines.append("")
    lines += [
        "Answer in a YAML file, one line per question, e.g. `q1: [GBR, PHL]` or `q5: yes`, then run "
        "`jurex exercise check <this folder> answers.yaml`.",
        "",
    ]
    return "\n".join(lines)


def answers_md(ex: Exercise) -> str:
    lines = [
        f"# Answer key: {ex.case.title}",
        "",
        f"Level {ex.level} · seed {ex.seed} · case {ex.case.id}",
        "",
        " ".join((ex.case.narrative or "").split()),
        "",
    ]
    for q in ex.questions:
        lines.append(f"**{q.id}.** {q.text}")
        lines.append("")
        lines.append(
            f"Answer: **{', '.join(q.expected) or 'none'}**"
            + (f" (also right: {', '.join(q.accepted)}, under a condition)" if q.accepted else "")
        )
        for item, why in q.explanation.items():
            lines.append(f"- {item}: {why}")
        lines.append("")
    lines.append(
        f"The full analysis: `jurex analyse {ex.case.id}`; the reasons state by state: "
        f"`jurex explain {ex.case.id} --state XXX`."
    )
    return "\n".join(lines) + "\n"


def _page(title: str, markdown: str) -> str:
    """A plain, self-contained HTML page for a handout written in simple Markdown."""
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark").enable("table").render(markdown)
    style = (
        "body{font:15px/1.5 system-ui,sans-serif;max-width:900px;margin:2em auto;padding:0 1em}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .5em}"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{style}</style></head><body>\n{body}</body></html>\n"
    )


def write(ex: Exercise, folder: Path) -> list[Path]:
    from jurisdiction.apps.output import write_atomically

    folder.mkdir(parents=True, exist_ok=True)
    handout, key = handout_md(ex), answers_md(ex)
    template = "\n".join(f"{q.id}: " for q in ex.questions) + "\n"
    files = {
        "handout.md": handout,
        "handout.html": _page(f"Exercise: {ex.case.title}", handout),
        "answers.md": key,
        "answers.html": _page(f"Answer key: {ex.case.title}", key),
        KEY_FILE: yaml.safe_dump(ex.to_dict(), sort_keys=False, allow_unicode=True, width=110),
        "answers-template.yaml": template,
    }
    for name, text in files.items():
        write_atomically(folder / name, text)
    return [folder / n for n in files]


# --- Grading


@dataclass
class Mark:
    question: str
    points: int
    out_of: int
    reasons: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "points": self.points, "out_of": self.out_of, "reasons": self.reasons}


def _items(value: Any) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, bool):
        return {"yes" if value else "no"}
    if isinstance(value, str):
        return {v.strip() for v in value.replace(",", " ").split() if v.strip()}
    if isinstance(value, list):
        return {str(v).strip() for v in value}
    return {str(value)}


ANSWERS = Kind(
    name="an answers file",
    where="in the answers file",
    empty_fix="write one line per question, e.g. q1: [GBR, PHL]",
    aliases_fix="write each answer out, without anchors and aliases: e.g. q1: [GBR, PHL]",
    too_big_fix="check that this is a trainee's answers file: one line per question, e.g. q1: [GBR, PHL]",
    suffix_fix="name the trainee's answers file (YAML), e.g. answers.yaml",
)
EXERCISE_KEY = Kind(
    name="an exercise key",
    where="in the exercise key",
    empty_fix="write the exercise again with `jurex exercise new`",
    aliases_fix="write the exercise again with `jurex exercise new`",
    too_big_fix="name the folder `jurex exercise new` wrote",
    suffix_fix=f"name the folder `jurex exercise new` wrote, with its {KEY_FILE}",
)
ANSWER_FIX = "write one line per question: codes (q1: [GBR, PHL]), none, or yes/no"
KEY_FIX = "write the exercise again with `jurex exercise new` (or restore this field)"


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _read_key(folder: Path) -> list[dict[str, Any]]:
    """The questions of the exercise key, read within the case files' bounds and checked field by field."""
    key_path = folder / KEY_FILE
    if folder.is_dir() and not key_path.exists():
        raise CaseError(str(folder), [Problem("", f"no {KEY_FILE} here", "name the folder `jurex exercise new` wrote")])
    file = str(key_path)
    key, tree = parse(read_text(key_path, EXERCISE_KEY), file, EXERCISE_KEY)
    questions = key.get("questions") if isinstance(key, dict) else None
    if not isinstance(questions, list) or not questions:
        where = ("questions",) if isinstance(key, dict) else ()
        raise CaseError(
            file, [Problem(dotted(where), "no list of questions", KEY_FIX, tree.line(where))], EXERCISE_KEY.where
        )
    problems = []
    for i, q in enumerate(questions):
        here: tuple[Any, ...] = ("questions", i)
        if not isinstance(q, dict):
            problems.append(Problem(dotted(here), "a question is a mapping of fields", KEY_FIX, tree.line(here)))
            continue
        shapes = {"id": str, "expected": list, "accepted": list, "explanation": dict, "wrong": dict}
        for name, kind in shapes.items():
            value = q.get(name, {} if name == "wrong" else None)
            if not isinstance(value, kind):
                what = {str: "text", list: "a list", dict: "a mapping"}[kind]
                problems.append(Problem(dotted((*here, name)), f"missing, or not {what}", KEY_FIX, tree.line(here)))
            elif (kind is list and not all(isinstance(v, str) for v in value)) or (
                kind is dict and not all(isinstance(v, str) for v in value.values())
            ):
                problems.append(
                    Problem(dotted((*here, name)), "holds something other than text", KEY_FIX, tree.line((*here, name)))
                )
    if problems:
        raise CaseError(file, problems, EXERCISE_KEY.where)
    return questions


def _read_answers(answers_file: Path, ids: list[str]) -> dict[str, Any]:
    """The trainee's answers, read within the case files' bounds: a mapping of question ids to answers."""
    file = str(answers_file)
    given, tree = parse(read_text(answers_file, ANSWERS), file, ANSWERS)
    if not isinstance(given, dict):
        raise CaseError(
            file, [Problem("", "the answers are not a mapping", "write e.g. q1: [GBR, PHL]")], ANSWERS.where
        )
    problems = []
    for qid, answer in given.items():  # the reader gives every key as text: `1:` is "1", never a number
        if qid not in ids:
            fix = nearest(qid, ids, "answer " + ", ".join(ids))
            problems.append(Problem(qid, "no such question", fix, tree.line((qid,))))
        elif not (_scalar(answer) or (isinstance(answer, list) and all(_scalar(v) for v in answer))):
            problems.append(
                Problem(qid, "an answer is a list of codes, none, or yes/no", ANSWER_FIX, tree.line((qid,)))
            )
    if problems:
        raise CaseError(file, problems, ANSWERS.where)
    return given


def check(folder: Path, answers_file: Path) -> list[Mark]:
    """Grade a trainee's answers: 2 points a question, with the reason for every point lost. Both the key and the
    answers are read as case files are (input.reader: bounded bytes and values, UTF-8, keys as text)."""
    questions = _read_key(folder)
    given = _read_answers(answers_file, [q["id"] for q in questions])
    marks = []
    for q in questions:
        expected, accepted = set(q["expected"]), set(q["accepted"])
        answer = _items(given.get(q["id"])) or {"none"}
        missing, extra = expected - answer, answer - expected - accepted
        reasons = [f"missing {m}: {q['explanation'].get(m, 'see the answer key')}" for m in sorted(missing)]
        reasons += [
            f"not {e}: " + (q.get("wrong", {}).get(e) or q["explanation"].get(e) or "not the answer here")
            for e in sorted(extra)
        ]
        points = 2 if not missing and not extra else (1 if len(missing) + len(extra) == 1 and answer else 0)
        if q["id"] not in given:
            reasons = ["not answered"]
            points = 0
        marks.append(Mark(q["id"], points, 2, reasons))
    return marks
