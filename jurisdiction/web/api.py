"""The HTTP API under /api/v1/: JSON in and out, the same JSON as `jurex ... -f json`, errors as problem details.

A route that takes a case takes a JSON request: `{"case": ..., <the command's options>}`, where `case` is the case
file as a JSON object (the schema of GET /api/v1/schema, which is `jurex schema`), or the case file's text, YAML or
JSON, as a string. analyse, validate, explain and compare also take the case file itself as the body
(application/yaml, or JSON without a `case` field), their options then in the query: `?regime=lanzarote`,
`?state=GBR` (an option, never case data: names from the case, a what-if's settings, go in the body).

Answers are the command line's JSON, byte for byte (render.as_json, from the same to_dict()); the pydantic models
below only describe them for the OpenAPI document (tests/test_api.py checks every answer against its model). A
case that cannot be used is a 400 listing each problem with its field, line, problem and fix, the messages of
the command line; a request whose own fields are wrong (no `case`, a number for a list), a 422 of the same form;
a case too large to ground, 413; no answer within the time limit, 503.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Coroutine
from dataclasses import asdict, replace
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field

from jurisdiction import words
from jurisdiction.errors import CaseError
from jurisdiction.input.model import Case
from jurisdiction.render.as_json import to_json
from jurisdiction.web.common import problem, run, state

T = TypeVar("T")
MAX_BATCH = 100  # cases in one batch request: a few seconds of solving; more is `jurex batch`'s work
JSON = "application/json"
CASE_FILE_TYPES = {"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"}


# --- Requests


CaseIn = Annotated[
    dict[str, Any] | str,
    Field(
        description="The case file: a JSON object of the schema GET /api/v1/schema gives (the same as `jurex "
        "schema`), or the file's text (YAML or JSON) as a string. Validated as the command line validates a file: "
        "each problem with its field, line (of the text; none for an object) and fix."
    ),
]
NameIn = Annotated[
    str | None,
    Field(
        default=None,
        max_length=200,
        description="The file's name, as the messages name it (default: case.yaml for text, case.json for an object).",
    ),
]
RegimeIn = Annotated[
    str,
    Field(description="opsc (default), opsc-guidelines[:absolute|presence|subsidiary], lanzarote, budapest, "
          "eu-2011-93."),
]
RegimesIn = Annotated[
    list[str] | str,
    Field(description="Several regimes, as a list or comma-separated; the first is the yardstick of a comparison."),
]
AllPartiesIn = Annotated[
    bool, Field(description="Treat every state whose party status jurex does not know as a party (said in the answer).")
]


class CaseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    case: CaseIn
    name: NameIn = None


class AnalyseRequest(CaseRequest):
    regime: RegimeIn = "opsc"
    assume_all_parties: AllPartiesIn = False


class ExplainRequest(CaseRequest):
    state: str = Field(description="The state to explain: ISO alpha-3 code or name (any state, in the case or not).")
    regime: RegimeIn = "opsc"


class ExtraditeRequest(CaseRequest):
    requesting: str = Field(alias="from", description="The requesting state: ISO alpha-3 code or name.")
    requested: str = Field(alias="to", description="The requested state: ISO alpha-3 code or name.")
    person: str = Field(description="The offender sought (a name under people:).")
    regime: RegimeIn = "opsc"


class CompareRequest(CaseRequest):
    regimes: RegimesIn = "opsc,opsc-guidelines"
    assume_all_parties: AllPartiesIn = False


class WhatIfRequest(AnalyseRequest):
    set: list[str] = Field(
        default_factory=list,
        description="As `jurex analyse --set`: PATH=VALUE, VALUE in YAML, an empty VALUE removes the field "
        "(e.g. people.viewer.present_in=THA).",
    )
    add: list[str] = Field(
        default_factory=list,
        description="As `jurex analyse --add`: what the case does not have yet (applied before the settings).",
    )


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cases: list[CaseIn] = Field(description=f"At most {MAX_BATCH} cases (more: 413).")
    regimes: RegimesIn = "opsc"
    assume_all_parties: AllPartiesIn = False


# --- Answers, as the OpenAPI document describes them (the bodies are the command line's JSON)

Rows = list[dict[str, Any]]


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProblemItem(Answer):
    field: str = Field(description="The field of the case (or request) at fault, dotted; empty for the whole.")
    line: int | None = Field(default=None, description="Its line in the case file's text, where known.")
    problem: str
    fix: str


class ProblemDetails(Answer):
    """RFC 9457 problem details, with each problem."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    problems: list[ProblemItem]


