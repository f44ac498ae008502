"""Exercises for trainers: a handout (narrative and questions) and a separate answer key, from a bundled case
or a generated one, the same for the same seed; and the grading of a trainee's answers, question by question.

Over 400 lines because questions, files and grading share one Question model; the class report and the
handout rework (Step 13) are where it splits."""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from jurisdiction import words
from jurisdiction.apps.analysis import analyse
from jurisdiction.apps.exercise_facts import STATE_KEYS, cited, handout_facts, state
from jurisdiction.apps.library import library
from jurisdiction.errors import CaseError, Problem, dotted, nearest
from jurisdiction.findings.types import Analysis
from jurisdiction.input.countries import alpha_2, is_state_code, states_named
from jurisdiction.input.loader import load
from jurisdiction.input.model import Case
from jurisdiction.input.reader import Kind, parse, read_text
from jurisdiction.vocabulary import OBSTACLES, ROUTE_BASES

if TYPE_CHECKING:
    from jurisdiction.apps.exercise_vary import Change

KEY_FILE = "exercise.yaml"
LEVELS = {
    1: ("must", "may"),
    2: ("must", "may", "extradite_basis", "obstacles"),
    3: ("must", "may", "extradite_basis", "obstacles", "prosecute", "impunity"),
}
STATE_QUESTIONS = ("must", "may", "prosecute")  # questions answered with states
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
    cites: dict[str, list[str]] = field(default_factory=dict)  # item -> the handout facts its reason rests on
    otherwise: str = ""  # why any other item is wrong

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "expected": self.expected,
            "accepted": self.accepted,
            "explanation": self.explanation,
            "wrong": self.wrong,
            "cites": self.cites,
            "otherwise": self.otherwise,
        }


@dataclass
class Exercise:
    seed: int
    level: int
    case_file: str
    case: Case
    questions: list[Question]
    analysis: Analysis
    change: Change | None = None  # the fact changed from the library's case, if any

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "jurex/exercise-v1",
            "seed": self.seed,
            "level": self.level,
            "case": self.case.id,
            "case_file": self.case_file,
            "changed": self.change.text(state) if self.change else None,
            "questions": [q.to_dict() for q in self.questions],
        }


def _conditions(conditions: tuple[str, ...], instrument: str) -> str:
    """A conclusion's conditions in words, the states named ("if the Lao PDR (LAO) needs a treaty...")."""
    named = [f"{state(c.partition(':')[0])}:{c.partition(':')[2]}" if ":" in c else c for c in conditions]
    return words.conditions(named, instrument)


def _reason(j: Any, instrument: str) -> str:
    cond = f", {_conditions(j.conditions, instrument)}" if j.conditions else ""
    return f"{words.basis(j.basis)} ({j.provision}{cond})"


Draw = tuple[str, str, tuple[str, str] | None]  # offence, person, and the (requesting, requested) pair asked of


def _draws(analysis: Analysis) -> list[Draw]:
    """Every offence, offender and request the questions could be about, in a fixed order: a request made
    before a possible one, as a trainer would ask."""
    case = analysis.case
    offences = [o for o in case.offences if any(j.offence == o.id for j in analysis.jurisdiction)] or case.offences
    out: list[Draw] = []
    for offence in sorted(offences, key=lambda o: o.id):
        for person in sorted({r.person for r in offence.offenders}):
            routes = [r for r in analysis.extradition if r.person == person and r.offence == offence.id]
            keys = sorted({(r.requesting, r.requested) for r in routes})
            made = [k for k in keys if any(r.trigger == "request" and (r.requesting, r.requested) == k for r in routes)]
            out += [(offence.id, person, k) for k in made or keys] or [(offence.id, person, None)]
    return out


def _answered(questions: list[Question]) -> bool:
    """Every question has an answer, and a reason in the key for each item of it (none included)."""
    return all(q.expected and all(q.explanation.get(i) for i in q.expected) for q in questions)


