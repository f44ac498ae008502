"""For trainers: an exercise built from the bundled library (the choices of `jurex exercise new`), its handout
shown, handout and key downloaded; a class's answers files uploaded and graded (`jurex exercise check`).

An exercise made here is kept in the workspace as the folder `jurex exercise new -o` writes, under
.exercises/<id>/ (id: a hash of its key, so the same seed gives the same folder), and the class's answers beside
it in answers/: `jurex exercise check .exercises/<id> .exercises/<id>/answers` gives the same report on the
command line. An exercise made elsewhere comes in as its folder, zipped.

Uploads are hostile input. A zip's members are read into memory within bounds (members, bytes unpacked) and
refused whole if one has an absolute path, a drive, `..`, a link or a password; nothing is extracted: the files
kept are written by name (a bare file name, checked) into a temporary folder, which replaces the old one only
once everything is read.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import re
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.datastructures import FormData, UploadFile

from jurisdiction import words
from jurisdiction.errors import CaseError
from jurisdiction.web.common import CheckedForm, render, run, state

router = APIRouter()

EXERCISES = ".exercises"  # in the workspace: one folder per exercise (the workspace's case list ignores folders)
ANSWERS = "answers"  # in an exercise's folder: the class's answers files, one per trainee
ID = re.compile(r"[0-9a-f]{16}")
KEY_FILE = "exercise.yaml"  # apps.exercise.KEY_FILE (not imported here: the app starts without the engine)
# What `jurex exercise new -o` writes (apps.exercise.write); an exercise's zip holds these and only these.
EXERCISE_FILES = ("handout.md", "handout.html", "answers.md", "answers.html", KEY_FILE, "answers-template.yaml")
MAX_EXERCISE_FILE = 1_000_000  # bytes of one file of an uploaded exercise (a handout is a few kilobytes)
MEDIA = {".md": "text/markdown", ".html": "text/html", ".yaml": "text/yaml", ".csv": "text/csv"}
ANSWER_SUFFIXES = (".yaml", ".yml")
MAX_MEMBERS = 1000  # files and folders in one zip
MAX_UNPACKED = 20_000_000  # bytes of one zip's files once unpacked (a class's answers are kilobytes)
FILE_NAME = re.compile(r"[^/\\\x00-\x1f]{1,120}")


@dataclass(frozen=True)
class Made:
    """An exercise kept in the workspace."""

    id: str
    title: str
    folder: Path

    @property
    def url(self) -> str:
        return f"/trainers/{self.id}"

    @property
    def shown(self) -> str:
        """Where it is, as the workspace's user finds it."""
        return f"{EXERCISES}/{self.id}"


class Refused(Exception):
    """An upload that is not read at all, with why and what to do."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message, self.fix = message, fix


def _root(request: Request) -> Path:
    return state(request).workspace.root / EXERCISES


def _title(folder: Path, fallback: str) -> str:
    """The handout's heading (its first line), else `fallback`."""
    try:
        with (folder / "handout.md").open(encoding="utf-8", errors="replace") as f:
            first = f.readline(500)
    except OSError:
        return fallback
    return first.removeprefix("# ").strip() if first.startswith("# ") else fallback


def _made(request: Request) -> list[Made]:
    root = _root(request)
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if ID.fullmatch(p.name) and p.is_dir() and (p / KEY_FILE).is_file()]
    return [Made(p.name, _title(p, p.name), p) for p in sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)]


def _exercise(request: Request, exercise_id: str) -> Made:
    """The exercise a URL names; 404 for anything else (the id is a hash, never a path)."""
    folder = _root(request) / exercise_id
    if not ID.fullmatch(exercise_id) or not (folder / KEY_FILE).is_file():
        raise HTTPException(404, f"{words.WEB_EXERCISE_NOT_FOUND}; {words.WEB_EXERCISE_NOT_FOUND_FIX}")
    return Made(exercise_id, _title(folder, exercise_id), folder)


def _key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:16]


def markdown(text: str) -> Markup:
    """A handout or key (the Markdown apps.exercise writes) as HTML, its headings one level down (the page has
    its own). markdown-it runs with raw HTML off: every '<' and '&' of the text is escaped, and only Markdown's
    own tags are made (its links are checked: no javascript:). So the HTML is safe whatever the text holds, even
    that of an exercise uploaded from elsewhere."""
    from markdown_it import MarkdownIt

    lines = text.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]  # the title: the page's heading
    shifted = "\n".join("#" + line if re.match(r"#{1,5} ", line) else line for line in lines)
    return Markup(MarkdownIt("commonmark", {"html": False}).enable("table").render(shifted))