class Analysis(Answer):
    """`jurex analyse -f json`."""

    schema_: str = Field(alias="schema")
    case: str
    regime: str
    recommended: bool | None = None
    as_of: dt.date
    assume_all_parties: bool | None = None
    data_version: str
    jurisdiction: Rows = Field(description="Each state, basis, modality and provision, with the facts it rests on.")
    extradition: Rows = Field(description="Each extradition route (art. 5), its obstacles and conditions.")
    obligations: Rows = Field(description="Duties to prosecute or to have jurisdiction.")
    states: Rows
    facts_used: Rows
    assumptions: Rows
    warnings: Rows


class Node(Answer):
    text: str
    provision: str | None = None
    because: list[Node] | None = None


class Explanation(Answer):
    """`jurex explain -f json`: why, and why not, as trees of reasons."""

    schema_: str = Field(alias="schema")
    regime: str
    case: str
    state: str
    as_of: dt.date
    why: list[Node]
    why_not: list[Node]


class Extradition(Answer):
    """`jurex extradite -f json`."""

    person: str
    requesting: str
    requested: str
    requested_in_case: bool
    extradition: Rows
    obligations: Rows


class Cell(Answer):
    modality: str | None
    provisions: list[str]
    conditional: bool
    recommended: bool


class ComparisonRow(Answer):
    state: str
    basis: str
    cells: dict[str, Cell]


class Difference(Answer):
    adds: list[str]
    lacks: list[str]


class Comparison(Answer):
    """`jurex compare -f json`."""

    schema_: str = Field(alias="schema")
    case: str
    as_of: dt.date
    regimes: list[str]
    assume_all_parties: bool
    rows: list[ComparisonRow]
    differences: dict[str, Difference]


class WhatIf(Answer):
    """`jurex analyse --set ... -f json`: what changes, and the answer after."""

    settings: list[str]
    changes: Rows
    after: Analysis


class Valid(Answer):
    """A valid case: what `jurex validate` says of it, and the case as jurex reads it (`--normalise`)."""

    valid: Literal[True]
    case: str
    people: int
    offences: int
    normalised: str = Field(description="The case as jurex reads it, in YAML, defaults left out.")


class BatchLine(Answer):
    """One line of `jurex batch`: the case's summary under each regime, or its error."""

    index: int
    source: str
    case: str | None = None
    as_of: dt.date | None = None
    answers: dict[str, dict[str, Any]] | None = None
    error: dict[str, Any] | None = None


class StatusList(Answer):
    """`jurex states -f json`."""

    as_of: dt.date
    states: Rows


class StateProfile(Answer):
    """`jurex states show STATE -f json`: every value with its source."""

    state: str
    name: str
    as_of: dt.date
    opsc_status: str
    opsc_detail: str
    party_record: dict[str, Any] | None
    regimes: Rows
    reservations: Rows
    profile: Rows


class ProvisionOut(Answer):
    id: str
    modality: str
    paraphrase: str
    verified: bool


class RegimeOut(Answer):
    """An entry of `jurex regimes -f json`."""

    regime: str
    title: str
    verified: bool
    provisions: list[ProvisionOut]