def asked(analysis: Analysis, kinds: tuple[str, ...]) -> list[list[Question]]:
    """The questions of each draw that asks the most of `kinds` (a question with no answer the key can give a
    reason for is not asked: an extradition question where no route stands without a condition)."""
    drawn = [_ask(analysis, kinds, d) for d in _draws(analysis)]
    most = max(len(qs) for qs in drawn)
    return [qs for qs in drawn if len(qs) == most]


def _questions(analysis: Analysis, kinds: tuple[str, ...], rng: random.Random) -> list[Question]:
    # Drawn among the draws that ask the most: the same seed makes the same choice.
    return rng.choice(asked(analysis, kinds))


def _ask(analysis: Analysis, kinds: tuple[str, ...], draw: Draw) -> list[Question]:
    instrument = analysis.regime.instrument
    offence_id, person, pair_asked = draw
    offence = next(o for o in analysis.case.offences if o.id == offence_id)
    rows = [j for j in analysis.jurisdiction if j.offence == offence.id and j.person == person and j.state != "*"]
    out: list[Question] = []

    def add(
        kind: str,
        text: str,
        expected: list[str],
        accepted: list[str],
        why: dict[str, str],
        wrong: dict[str, str] | None = None,
        cites: dict[str, list[str]] | None = None,
        otherwise: str = "",
        none_why: str | None = words.EXERCISE_NO_STATE,
    ) -> None:
        wrong = dict(wrong or {})
        if not expected:
            if not none_why:  # "none" would be no answer the key can give a reason for: not asked
                return
            expected, why = ["none"], {"none": none_why, **why}
        else:
            answer = ", ".join(answer_words(kind, sorted(set(expected))))
            wrong.setdefault("none", words.EXERCISE_THERE_IS.format(answer=answer))
        q = Question(f"q{len(out) + 1}", kind, text, sorted(set(expected)), sorted(set(accepted)), why, wrong)
        q.cites = {k: v for k, v in (cites or {}).items() if v}
        q.otherwise = otherwise
        out.append(q)

    def bases_of(s: str) -> str:
        return "; ".join(
            f"{words.basis(j.basis)}: {words.modality(j.modality)} ({j.provision})" for j in rows if j.state == s
        )

    def cites_of(found: list[Any]) -> list[str]:
        return cited([b for f in found for b in f.because], analysis)

    linked = {j.state for j in rows}
    about = {"offence": offence.id, "person": person}

    if "must" in kinds:
        must = {j.state for j in rows if j.modality == "obligatory" and not j.conditions}
        maybe = {j.state for j in rows if j.modality == "obligatory" and j.conditions} - must
        duty = {s: [j for j in rows if j.state == s and j.modality == "obligatory"] for s in sorted(must | maybe)}
        add(
            "must",
            words.EXERCISE_QUESTION["must"].format(**about, instrument=instrument),
            sorted(must),
            sorted(maybe),
            {s: "; ".join(_reason(j, instrument) for j in js) for s, js in duty.items()},
            {s: words.EXERCISE_NO_DUTY.format(bases=bases_of(s)) for s in sorted(linked - must - maybe)},
            {s: cites_of(js) for s, js in duty.items()},
            words.EXERCISE_NO_LINK.format(**about),
        )
    if "may" in kinds:
        may = {s: [j for j in rows if j.state == s and j.modality == "optional"] for s in sorted(linked)}
        may = {s: js for s, js in may.items() if js}
        add(
            "may",
            words.EXERCISE_QUESTION["may"].format(**about, instrument=instrument),
            sorted(may),
            [],
            {s: "; ".join(_reason(j, instrument) for j in js) for s, js in may.items()},
            {s: words.EXERCISE_NOT_MERELY_MAY.format(bases=bases_of(s)) for s in sorted(linked - set(may))},
            {s: cites_of(js) for s, js in may.items()},
            words.EXERCISE_NO_LINK.format(**about),
        )
    routes = [r for r in analysis.extradition if r.person == person and r.offence == offence.id]
    if pair_asked and ("extradite_basis" in kinds or "obstacles" in kinds or "prosecute" in kinds):
        requesting, requested = pair_asked
        mine = [r for r in routes if (r.requesting, r.requested) == (requesting, requested)]
        pair = {"requesting": state(requesting), "requested": state(requested), "person": person}
        if "extradite_basis" in kinds:
            firm = [r for r in mine if not r.conditions]
            add(
                "extradite_basis",
                words.EXERCISE_QUESTION["extradite_basis"].format(
                    **pair, options=", ".join(b.replace("_", " ") for b in ROUTE_BASES)
                ),
                # where no route stands without a condition, the analysis shows one under each alternative
                # (the requested state needs a treaty, or not): the answer is each, with its condition
                [r.basis for r in firm or mine],
                [r.basis for r in mine if r.conditions and firm],
                {
                    r.basis: f"{words.route(r.basis)}, {r.provision or words.NO_PROVISION}"
                    + (f", {_conditions(r.conditions, instrument)}" if r.conditions else "")
                    for r in mine
                },
                {
                    "bilateral_treaty": words.EXERCISE_NO_TREATY,
                    "internal_law": words.NO_CONVENTION_BAR,
                },
                {r.basis: cites_of([r]) for r in mine},
                words.EXERCISE_NO_ROUTE.format(
                    **pair, found=", ".join(words.route(r.basis) for r in mine) or words.EXERCISE_NOTHING
                ),
                none_why=None,  # the pair is drawn from its routes: "none" is never the answer
            )
        if "obstacles" in kinds:
            # One answer per kind of obstacle (ne_bis_in_idem may rest on several judgments): a firm one first.
            obstacles = {o.obstacle: o for r in mine for o in sorted(r.obstacles, key=lambda o: -len(o.conditions))}
            firm = [k for k, o in obstacles.items() if not o.conditions]
            possible = [k for k, o in obstacles.items() if o.conditions]
            add(
                "obstacles",
                words.EXERCISE_QUESTION["obstacles"].format(
                    **pair, options=", ".join(o.replace("_", " ") for o in OBSTACLES)
                ),
                firm,
                possible,
                {
                    k: "; ".join(sentence_of(b, analysis) for b in o.because) or words.EXERCISE_SEE_ANALYSIS
                    for k, o in obstacles.items()
                },
                {
                    "nationality": words.EXERCISE_NOT_NATIONAL.format(person=person, state=state(requested)),
                    "not_party": words.BOTH_PARTIES,
                    "secondary_role": words.EXERCISE_PERPETRATOR.format(person=person),
                },
                {k: cites_of([o]) for k, o in obstacles.items()},
                words.EXERCISE_NO_OBSTACLE.format(
                    **pair, found=", ".join(k.replace("_", " ") for k in obstacles) or words.EXERCISE_NOTHING
                ),
                words.EXERCISE_NO_FIRM.format(items=", ".join(answer_words("obstacles", possible)))
                if possible
                else words.EXERCISE_NO_OBSTACLE_AT_ALL.format(**pair),
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
            done = "; ".join(
                words.discharged([sentence_of(b, analysis) for b in o.discharged_by]) for o in duties if o.discharged
            )
            possible = sorted({o.state for o in owed if o.conditions})
            add(
                "prosecute",
                words.EXERCISE_QUESTION["prosecute"].format(**pair),
                [o.state for o in owed if not o.conditions],
                possible,
                {
                    o.state: f"{o.provision}" + (f", {_conditions(o.conditions, instrument)}" if o.conditions else "")
                    for o in owed
                },
                {requested: done or words.ONLY_NATIONALITY_REFUSAL},
                {o.state: cites_of([o]) for o in owed}
                | {"none": cited([b for o in duties for b in o.discharged_by], analysis)},
                words.EXERCISE_NO_OTHER_DUTY.format(**pair),
                done
                or (
                    words.EXERCISE_NO_FIRM.format(items=", ".join(answer_words("prosecute", possible)))
                    if possible
                    else words.NO_NATIONALITY_REFUSAL
                ),
            )
    if "impunity" in kinds:
        gaps = [w for w in analysis.warnings if w.impunity and person in w.subject]
        verdict = "yes" if gaps else "no"
        reason = "; ".join(w.message for w in gaps) or words.EXERCISE_NO_IMPUNITY
        add(
            "impunity",
            words.EXERCISE_QUESTION["impunity"].format(person=person),
            [verdict],
            [],
            {verdict: reason},
            {"no" if gaps else "yes": reason},
        )
    return out


def sentence_of(p: dict[str, Any], analysis: Analysis) -> str:
    """A premise in words, its states named as the handout names them."""
    named = {k: (state(v) if k in STATE_KEYS and isinstance(v, str) else v) for k, v in p.items()}
    return words.premise(named, analysis.regime.instrument)


def _asks_all(analysis: Analysis, kinds: tuple[str, ...]) -> bool:
    """Some draw of the case asks every question of `kinds`, each with an answer and its reason."""
    return any(len(qs) == len(kinds) and _answered(qs) for qs in asked(analysis, kinds))


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
        # an extradition exercise needs a case where some draw asks every question, each with an answer
        complete = [e for e in chosen if _asks_all(analyse(load(e.path)), kinds)]
        chosen = complete or chosen
    # Each case of the topic once before any twice (seeds 0..n-1 in a shuffled order), then the same cases with
    # one fact changed: six seeds on a topic of four cases give six exercises.
    order = random.Random(f"{topic}:{case_id}").sample(chosen, len(chosen))
    entry = order[seed % len(order)]
    case, change = load(entry.path), None
    analysis = analyse(case)
    if seed >= len(order):
        from jurisdiction.apps.exercise_vary import varied

        other, change = varied(entry.path, rng)
        other_analysis = analyse(other)
        # a change that takes away what the topic asks about (an extradition route) is not made
        if change is not None and (topic not in TOPIC_QUESTIONS or _asks_all(other_analysis, kinds)):
            case, analysis = other, other_analysis
        else:
            change = None
    exercise = Exercise(seed, level, entry.path.name, case, _questions(analysis, kinds, rng), analysis)
    exercise.change = change
    return exercise


# --- Writing the handout and the key


def title(ex: Exercise) -> str:
    """A neutral title: what kind of offence, and the states in it; nothing of the answer (the library's titles
    say what the case turns on)."""
    categories = sorted({words.category(o.category) for o in ex.case.offences})
    names = sorted((state(s) for s in ex.case.states()), key=str.casefold)
    return words.EXERCISE_TITLE.format(categories=", ".join(categories), states=_and(names))


def _and(items: list[str]) -> str:
    return items[0] if len(items) < 2 else ", ".join(items[:-1]) + " and " + items[-1]


def _facts_md(ex: Exercise) -> list[str]:
    lines: list[str] = []
    for section, facts in handout_facts(ex.case, ex.analysis).items():
        lines += [f"### {words.EXERCISE_SECTIONS[section]}", "", *(f"- {f}." for f in facts), ""]
    return lines


def handout_md(ex: Exercise) -> str:
    # The handout gives the facts only: the library's narratives also discuss the law, which would give answers away.
    lines = [
        f"# {title(ex)}",
        "",
        words.EXERCISE_HEAD.format(level=ex.level, seed=ex.seed, date=ex.case.date.isoformat()),
        "",
        "## Facts",
        "",
        *_facts_md(ex),
        "## Questions",
        "",
    ]
    for q in ex.questions:
        lines += [f"**{q.id}.** {q.text}", ""]
    lines += [words.EXERCISE_HOW_TO_ANSWER, ""]
    return "\n".join(lines)


def answers_md(ex: Exercise) -> str:
    lines = [
        f"# {words.EXERCISE_KEY_TITLE.format(title=title(ex))}",
        "",
        words.EXERCISE_KEY_HEAD.format(level=ex.level, seed=ex.seed, case=ex.case.id, case_title=ex.case.title),
        "",
        *([words.EXERCISE_CHANGED.format(change=ex.change.text(state)), ""] if ex.change else []),
        " ".join((ex.case.narrative or "").split()),
        "",
    ]
    for q in ex.questions:
        lines += [f"**{q.id}.** {q.text}", ""]
        answer = ", ".join(answer_words(q.kind, q.expected))
        also = ", ".join(answer_words(q.kind, q.accepted))
        lines.append(f"Answer: **{answer}**" + (words.EXERCISE_ALSO_RIGHT.format(items=also) if also else ""))
        for item, why in q.explanation.items():
            lines.append(f"- {answer_words(q.kind, [item])[0]}: {why}")
            lines += [f"  - {words.EXERCISE_RESTS_ON}: {c}." for c in q.cites.get(item, [])]
        lines.append("")
    lines.append(words.EXERCISE_KEY_FOOT.format(case=ex.case.id))
    return "\n".join(lines) + "\n"


def answer_words(kind: str, items: list[str]) -> list[str]:
    """An answer's items as a trainee reads them: states named, bases and obstacles in words."""
    if kind in ("must", "may", "prosecute"):
        return [state(i) if i != "none" else i for i in items]
    return [i.replace("_", " ") for i in items]


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
        "handout.html": _page(title(ex), handout),
        "answers.md": key,
        "answers.html": _page(words.EXERCISE_KEY_TITLE.format(title=title(ex)), key),
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
    answer: list[str] = field(default_factory=list)  # the items understood, as the key writes them
    wrong: list[str] = field(default_factory=list)  # the items that cost a point: wrong, or not understood

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "points": self.points,
            "out_of": self.out_of,
            "reasons": self.reasons,
            "answer": self.answer,
            "wrong": self.wrong,
        }


