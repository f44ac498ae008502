"""A class's answers graded together (`jurex exercise check ex/ answers/`): one answers file per trainee, and a
report a trainer can keep: per question, how many got it and the common wrong answers; per trainee, the score
and the reasons."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jurisdiction import words
from jurisdiction.apps.exercise import Mark, answer_words, check, read_key
from jurisdiction.errors import CaseError, Problem

ANSWER_SUFFIXES = (".yaml", ".yml")
COMMON = 3  # the wrong answers shown per question, most frequent first


@dataclass
class Trainee:
    name: str  # the answers file's name without its suffix
    file: Path
    marks: list[Mark] = field(default_factory=list)
    problem: str = ""  # the file could not be read: why (the trainee scores nothing; the class is still graded)

    @property
    def points(self) -> int:
        return sum(m.points for m in self.marks)

    def to_dict(self) -> dict[str, Any]:
        return {
            "trainee": self.name,
            "file": str(self.file),
            "points": self.points,
            "problem": self.problem or None,
            "marks": [m.to_dict() for m in self.marks],
        }


@dataclass
class QuestionSummary:
    id: str
    kind: str
    text: str
    expected: list[str]
    right: int  # full points
    partly: int
    wrong: int  # answered, no point
    unanswered: int
    common_wrong: list[tuple[str, int]]  # items that cost a point, in words, with how many wrote them

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.id,
            "text": self.text,
            "expected": self.expected,
            "right": self.right,
            "partly": self.partly,
            "wrong": self.wrong,
            "unanswered": self.unanswered,
            "common_wrong": [{"answer": a, "trainees": n} for a, n in self.common_wrong],
        }


@dataclass
class ClassReport:
    folder: Path
    out_of: int
    questions: list[QuestionSummary]
    trainees: list[Trainee]

    def to_dict(self) -> dict[str, Any]:
        return {
            "exercise": str(self.folder),
            "out_of": self.out_of,
            "questions": [q.to_dict() for q in self.questions],
            "trainees": [t.to_dict() for t in self.trainees],
        }


def answer_files(answers: Path) -> list[Path]:
    files = sorted(p for p in answers.iterdir() if p.is_file() and p.suffix.lower() in ANSWER_SUFFIXES)
    if not files:
        raise CaseError(str(answers), [Problem("", words.CLASS_NO_FILES, words.CLASS_NO_FILES_FIX)])
    return files


def check_class(folder: Path, answers: Path) -> ClassReport:
    """Every trainee's answers graded against one key; a file that cannot be read is reported, not fatal."""
    key = read_key(folder)  # a broken key stops the whole class: nothing could be graded against it
    trainees = []
    for path in answer_files(answers):
        trainee = Trainee(path.stem, path)
        try:
            trainee.marks = check(folder, path)
        except CaseError as e:
            trainee.problem = " ".join(str(e).split())
        trainees.append(trainee)
    summaries = []
    for q in key:
        marks = [m for t in trainees for m in t.marks if m.question == q["id"]]
        unanswered = [m for m in marks if m.reasons == [words.EXERCISE_NOT_ANSWERED]]
        answered = [m for m in marks if m not in unanswered]
        kind = str(q.get("kind", ""))
        wrong = Counter(w for m in answered for w in dict.fromkeys(m.wrong))
        summaries.append(
            QuestionSummary(
                q["id"],
                kind,
                str(q.get("text", "")),
                answer_words(kind, q["expected"]),
                sum(m.points == m.out_of for m in answered),
                sum(0 < m.points < m.out_of for m in answered),
                sum(m.points == 0 for m in answered),
                len(unanswered) + sum(1 for t in trainees if t.problem),
                [(answer_words(kind, [w])[0], n) for w, n in wrong.most_common(COMMON)],
            )
        )
    return ClassReport(folder, 2 * len(key), summaries, trainees)
