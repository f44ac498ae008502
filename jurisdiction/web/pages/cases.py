"""Cases: the workspace's case files and the bundled library (search, duplicate, delete, upload, download), and
the case form (new, edit) generated from the models by web/form.py.

Nothing that identifies a case goes into an address: a workspace case is named by its key, the search words
travel in a POST body, a saved case's file name is only in the page and in a download's Content-Disposition.
Every change of the workspace goes through `checked_form` (the form token).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from jurisdiction import words
from jurisdiction.errors import CaseError, Problem
from jurisdiction.web import form as case_form
from jurisdiction.web.common import CheckedForm, not_found, open_case, render, run, state
from jurisdiction.web.workspace import NAME, Entry

router = APIRouter()
NEW = "new"  # the draft key of the new-case form (a workspace key is 16 hex digits: never this)


# --- The list


@dataclass(frozen=True)
class Listed:
    where: str  # "w" or "b"
    key: str
    name: str  # the file's name
    title: str
    topics: tuple[str, ...]
    readable: bool = True

    @property
    def url(self) -> str:
        return f"/cases/{self.where}/{self.key}"

    def matches(self, query: str) -> bool:
        """Every word of the query is in the title, a topic (with or without its underscores), the id or the name."""
        haystack = " ".join([self.title, self.name, *self.topics, *(t.replace("_", " ") for t in self.topics)])
        return all(word in haystack.casefold() for word in query.casefold().split())


def _head(text: str, name: str) -> tuple[str, tuple[str, ...], bool]:
    """A workspace file's title and topics, read without validating it (a broken file is still listed)."""
    from jurisdiction.input.reader import parse

    try:
        data, _ = parse(text, name)
    except CaseError:
        return "", (), False
    if not isinstance(data, dict):
        return "", (), False
    topics = data.get("topics")
    topics = tuple(str(t) for t in topics) if isinstance(topics, list) else ()
    return str(data.get("title") or data.get("id") or ""), topics, True


def listed(request: Request) -> tuple[list[Listed], list[Listed]]:
    from jurisdiction.apps.library import library

    ws = state(request).workspace
    mine = []
    for e in ws.entries():
        try:
            text = ws.read(e)
        except CaseError:
            mine.append(Listed("w", e.key, e.name, "", (), False))
            continue
        title, topics, readable = _head(text, e.name)
        mine.append(Listed("w", e.key, e.name, title, topics, readable))
    bundled = [Listed("b", e.id, e.path.name, e.title, e.topics) for e in library()]
    return mine, bundled


def _list_page(
    request: Request, query: str = "", refused: CaseError | None = None, status: int = 200, fragment: bool = False
) -> HTMLResponse:
    mine, bundled = listed(request)
    if query.strip():
        mine = [c for c in mine if c.matches(query)]
        bundled = [c for c in bundled if c.matches(query)]
    context = {"workspace": mine, "library": bundled, "query": query, "refused": refused}
    return render(request, "cases_lists.html" if fragment else "cases.html", context, status=status)


@router.get("/", response_class=HTMLResponse)
def cases(request: Request) -> HTMLResponse:
    return _list_page(request)


@router.post("/search", response_class=HTMLResponse)
async def search(request: Request) -> HTMLResponse:
    """The lists narrowed to a search (read only: no token needed). htmx asks for the lists alone."""
    form = await request.form()
    query = form.get("q")
    query = query if isinstance(query, str) else ""
    return _list_page(request, query, fragment=request.headers.get("hx-request") == "true")


# --- Upload, download, duplicate, delete


@router.post("/upload", response_class=HTMLResponse)
async def upload(request: Request, form: CheckedForm) -> Response:
    """A case file into the workspace, once the CLI's loader accepts it; a refused file is not saved."""
    from jurisdiction.input.loader import load_text
    from jurisdiction.input.reader import decoded

    sent = form.get("file")
    if not isinstance(sent, UploadFile) or not sent.filename:
        refused = CaseError("", [Problem("", words.WEB_CASES_UPLOAD_NONE, words.WEB_CASES_UPLOAD_NONE_FIX)])
        return _list_page(request, refused=refused, status=400)
    raw = await sent.read()
    given = sent.filename.replace("\\", "/").rsplit("/", 1)[-1]  # a browser may send a path; only its last part
    try:
        text = decoded(raw, given)
        await run(request, load_text, text, given)
    except CaseError as exc:
        return _list_page(request, refused=exc, status=400)
    ws = state(request).workspace
    name = given if NAME.match(given) and not (ws.root / given).exists() else ws.unused_name(given.rsplit(".", 1)[0])
    ws.write(name, text)
    return RedirectResponse("/", status_code=303)