# --- Uploads: loose files, a folder's files, or zips of them


def _member_path(name: str, member: str) -> PurePosixPath:
    """A zip member's path, refused if it could lead out of the folder it is unpacked in."""
    path = member.replace("\\", "/")
    if path.startswith("/") or re.match(r"[A-Za-z]:", path) or "\x00" in path or ".." in path.split("/"):
        raise Refused(words.WEB_ZIP_OUTSIDE.format(name=name, member=member), words.WEB_ZIP_FIX)
    return PurePosixPath(*[p for p in path.split("/") if p not in ("", ".")])


def unpacked(name: str, raw: bytes) -> list[tuple[PurePosixPath, bytes]]:
    """The files of a zip as (path, bytes), read within the bounds; Refused if any member is unsafe."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise Refused(words.WEB_ZIP_UNREADABLE.format(name=name), words.WEB_ZIP_FIX) from None
    if len(infos) > MAX_MEMBERS:
        raise Refused(words.WEB_ZIP_TOO_MANY.format(name=name, limit=MAX_MEMBERS), words.WEB_ZIP_FIX)
    out, total = [], 0
    for info in infos:
        path = _member_path(name, info.filename)
        if (info.external_attr >> 16) & 0o170000 == 0o120000:  # a symbolic link, as unzip would make it
            raise Refused(words.WEB_ZIP_LINK.format(name=name, member=info.filename), words.WEB_ZIP_FIX)
        if info.flag_bits & 0x1:
            raise Refused(words.WEB_ZIP_ENCRYPTED.format(name=name, member=info.filename), words.WEB_ZIP_FIX)
        if info.is_dir() or not path.parts:
            continue
        try:
            with archive.open(info) as f:  # the header's size may lie: read at most what is left, and one byte
                data = f.read(MAX_UNPACKED - total + 1)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError, EOFError, ValueError):
            raise Refused(words.WEB_ZIP_UNREADABLE.format(name=name), words.WEB_ZIP_FIX) from None
        total += len(data)
        if total > MAX_UNPACKED:
            raise Refused(words.WEB_ZIP_TOO_BIG.format(name=name, limit=MAX_UNPACKED), words.WEB_ZIP_FIX)
        out.append((path, data))
    return out


def _hidden(path: PurePosixPath) -> bool:
    """A file no person put there on purpose: a dot file, or a Mac's resource forks (__MACOSX/)."""
    return any(p.startswith(".") or p == "__MACOSX" for p in path.parts)


def _uploads(form: FormData, *fields: str) -> list[UploadFile]:
    return [f for name in fields for f in form.getlist(name) if isinstance(f, UploadFile) and f.filename]


async def _files(uploads: list[UploadFile]) -> list[tuple[PurePosixPath, bytes]]:
    """Every file uploaded, a zip's files in its place, each as (path, bytes)."""
    out: list[tuple[PurePosixPath, bytes]] = []
    for upload in uploads:
        name = upload.filename or ""
        path = _member_path(name, name)  # a folder's upload names its files by their path in it
        raw = await upload.read()
        if path.suffix.lower() == ".zip":
            out += unpacked(path.name, raw)
        elif path.parts:
            out.append((path, raw))
    return out


def _answers_into(files: list[tuple[PurePosixPath, bytes]], folder: Path) -> None:
    """The answers files among `files` written flat into `folder` (a trainee is a file name, once)."""
    folder.mkdir()
    seen: set[str] = set()
    for path, data in files:
        if _hidden(path) or path.suffix.lower() not in ANSWER_SUFFIXES:
            continue  # notes, a README: not a trainee's (as `jurex exercise check` passes them over)
        if not FILE_NAME.fullmatch(path.name):
            raise Refused(words.WEB_UPLOAD_BAD_NAME.format(name=path.name), words.WEB_UPLOAD_BAD_NAME_FIX)
        if path.name.casefold() in seen:
            raise Refused(words.WEB_UPLOAD_SAME_NAME.format(name=path.name), words.WEB_UPLOAD_SAME_NAME_FIX)
        seen.add(path.name.casefold())
        (folder / path.name).write_bytes(data)
    if not seen:
        raise Refused(words.CLASS_NO_FILES, words.CLASS_NO_FILES_FIX)