def _items(value: Any) -> list[str]:
    """The items of one answer as written: a list, or a text of items separated by commas or semicolons (not by
    spaces: "convention legal basis" is one item), or by "and" where the words around it are no one name
    ("Trinidad and Tobago" is one state)."""
    if value is None:
        return []
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    if isinstance(value, list):
        return [i for v in value for i in _items(v)]
    parts = [v.strip() for v in re.split(r"[,;]", str(value)) if v.strip()]
    return [i.strip() for v in parts for i in ([v] if states_named(v) else re.split(r"\band\b", v)) if i.strip()]


def _words(text: str) -> str:
    """Text as a name is compared: lower case, no punctuation, spaces for _ and -, no leading "the"."""
    text = re.sub(r"[_\-.:'\"()]", " ", text.casefold())
    return re.sub(r"^(the|an|a) ", "", " ".join(text.split()))


def _names(kind: str) -> dict[str, str]:
    """What a trainee may write for each answer of a kind of question, as compared (see _words): the rules' names
    in words, the short forms in common use, and the obstacles the rules do not weigh."""
    names = {_words(n): "none" for n in words.EXERCISE_NONE}
    if kind == "impunity":
        names |= {_words(n): "yes" for n in words.EXERCISE_YES} | {_words(n): "no" for n in words.EXERCISE_NO}
    for item in ROUTE_BASES if kind == "extradite_basis" else OBSTACLES if kind == "obstacles" else ():
        names |= {_words(item): item}
        if kind == "extradite_basis":
            names[_words(words.route(item))] = item
    for item, forms in words.EXERCISE_SHORT_FORMS.get(kind, {}).items():
        names |= {_words(f): item for f in forms}
    if kind == "obstacles":
        names |= {_words(f): item for item, (forms, _) in words.EXERCISE_UNWEIGHED.items() for f in forms}
    return names