@router.get("/cases/{where}/{key}/download")
def download(request: Request, where: str, key: str) -> Response:
    """The file as written (its comments and layout kept), under its own name."""
    opened = open_case(request, where, key)
    kind = "application/json" if opened.name.endswith(".json") else "application/yaml"
    disposition = f'attachment; filename="{opened.name}"'  # names are letters, digits, '.', '-', '_' (NAME)
    return Response(opened.text, media_type=f"{kind}; charset=utf-8", headers={"content-disposition": disposition})


@router.post("/cases/{where}/{key}/duplicate")
def duplicate(request: Request, where: str, key: str, form: CheckedForm) -> Response:
    """A copy in the workspace (of a bundled case: the way to change one), opened in the form."""
    opened = open_case(request, where, key)
    ws = state(request).workspace
    copy = ws.write(ws.unused_name(opened.name.rsplit(".", 1)[0]), opened.text)
    return RedirectResponse(f"/cases/w/{copy.key}/edit", status_code=303)


def _entry(request: Request, key: str) -> Entry:
    entry = state(request).workspace.find(key)
    if entry is None:
        raise not_found()
    return entry


@router.get("/cases/w/{key}/delete", response_class=HTMLResponse)
def confirm_delete(request: Request, key: str) -> HTMLResponse:
    entry = _entry(request, key)
    title, _, _ = _head(state(request).workspace.read(entry), entry.name)
    return render(request, "cases_delete.html", {"entry": entry, "title": title})


@router.post("/cases/w/{key}/delete")
def delete(request: Request, key: str, form: CheckedForm) -> Response:
    state(request).workspace.delete(_entry(request, key))
    return RedirectResponse("/", status_code=303)


# --- The case form


def _raw_of_text(text: str, name: str) -> case_form.Raw:
    """A file's fields for the form, valid or not (an invalid file opens in the form, to be mended)."""
    from jurisdiction.input.reader import parse

    try:
        data, _ = parse(text, name)
    except CaseError:
        return case_form.new_raw()
    return case_form.raw_of(data)


def _form_page(
    request: Request,
    raw: case_form.Raw,
    *,
    action: str,
    heading: str,
    draft: bool,
    problems: list[Problem] | None = None,
    status: int = 200,
) -> HTMLResponse:
    built = case_form.case_data(raw)
    beside: dict[str, list[Problem]] = {}
    apart: list[Problem] = []
    if problems is not None:  # the form was checked (saving): every problem, beside its field where it has one
        beside, apart = case_form.problems_by_field(problems, built)
    listed_problems = [(p, case_form.field_id(name)) for name, ps in beside.items() for p in ps]
    listed_problems += [(p, "") for p in apart]
    count = words.count(len(listed_problems), "problem")
    said = words.WEB_FORM_DRAFT_KEPT if draft else words.WEB_FORM_FILE_PROBLEMS  # a draft, or a file as written
    summary = said.format(problems=count) if listed_problems else ""
    context = {
        "root": case_form.form(raw),
        "errors": beside,
        "apart": apart,
        "listed": listed_problems,
        "summary": summary,
        "action": action,
        "heading": heading,
        "draft": draft,
        "answer": action.removesuffix("/edit") if action != "/new" else "",
        "states": case_form.state_options(),
        "suggestions": case_form.suggestions(raw),
        "multiline": case_form.MULTILINE,
    }
    return render(request, "case_form.html", context, status=status)


async def _reopened(
    request: Request, draft_key: str, fresh: tuple[case_form.Raw, str | None], action: str, heading: str
) -> HTMLResponse:
    """The form on its draft if one is kept (with the problems it had when it was sent to be saved), else on
    `fresh`: the fields of a file and its text (whose problems, if it has any, are shown beside their fields)."""
    kept = case_form.from_draft(state(request).workspace.draft(draft_key))
    if kept is not None:
        raw, checked = kept
        problems = await run(request, _problems, case_form.case_data(raw).data) if checked else None
        return _form_page(request, raw, action=action, heading=heading, draft=True, problems=problems)
    raw, text = fresh
    problems = (await run(request, _problems_of_text, text)) or None if text is not None else None
    return _form_page(request, raw, action=action, heading=heading, draft=False, problems=problems)