class ProvisionEntry(Answer):
    """A provision of the tables (logic/provisions/): jurex's own paraphrase, never the treaty's text."""

    id: str
    instrument: str
    article: str
    paraphrase: str
    modality: str
    verified: bool
    table: str
    cited_by: list[str] = Field(description="The regimes whose rules cite it.")


def answers(model: Any, *, takes_case: bool = True) -> dict[int | str, dict[str, Any]]:
    """The responses a route documents: its answer, and the problems it may give."""
    out: dict[int | str, dict[str, Any]] = {
        200: {"model": model},
        400: {"model": ProblemDetails, "description": "The case (or an option) cannot be used: each problem."},
        413: {"model": ProblemDetails, "description": "The request, or the case, is too large."},
        415: {"model": ProblemDetails, "description": "A body of another type than JSON or a case file."},
        422: {"model": ProblemDetails, "description": "The request's own fields are wrong: each problem."},
        503: {"model": ProblemDetails, "description": "No answer within the time limit."},
    }
    if not takes_case:
        del out[413], out[415]
    return out


# --- The route class: a case file as the body, and the request's own problems as problem details


CASE_FILE_BODY = {
    "requestBody": {
        "content": {
            "application/yaml": {
                "schema": {"type": "string", "description": "The case file itself; the options in the query."}
            }
        }
    }
}


class ApiRoute(APIRoute):
    """A route of the API. Where it takes a case file as the body (CASE_FILE_BODY in its OpenAPI), the file and
    the query become the JSON request before FastAPI reads it; a request FastAPI cannot validate is answered with
    problem details (422), not FastAPI's own shape."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        takes_file = self.openapi_extra == CASE_FILE_BODY

        async def route(request: Request) -> Response:
            try:
                if takes_file and request.method == "POST":
                    request = await as_json_request(request)
                return await handler(request)
            except RequestValidationError as exc:
                return problem(422, words.API_BAD_REQUEST, request_problems(exc.errors()))
            except UnsupportedMediaType as exc:
                said = words.API_MEDIA_TYPE.format(media_type=exc.args[0])
                return problem(415, words.API_BAD_REQUEST, [{"field": "", "line": None, "problem": said,
                                                              "fix": words.API_MEDIA_TYPE_FIX}])  # fmt: skip

        return route


async def as_json_request(request: Request) -> Request:
    """The request as FastAPI should read it: a JSON request as it is; a case file (YAML, or JSON without a `case`
    field), as {"case": its text, "name": ..., **the query}. The file is decoded as the command line decodes one
    (UTF-8, at most MAX_BYTES): its problems are the command line's."""
    from jurisdiction.input.reader import decoded

    raw = await request.body()
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type == JSON:
        try:
            parsed = json.loads(raw)
        except (ValueError, RecursionError):
            parsed = None
        if isinstance(parsed, dict) and "case" in parsed:
            return request
        name = "case.json"
    elif media_type in CASE_FILE_TYPES or not media_type:
        name = "case.yaml"
    else:
        raise UnsupportedMediaType(media_type)
    envelope = {**request.query_params, "case": decoded(raw, name), "name": name}
    body = json.dumps(envelope).encode()
    headers = [(k, v) for k, v in request.scope["headers"] if k not in (b"content-type", b"content-length")]
    scope = {**request.scope, "headers": [*headers, (b"content-type", JSON.encode()), (b"content-length",
             str(len(body)).encode())]}  # fmt: skip

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(scope, receive)


class UnsupportedMediaType(Exception):
    pass


def _problem(path: str, message: str, fix: str) -> Any:
    from jurisdiction.errors import Problem

    return Problem(path, message, fix)