def read_item(kind: str, text: str) -> tuple[str | None, str]:
    """One item of an answer as the key writes it (a state code, a basis, an obstacle, yes/no, none), or None and
    what the trainee should write instead (for a name of several states, which states it may mean)."""
    said, bare = _words(text), text.strip()
    how = words.EXERCISE_HOW.get(kind, "")
    states = kind in STATE_QUESTIONS
    if states and re.fullmatch(r"[A-Z]{2}", bare) and (codes := states_named(bare) or alpha_2(bare)):
        return codes[0], ""  # an ISO alpha-2 code (or UK, US) in capitals first: "no" is an answer, "NO" Norway
    names = _names(kind) | ({_words(n): "none" for n in words.EXERCISE_NO} if states else {})
    if said in names:
        return names[said], ""
    if not states:
        return None, how
    if code := re.search(r"\(([A-Z]{3})\)\s*$", text):  # as the handout names it: "Laos (LAO)"
        return code.group(1), ""
    if len(bare) == 3 and is_state_code(bare.upper()):
        return bare.upper(), ""
    if len(codes := states_named(bare)) > 1:  # "Korea": say what it may mean rather than guess
        return None, " " + words.could_be([state(c) for c in codes])
    if codes := codes or alpha_2(bare):
        return codes[0], ""
    if len(bare) < 3:
        return None, how
    from jurisdiction.apps.guided import Invalid, resolve_state

    try:  # a name pycountry's search finds in one state only ("England")
        return resolve_state(text), ""
    except Invalid:
        return None, how