def _exercise_into(name: str, files: list[tuple[PurePosixPath, bytes]], folder: Path) -> bytes:
    """An exercise's files (those `jurex exercise new` writes, beside its key) written into `folder`; the key."""
    keys = [p for p, _ in files if p.name == KEY_FILE and not _hidden(p)]
    if len(keys) != 1:
        raise Refused(
            f"{name}: {words.WEB_EXERCISE_NO_KEY.format(key=KEY_FILE)}",
            words.WEB_EXERCISE_NO_KEY_FIX.format(key=KEY_FILE),
        )
    here = keys[0].parent
    for path, data in files:
        if path.parent == here and path.name in EXERCISE_FILES:
            if len(data) > MAX_EXERCISE_FILE:
                message = words.WEB_EXERCISE_FILE_TOO_BIG.format(name=name, member=path.name, limit=MAX_EXERCISE_FILE)
                raise Refused(message, words.WEB_EXERCISE_NO_KEY_FIX.format(key=KEY_FILE))
            (folder / path.name).write_bytes(data)
    return (folder / KEY_FILE).read_bytes()


# --- Pages


def _form_context(request: Request, values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    from jurisdiction.apps.exercise import LEVELS
    from jurisdiction.apps.library import library

    entries = sorted(library(), key=lambda e: e.id)
    return {
        "cases": [(e.id, e.title) for e in entries],
        "topics": sorted({t for e in entries for t in e.topics}),
        "levels": sorted(LEVELS),
        "values": {"case": "", "topic": "", "seed": "0", "level": "1", **values},
        "errors": errors,
        "made": _made(request),
    }


def _page(request: Request, values: dict[str, str], errors: dict[str, str], status: int = 200) -> HTMLResponse:
    return render(request, "trainers.html", _form_context(request, values, errors), status=status)


def _problem_text(e: CaseError) -> str:
    return "; ".join(f"{p.message} (fix: {p.fix})" if p.fix else p.message for p in e.problems) or str(e)


@router.get("/trainers", response_class=HTMLResponse)
def trainers(request: Request) -> HTMLResponse:
    return _page(request, {}, {})


@router.post("/trainers/new", response_class=HTMLResponse)
async def build(request: Request, form: CheckedForm) -> Response:
    from jurisdiction.apps.exercise import new

    values = {k: str(form.get(k) or "").strip() for k in ("case", "topic", "seed", "level")}
    errors: dict[str, str] = {}
    numbers: dict[str, int] = {}
    for name in ("seed", "level"):
        try:
            numbers[name] = int(values[name])
        except ValueError:
            errors[name] = f"{words.WEB_NOT_A_NUMBER.format(value=values[name])} (fix: {words.WEB_NOT_A_NUMBER_FIX})"
    if errors:
        return _page(request, values, errors, 400)
    try:
        exercise = await run(
            request, new, numbers["seed"], numbers["level"], values["topic"] or None, values["case"] or None
        )
    except CaseError as e:  # new() names the option at fault: --case, --topic or --level
        return _page(request, values, {e.file.removeprefix("--"): _problem_text(e)}, 400)
    made = await run(request, _keep, _root(request), exercise)
    return RedirectResponse(f"/trainers/{made}", status_code=303)


def _keep(root: Path, exercise: Any) -> str:
    """Write the exercise as `jurex exercise new -o` does, into .exercises/<id> (kept if already there: the same
    key is the same exercise, and its class's answers stay)."""
    from jurisdiction.apps.exercise import write

    root.mkdir(exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=root, prefix=".new-"))
    try:
        write(exercise, scratch)
        exercise_id = _key_id((scratch / KEY_FILE).read_bytes())
        target = root / exercise_id
        if not target.exists():
            os.replace(scratch, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return exercise_id


@router.post("/trainers/import", response_class=HTMLResponse)
async def import_exercise(request: Request, form: CheckedForm) -> Response:
    from jurisdiction.apps.exercise import read_key

    uploads = _uploads(form, "exercise")
    root = _root(request)
    root.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root, prefix=".import-") as scratch:
        try:
            if not uploads:
                raise Refused(words.WEB_UPLOAD_NONE, words.WEB_EXERCISE_NO_KEY_FIX.format(key=KEY_FILE))
            key = _exercise_into(uploads[0].filename or "", await _files(uploads[:1]), Path(scratch))
            await run(request, read_key, Path(scratch))  # a key that cannot grade anything is not kept
        except Refused as e:
            return _page(request, {}, {"exercise": f"{e.message} (fix: {e.fix})"}, 400)
        except CaseError as e:
            return _page(request, {}, {"exercise": _problem_text(e)}, 400)
        exercise_id = _key_id(key)
        target = root / exercise_id
        target.mkdir(exist_ok=True)
        for path in Path(scratch).iterdir():
            os.replace(path, target / path.name)
    return RedirectResponse(f"/trainers/{exercise_id}", status_code=303)