@router.get("/new", response_class=HTMLResponse)
async def new_case(request: Request) -> HTMLResponse:
    return await _reopened(request, NEW, (case_form.new_raw(), None), "/new", words.WEB_FORM_NEW_HEADING)


@router.get("/cases/w/{key}/edit", response_class=HTMLResponse)
async def edit_case(request: Request, key: str) -> HTMLResponse:
    entry = _entry(request, key)
    text = state(request).workspace.read(entry)
    heading = words.WEB_FORM_EDIT_HEADING.format(name=entry.name)
    return await _reopened(request, key, (_raw_of_text(text, entry.name), text), f"/cases/w/{key}/edit", heading)


@router.post("/new", response_class=HTMLResponse)
async def save_new(request: Request, form: CheckedForm) -> Response:
    return await _sent(request, form, None)


@router.post("/cases/w/{key}/edit", response_class=HTMLResponse)
async def save_edit(request: Request, key: str, form: CheckedForm) -> Response:
    return await _sent(request, form, _entry(request, key))


async def _sent(request: Request, form: FormData, entry: Entry | None) -> Response:
    """The form sent: add or remove an item (the form again), discard the draft, or save (only a valid case;
    otherwise the problems beside their fields, and the draft kept)."""
    ws = state(request).workspace
    draft_key = entry.key if entry else NEW
    action_url = f"/cases/w/{entry.key}/edit" if entry else "/new"
    heading = words.WEB_FORM_EDIT_HEADING.format(name=entry.name) if entry else words.WEB_FORM_NEW_HEADING
    items = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
    raw = case_form.raw_from_form(items)
    action = str(form.get("_action") or "save")
    if action == "discard":
        ws.drop_draft(draft_key)
        return RedirectResponse(action_url, status_code=303)
    if case_form.change(raw, action):
        ws.save_draft(draft_key, case_form.to_draft(raw, False))  # what was typed is kept across the re-drawn form
        return _form_page(request, raw, action=action_url, heading=heading, draft=True)
    built = case_form.case_data(raw)
    problems = await run(request, _problems, built.data)
    if problems or built.problems:
        ws.save_draft(draft_key, case_form.to_draft(raw, True))
        page = _form_page(request, raw, action=action_url, heading=heading, draft=True, problems=problems, status=422)
        return page
    saved = _save(request, built.data, entry)
    ws.drop_draft(draft_key)
    return RedirectResponse(f"/cases/w/{saved.key}", status_code=303)


def _problems(data: dict[str, Any]) -> list[Problem]:
    """The loader's problems with the case the form describes (none: it is valid), in the CLI's words."""
    import json

    return _problems_of_text(json.dumps(data, ensure_ascii=False, default=str))


def _problems_of_text(text: str) -> list[Problem]:
    from jurisdiction.input.loader import load_text

    try:
        load_text(text, "form")
    except CaseError as exc:
        return exc.problems
    return []


def _save(request: Request, data: dict[str, Any], entry: Entry | None) -> Entry:
    """Write the case as YAML: a new file named after its id, or the edited file with only what changed
    rewritten (its comments and layout kept, as `jurex new --edit` does)."""
    import json

    from jurisdiction.input.loader import load_text
    from jurisdiction.input.writer import case_fields, edited_yaml, to_yaml

    ws = state(request).workspace
    case = load_text(json.dumps(data, ensure_ascii=False, default=str), "form")
    if entry is None:
        return ws.write(ws.unused_name(case.id), to_yaml(case))
    if entry.name.endswith(".json"):  # a JSON file stays JSON
        return ws.write(entry.name, json.dumps(case_fields(case), ensure_ascii=False, indent=2) + "\n")
    original = ws.read(entry)
    try:
        before = load_text(original, entry.name)
        text = edited_yaml(original, before, case)
    except CaseError:  # the file was not valid: written afresh
        text = to_yaml(case)
    return ws.write(entry.name, text)