def request_problems(errors: Any) -> list[dict[str, Any]]:
    """FastAPI's validation errors as the API's problems: the field dotted, from the body (or the query); the
    alternatives of a field that may be one of several types (`case`: an object or text) said as one problem."""
    from jurisdiction.errors import dotted

    found: dict[str, list[str]] = {}
    for e in errors:
        loc = tuple(e.get("loc", ()))
        loc = loc[1:] if loc[:1] in (("body",), ("query",), ("path",)) else loc
        field = dotted(tuple(step for step in loc if not (isinstance(step, str) and UNION_TAG.match(step))))
        found.setdefault(field, []).append(str(e.get("msg", "")))
    return [
        {"field": field, "line": None, "problem": " or ".join(dict.fromkeys(said)), "fix": words.API_BAD_FIELD_FIX}
        for field, said in found.items()
    ]


UNION_TAG = re.compile(r"^(str|int|bool|float|list\[.*\]|dict\[.*\])$")  # pydantic's name of a union's member


router = APIRouter(prefix="/api/v1", tags=["api"], route_class=ApiRoute)


# --- What the routes share


def answered(payload: Any) -> Response:
    """The command line's JSON, the same bytes as `-f json` writes."""
    return Response(to_json(payload), media_type=JSON)


def case_of(body: CaseRequest) -> Case:
    """The request's case, validated as the command line validates a file. An object is read as JSON text; its
    problems then have no line (the lines would be those of jurex's own rendering, not of anything sent)."""
    from jurisdiction.input.loader import load_text

    if isinstance(body.case, str):
        return load_text(body.case, body.name or "case.yaml")
    name = body.name or "case.json"
    try:
        return load_text(json.dumps(body.case, ensure_ascii=False), name)
    except CaseError as exc:
        raise CaseError(exc.file, [replace(p, line=None) for p in exc.problems], exc.where) from None


def option(name: str, read: Callable[[], T]) -> T:
    """An option read as the command line reads it, its problems named as the request's field."""
    try:
        return read()
    except CaseError as exc:
        raise CaseError(name, [replace(p, path=name) for p in exc.problems], where=words.API_WHERE) from None


def regime_of(spec: str) -> Any:
    from jurisdiction.engine.regimes import parse

    return option("regime", lambda: parse(spec))


def regimes_of(specs: list[str] | str) -> Any:
    from jurisdiction.engine.regimes import parse_list

    text = specs if isinstance(specs, str) else ",".join(specs)
    return option("regimes", lambda: parse_list(text))


def state_of(name: str, text: str) -> str:
    from jurisdiction.input.countries import state_argument

    return option(name, lambda: state_argument(text, name))


# --- Routes


@router.post("/analyse", responses=answers(Analysis), openapi_extra=CASE_FILE_BODY)
async def analyse(request: Request, body: AnalyseRequest) -> Response:
    """Which states must, may or are encouraged to take jurisdiction, on which basis and provision; extradition
    routes and obstacles; duties; warnings. The JSON of `jurex analyse -f json`.

    Body: `{"case": <case object or text>, "regime": "opsc", "assume_all_parties": false}`, or the case file
    itself (application/yaml), with `?regime=...` in the query."""
    from jurisdiction.apps.analysis import analyse as solve

    regime, data = regime_of(body.regime), state(request).data

    def work() -> Any:
        return solve(case_of(body), data, regime=regime, assume_all_parties=body.assume_all_parties).to_dict()

    return answered(await run(request, work))


@router.post("/explain", responses=answers(Explanation), openapi_extra=CASE_FILE_BODY)
async def explain(request: Request, body: ExplainRequest) -> Response:
    """Why a state has each conclusion, and why not each basis it lacks, as trees of reasons down to the facts and
    provisions: `jurex explain --state STATE -f json`. Body: `{"case": ..., "state": "GBR", "regime": "opsc"}`, or
    the case file itself with `?state=GBR`."""
    from jurisdiction.apps.explain import explain as why

    regime, code, data = regime_of(body.regime), state_of("state", body.state), state(request).data
    return answered(await run(request, lambda: why(case_of(body), code, data, regime).to_dict()))