def _report(made: Made) -> Any:
    """The class report of the answers kept beside the exercise (None if none were uploaded), its files named
    as they are in the workspace (a report is a page a trainer keeps: no path of this computer in it). It is
    the report of `jurex exercise check .exercises/<id> .exercises/<id>/answers` run in the workspace."""
    from jurisdiction.apps.exercise_report import check_class

    answers = made.folder / ANSWERS
    if not answers.is_dir():
        return None
    report = check_class(made.folder, answers)
    for t in report.trainees:
        t.problem = t.problem.replace(str(made.folder), made.shown)
        t.file = Path(made.shown) / ANSWERS / t.file.name
    return dataclasses.replace(report, folder=Path(made.shown))


async def _exercise_page(
    request: Request, made: Made, error: str = "", status: int = 200
) -> HTMLResponse:
    from jurisdiction.render.exercise import class_rows

    def read(name: str) -> str:
        path = made.folder / name
        return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""

    report, report_error = None, ""
    try:
        report = await run(request, _report, made)
    except CaseError as e:
        report_error = str(e)
    questions, trainees = class_rows(report) if report else ([], [])
    files = [n for n in EXERCISE_FILES if (made.folder / n).is_file() and n != KEY_FILE] + ["exercise.zip"]
    if report:
        files += ["class-report.csv", "class-report.html"]
    handout, key = read("handout.md"), read("answers.md")
    context = {
        "made": made,
        "files": files,
        "handout": markdown(handout) if handout else None,
        "key": markdown(key) if key else None,
        "report": report,
        "question_rows": questions,
        "trainee_rows": trainees,
        "report_error": report_error,
        "error": error,
    }
    return render(request, "trainers_exercise.html", context, status=status)


@router.get("/trainers/{exercise_id}", response_class=HTMLResponse)
async def exercise_page(request: Request, exercise_id: str) -> HTMLResponse:
    return await _exercise_page(request, _exercise(request, exercise_id))


@router.post("/trainers/{exercise_id}/answers", response_class=HTMLResponse)
async def grade(request: Request, exercise_id: str, form: CheckedForm) -> Response:
    """A class's answers: kept beside the exercise (replacing the class before) once every file is read."""
    made = _exercise(request, exercise_id)
    uploads = _uploads(form, "answers", "folder")
    with tempfile.TemporaryDirectory(dir=made.folder, prefix=".upload-") as scratch:
        fresh = Path(scratch) / ANSWERS
        try:
            if not uploads:
                raise Refused(words.WEB_UPLOAD_NONE, words.WEB_UPLOAD_NONE_FIX)
            _answers_into(await _files(uploads), fresh)
        except Refused as e:
            return await _exercise_page(request, made, f"{e.message} (fix: {e.fix})", 400)
        old = made.folder / ANSWERS
        if old.exists():
            os.replace(old, Path(scratch) / "old")  # removed with the scratch folder
        os.replace(fresh, old)
    return RedirectResponse(f"/trainers/{exercise_id}#report", status_code=303)


def _download(name: str, content: str | bytes, media: str) -> Response:
    return Response(
        content,
        media_type=media,
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@router.get("/trainers/{exercise_id}/{name}")
async def download(request: Request, exercise_id: str, name: str) -> Response:
    """One of the exercise's files, its folder as a zip, or the class report as CSV or HTML (by name, from a
    fixed list: never a path)."""
    made = _exercise(request, exercise_id)
    if name == "exercise.zip":
        return _download(f"exercise-{made.id[:8]}.zip", _zipped(made), "application/zip")
    if name in ("class-report.csv", "class-report.html"):
        from jurisdiction.render.exercise import class_csv, class_html

        report = await run(request, _report, made)
        if report is None:
            raise HTTPException(404, words.CLASS_NO_FILES)
        text = class_csv(report) if name.endswith(".csv") else class_html(report)
        return _download(name, text, MEDIA[Path(name).suffix] + "; charset=utf-8")
    path = made.folder / name
    if name not in EXERCISE_FILES or not path.is_file():
        raise HTTPException(404, f"{words.WEB_EXERCISE_NOT_FOUND}; {words.WEB_EXERCISE_NOT_FOUND_FIX}")
    return _download(name, path.read_bytes(), MEDIA[path.suffix] + "; charset=utf-8")


def _zipped(made: Made) -> bytes:
    """The exercise's folder as `jurex exercise new -o` writes it, zipped under one folder (the same bytes for
    the same exercise: fixed dates, a fixed order)."""
    out = io.BytesIO()
    top = f"exercise-{made.id[:8]}"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in EXERCISE_FILES:
            path = made.folder / name
            if path.is_file():
                info = zipfile.ZipInfo(f"{top}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())
    return out.getvalue()
