"""The FastAPI app: routes, auth, body limit and error shapes. Checks run in `WorkerPool`.

Message text is never logged: the access log has method, path and status only, and errors log
their type, never the request body (customer messages carry personal data). Nor is the query
string: a token put there by mistake must not reach the log (only the `Authorization` header
is read for it).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from commlint import __version__
from commlint.report import Report
from commlint.service.models import (
    BatchReport,
    BatchRequest,
    CheckRequest,
    FixRequest,
    FixResponse,
    Health,
    Problem,
    RuleDetail,
    RuleSummary,
)
from commlint.service.page import render_page
from commlint.service.settings import Settings
from commlint.service.workers import Invalid, Job, Unavailable, WorkerPool

log = logging.getLogger("commlint.service")
access_log = logging.getLogger("commlint.access")

OPEN_PATHS = frozenset({"/healthz", "/readyz", "/"})
"""Paths that need no token: health probes, and the page itself (static; its checks do)."""

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "description": why}
    for code, why in {
        401: "Missing or wrong bearer token (when `COMMLINT_TOKEN` is set).",
        408: "The request body did not arrive within the read time limit.",
        413: "Request body over the size limit.",
        503: "The check ran past the time limit, or no worker was free.",
    }.items()
}


class AccessLog:
    """One line per request: client, method, path, status and milliseconds. Never the query
    string or the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # unless the app answers

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            host, port = scope.get("client") or ("-", 0)
            access_log.info(
                '%s:%d "%s %s" %d %.0f ms',
                host,
                port,
                scope["method"],
                scope["path"],
                status,
                (time.perf_counter() - started) * 1000,
            )


class BodyLimit:
    """413 for a body over `limit` bytes, by Content-Length or counted as it streams in, and
    408 for a body still arriving `read_timeout` seconds after the app started reading it.

    Either is answered here, with `Connection: close`, and the app is told the client left,
    so the body is never read in full and the app's own answer is dropped.
    """

    def __init__(self, app: ASGIApp, limit: int, read_timeout: float) -> None:
        self.app = app
        self.limit = limit
        self.read_timeout = read_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = _problem(413, f"request body over {self.limit:,} bytes (--max-body)")
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.limit:
            too_large.headers["Connection"] = "close"
            await too_large(scope, receive, send)
            return
        seen = 0
        rejected = complete = False
        deadline: float | None = None

        async def counted() -> Message:
            nonlocal seen, rejected, complete, deadline
            if rejected:
                return {"type": "http.disconnect"}
            if complete:  # the body is in: the app is waiting for a disconnect, if anything
                return await receive()
            loop = asyncio.get_running_loop()
            deadline = deadline or loop.time() + self.read_timeout
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                late = f"request body not received within {self.read_timeout:g} s"
                return await reject(_problem(408, f"{late} (--read-timeout)"))
            seen += len(message.get("body", b""))
            if seen > self.limit:
                return await reject(too_large)
            complete = not message.get("more_body", False)
            return message

        async def reject(response: Response) -> Message:
            nonlocal rejected
            rejected = True
            response.headers["Connection"] = "close"
            await response(scope, receive, send)
            return {"type": "http.disconnect"}

        async def unless_rejected(message: Message) -> None:
            if not rejected:
                await send(message)

        await self.app(scope, counted, unless_rejected)


class BearerAuth:
    """401 unless `Authorization: Bearer <token>` matches, compared in constant time."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.expected = f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"authorization", b"")
        if hmac.compare_digest(given, self.expected):
            await self.app(scope, receive, send)
            return
        response = _problem(401, "missing or wrong bearer token")
        response.headers["WWW-Authenticate"] = "Bearer"
        await response(scope, receive, send)


def _problem(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


def _json(body: str, status: int = 200) -> Response:
    """Report JSON as the worker wrote it: validated there, not parsed again here."""
    return Response(body, status_code=status, media_type="application/json")


def _unprocessable(errors: list[dict[str, Any]]) -> Response:
    """422 in FastAPI's shape, plus `error`: the first problem in one line, field first."""
    first = errors[0]
    summary = f"{'.'.join(str(part) for part in first['loc'])}: {first['msg']}"
    return JSONResponse({"detail": errors, "error": summary}, status_code=422)


async def _invalid_request(request: Request, exc: Exception) -> Response:
    """The field at fault; pydantic's echo of the input is dropped (it may be the message)."""
    assert isinstance(exc, RequestValidationError)
    errors = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
    return _unprocessable(errors or [{"loc": ["body"], "msg": "invalid request"}])


def _invalid_field(exc: Invalid, prefix: tuple[int | str, ...] = ("body",)) -> Response:
    return _unprocessable(
        [{"loc": [*prefix, exc.field], "msg": exc.message, "type": "value_error"}]
    )