@router.post("/extradite", responses=answers(Extradition))
async def extradite(request: Request, body: ExtraditeRequest) -> Response:
    """Can one state ask another to extradite a person, on what basis, what will it object, and what then:
    `jurex extradite -f json`. Body: `{"case": ..., "from": "SWE", "to": "THA", "person": "offender"}` (JSON
    only: a person's name is case data, never put in a query)."""
    from jurisdiction.apps.extradite import ask_extradition

    regime = regime_of(body.regime)
    requesting, requested = state_of("from", body.requesting), state_of("to", body.requested)

    def work() -> Any:
        return ask_extradition(case_of(body), requesting, requested, body.person, regime).to_dict()

    return answered(await run(request, work))


@router.post("/compare", responses=answers(Comparison), openapi_extra=CASE_FILE_BODY)
async def compare(request: Request, body: CompareRequest) -> Response:
    """The case under several regimes, a row per state and basis, and what each regime adds or lacks against the
    first: `jurex compare -f json`. Body: `{"case": ..., "regimes": ["opsc", "lanzarote"]}`, or the case file
    itself with `?regimes=opsc,lanzarote`."""
    from jurisdiction.apps.compare import compare as side_by_side

    regimes = regimes_of(body.regimes)

    def work() -> Any:
        return side_by_side(case_of(body), regimes, assume_all_parties=body.assume_all_parties).to_dict()

    return answered(await run(request, work))


@router.post("/what-if", responses=answers(WhatIf))
async def what_if(request: Request, body: WhatIfRequest) -> Response:
    """What changes when facts change, without changing the case: `jurex analyse --set ... --add ... -f json`.
    Body: `{"case": ..., "set": ["people.viewer.present_in=THA"], "add": [], "regime": "opsc"}` (JSON only: the
    settings are case data). A setting that names what the case does not have is refused as the command line
    refuses it, with the nearest spelling."""
    from jurisdiction.apps.analysis import analyse as solve
    from jurisdiction.apps.whatif import Setting, editor
    from jurisdiction.apps.whatif import compare as changes_between
    from jurisdiction.input.loader import load_text
    from jurisdiction.render.whatif import changes_json

    regime, data, all_parties = regime_of(body.regime), state(request).data, body.assume_all_parties
    settings = [Setting.parse(a, adds=True) for a in body.add] + [Setting.parse(s) for s in body.set]
    if not settings:
        raise CaseError("set", [_problem("set", "no setting given", "e.g. people.viewer.present_in=THA")],
                        where=words.API_WHERE)  # fmt: skip

    def work() -> Any:
        case = case_of(body)  # the case's own problems first, as the command line reports them
        text = body.case if isinstance(body.case, str) else json.dumps(body.case, ensure_ascii=False)
        name = body.name or ("case.yaml" if isinstance(body.case, str) else "case.json")
        before = solve(case, data, regime=regime, assume_all_parties=all_parties)
        after = solve(load_text(text, name, editor(settings)), data, regime=regime, assume_all_parties=all_parties)
        return changes_json([s.label for s in settings], changes_between(before, after), after)

    return answered(await run(request, work))


@router.post("/validate", responses=answers(Valid), openapi_extra=CASE_FILE_BODY)
async def validate(request: Request, body: CaseRequest) -> Response:
    """Check a case without analysing it: `jurex validate`. A valid case gives its id, its numbers of people and
    offences and the case as jurex reads it (`--normalise`); one that is not, a 400 with each problem (the command
    line's messages). Body: `{"case": ...}`, or the case file itself."""
    from jurisdiction.input.writer import to_yaml

    def work() -> dict[str, Any]:
        case = case_of(body)
        return {
            "valid": True,
            "case": case.id,
            "people": len(case.people),
            "offences": len(case.offences),
            "normalised": to_yaml(case),
        }

    return answered(await run(request, work))