def understood(kind: str, text: str) -> str | None:
    """One item of an answer as the key writes it, or None (see read_item)."""
    return read_item(kind, text)[0]


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


def read_key(folder: Path) -> list[dict[str, Any]]:
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
    questions = read_key(folder)
    given = _read_answers(answers_file, [q["id"] for q in questions])
    return [_mark(q, given) for q in questions]


def _mark(q: dict[str, Any], given: dict[str, Any]) -> Mark:
    kind = str(q.get("kind", ""))
    if q["id"] not in given:
        return Mark(q["id"], 0, 2, [words.EXERCISE_NOT_ANSWERED], [], [])
    written = _items(given[q["id"]])
    read = {w: read_item(kind, w) for w in written}
    unread = [w for w, (r, _) in read.items() if r is None]
    answer = {r for r, _ in read.values() if r is not None} or ({"none"} if not unread else set())
    expected, accepted = set(q["expected"]), set(q["accepted"])
    missing, extra = expected - answer, answer - expected - accepted
    if expected == {"none"} and answer and answer <= accepted:  # only what holds under a condition: also right
        missing = set()
    want = ", ".join(answer_words(kind, sorted(expected)))
    reasons = [
        words.EXERCISE_MISSING.format(
            item=answer_words(kind, [m])[0], expected=want, why=q["explanation"].get(m, words.EXERCISE_SEE_KEY)
        )
        for m in sorted(missing)
    ]
    reasons += [
        words.EXERCISE_WRONG.format(
            item=answer_words(kind, [e])[0],
            why=q.get("wrong", {}).get(e) or q["explanation"].get(e) or _otherwise(e, q),
        )
        for e in sorted(extra)
    ]
    reasons += [words.EXERCISE_UNREAD.format(item=w, how=read[w][1]) for w in unread]
    wrong = len(missing) + len(extra) + len(unread)
    points = 2 if not wrong else (1 if wrong == 1 and (answer - extra) else 0)
    return Mark(q["id"], points, 2, reasons, sorted(answer), sorted(extra) + unread)


def _otherwise(item: str, q: dict[str, Any]) -> str:
    """Why an item the key neither expects nor explains is wrong: the key's general reason, after the reason the
    rules never weigh it (a time bar)."""
    otherwise = str(q.get("otherwise") or words.EXERCISE_NOT_HERE)
    unweighed = words.EXERCISE_UNWEIGHED.get(item)
    return f"{unweighed[1]}; {otherwise}" if unweighed else otherwise