def _job(body: CheckRequest) -> Job:
    kind = body.kind.value if body.kind is not None else None
    select, ignore = body.select, body.ignore
    if body.config is not None:
        select, ignore = select or body.config.select, [*body.config.ignore, *ignore]
    return Job(body.text, body.format, kind, body.source, tuple(select), tuple(ignore), body.config)


def create_app(settings: Settings, pool: WorkerPool) -> FastAPI:
    """The app, checking in `pool`; the caller starts and closes the pool (see `cli/serve.py`),
    so a worker that cannot load is a one-line error before the port opens."""
    app = FastAPI(
        title="commlint",
        version=__version__,
        summary="Lint support messages before they are sent.",
        docs_url=None,  # the interactive docs load scripts from a CDN; the service is offline
        redoc_url=None,
        responses=_ERRORS,
    )
    app.add_exception_handler(RequestValidationError, _invalid_request)

    async def run(call: Callable[[], Awaitable[Response]]) -> Response:
        try:
            return await call()
        except Unavailable as exc:
            raise HTTPException(503, exc.message, headers={"Retry-After": "1"}) from None
        except RuntimeError as exc:
            log.error("check failed: %s", exc)
            raise HTTPException(500, "internal error in a rule; see the service log") from None

    @app.post("/v1/check", response_model=Report, tags=["check"])
    async def check(body: CheckRequest) -> Response:
        """Check one message and return its report."""

        async def call() -> Response:
            try:
                return _json(await pool.check(_job(body)))
            except Invalid as exc:
                return _invalid_field(exc)

        return await run(call)

    @app.post("/v1/fix", response_model=FixResponse, tags=["check"])
    async def fix(body: FixRequest) -> Response:
        """Apply the safe replacements (`commlint fix`) and return the fixed text; a fix that
        would bring a new finding is left out and listed in `not_fixed`."""
        kind = body.kind.value if body.kind is not None else None

        async def call() -> Response:
            try:
                return _json(await pool.check(Job(body.text, body.format, kind, fix=True)))
            except Invalid as exc:
                return _invalid_field(exc)

        return await run(call)

    @app.post("/v1/check/batch", response_model=BatchReport, tags=["check"])
    async def check_batch(body: BatchRequest) -> Response:
        """Check up to `max_batch` messages in parallel; reports come back in request order."""
        if len(body.messages) > settings.max_batch:
            message = f"at most {settings.max_batch} messages per batch"
            return _invalid_field(Invalid("messages", message))

        async def call() -> Response:
            jobs = [pool.check(_job(message)) for message in body.messages]
            results = await asyncio.gather(*jobs, return_exceptions=True)
            for index, result in enumerate(results):
                if isinstance(result, Invalid):
                    return _invalid_field(result, ("body", "messages", index))
            reports = []
            for result in results:
                if isinstance(result, BaseException):
                    raise result
                reports.append(result)
            return _json('{"reports":[' + ",".join(reports) + "]}")

        return await run(call)

    @app.get("/v1/rules", response_model=list[RuleSummary], tags=["rules"])
    async def rules() -> list[RuleSummary]:
        """The rules that run, in id order."""
        fields = RuleSummary.model_fields
        return [RuleSummary(**{k: v for k, v in r.items() if k in fields}) for r in pool.rules]

    @app.get(
        "/v1/rules/{rule_id}",
        response_model=RuleDetail,
        tags=["rules"],
        responses={404: {"model": Problem, "description": "No such rule."}},
    )
    async def rule(rule_id: str) -> RuleDetail:
        """One rule with its documentation."""
        for entry in pool.rules:
            if entry["id"] == rule_id:
                return RuleDetail.model_validate(entry)
        raise HTTPException(404, f"no rule {rule_id!r}; see /v1/rules")

    @app.get("/healthz", response_model=Health, tags=["health"])
    async def healthz() -> Health:
        """Alive: the app answers (workers may still be loading)."""
        return Health(status="ok", workers=pool.live)

    @app.get(
        "/readyz",
        response_model=Health,
        tags=["health"],
        responses={503: {"model": Health, "description": "No worker has loaded the pipeline."}},
    )
    async def readyz() -> Response:
        """Ready: at least one worker has loaded the pipeline and can check."""
        ready = pool.live > 0
        health = Health(status="ready" if ready else "loading", workers=pool.live)
        return _json(health.model_dump_json(), 200 if ready else 503)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page() -> HTMLResponse:
        return HTMLResponse(page_html)

    page_html = render_page(config=settings.config)
    if settings.token:
        app.add_middleware(BearerAuth, token=settings.token)
    app.add_middleware(BodyLimit, limit=settings.max_body, read_timeout=settings.read_timeout)
    if settings.cors_origins:  # outermost, so preflight requests need no token
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(AccessLog)
    return app