@router.post("/batch", responses=answers(list[BatchLine]))
async def batch(request: Request, body: BatchRequest) -> Response:
    """Many cases in one request, at most 100 (more: 413; `jurex batch` has no bound): a list with one entry per
    case, in order, each a line of `jurex batch` — the case's summary under each regime, or, for a case that
    cannot be used, its `error` with each problem (the other cases are answered all the same). Body:
    `{"cases": [<case object or text>, ...], "regimes": ["opsc"], "assume_all_parties": false}`."""
    from jurisdiction.apps.batch import Item, evaluate_chunk

    if len(body.cases) > MAX_BATCH:
        fix = words.API_BATCH_TOO_MANY_FIX.format(limit=MAX_BATCH)
        message = words.API_BATCH_TOO_MANY.format(n=len(body.cases), limit=MAX_BATCH)
        return problem(413, words.API_BATCH_TITLE, [{"field": "cases", "line": None, "problem": message, "fix": fix}])
    names = [r.name for r in regimes_of(body.regimes)]
    items = [
        Item(i, f"cases[{i}]", c if isinstance(c, str) else json.dumps(c, ensure_ascii=False))
        for i, c in enumerate(body.cases)
    ]
    result = await run(request, evaluate_chunk, items, names, body.assume_all_parties)
    lines = result.lines
    for line, given in zip(lines, body.cases, strict=True):
        if "error" in line and not isinstance(given, str):  # an object's lines would be jurex's rendering's
            for p in line["error"].get("problems", []):
                p["line"] = None
    return answered(lines)


@router.get("/schema", responses={200: {"description": "The JSON Schema of case files (`jurex schema`)."}})
async def schema() -> Response:
    """The JSON Schema of case files (jurex/v2, which reads jurex/v1 too): the same as `jurex schema`."""
    from jurisdiction.input.schema import json_schema

    return answered(json_schema())


DateQuery = Annotated[dt.date | None, Query(description="The date (YYYY-MM-DD). Default: today.")]


@router.get("/states", responses=answers(StatusList, takes_case=False))
async def states(request: Request, at: DateQuery = None) -> Response:
    """Every state jurex knows, with its party status under every regime on a date, by the rules of each
    instrument's entry into force: `jurex states --at DATE -f json`."""
    from jurisdiction.apps.states import status_at
    from jurisdiction.render.states import status_json

    day, data = at or dt.date.today(), state(request).data
    return answered(await run(request, lambda: status_json(day, status_at(day, data))))


@router.get("/states/{code}", responses=answers(StateProfile, takes_case=False))
async def state_profile(request: Request, code: str, at: DateQuery = None) -> Response:
    """One state: its party records, reservations and national law, each value with its source: `jurex states show
    STATE --at DATE -f json`. `code`: ISO alpha-3 (or the state's name)."""
    from jurisdiction.apps.states import describe

    day, data, chosen = at or dt.date.today(), state(request).data, state_of("code", code)
    return answered(await run(request, describe, chosen, day, data))


@router.get("/regimes", responses={200: {"model": list[RegimeOut]}})
async def regimes() -> Response:
    """The regimes jurex reasons with, each with the provisions its rules cite: `jurex regimes -f json`."""
    from jurisdiction.engine.provisions import cited_by_regimes, provisions
    from jurisdiction.engine.regimes import REGIMES
    from jurisdiction.render.regimes import listing

    return answered(listing(list(REGIMES.values()), cited_by_regimes(), provisions()))


@router.get("/provisions", responses={200: {"model": list[ProvisionEntry]}})
async def provisions_table() -> Response:
    """Every provision of the tables (logic/provisions/), with jurex's own paraphrase (never the treaty's text),
    its modality, whether its text is verified, and the regimes whose rules cite it."""
    from jurisdiction.engine.provisions import cited_by_regimes, provisions
    from jurisdiction.engine.regimes import REGIMES

    cited = cited_by_regimes()
    by_file = {r.rule_file: r.label for r in REGIMES.values()}
    return answered(
        [
            {**asdict(p), "cited_by": sorted({by_file[f] for f in cited.get(pid, []) if f in by_file})}
            for pid, p in provisions().items()
        ]
    )
