"""`commlint serve` through a real HTTP client against a real uvicorn server on loopback:
auth, limits, errors, batch, rules, health, time limit, dead workers, slow clients and OpenAPI
validity."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

import httpx
import jsonschema
import psutil
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from commlint.config import Config
from commlint.service.app import create_app
from commlint.service.settings import Settings
from commlint.service.workers import WorkerPool
from tests.conftest import ROOT
from tests.service.conftest import (
    BUSY_PHRASE,
    KEEP_ALIVE,
    MARKER,
    MAX_BATCH,
    MAX_BODY,
    READ_TIMEOUT,
    SLOW_PHRASE,
    TIMEOUT,
    TOKEN,
    WORKERS,
    Server,
)

DRAFT = (
    f"Hi {MARKER}, obviously the VPN must be on first. We will fix the printer ASAP. "
    "Thanks for your patience."
)
REPORT_SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text())


def _workers(server: Server) -> list[psutil.Process]:
    """The running check workers (not the killed ones waiting to be reaped)."""
    found = []
    for child in psutil.Process(server.process.pid).children():
        with contextlib.suppress(psutil.Error):
            if child.status() != psutil.STATUS_ZOMBIE and "spawn_main" in " ".join(child.cmdline()):
                found.append(child)
    return found


def _wait_for_workers(server: Server, count: int, gone: set[int] = frozenset()) -> None:
    """Wait until `count` workers serve, none of them one of the `gone` pids."""
    with server.client() as client:
        for _ in range(900):
            pids = {p.pid for p in _workers(server)}
            if (
                len(pids) == count
                and not pids & gone
                and client.get("/healthz").json()["workers"] == count
            ):
                return
            time.sleep(0.2)
    pytest.fail(f"the service did not get back to {count} workers")


def test_service_check_returns_a_valid_report(server: Server) -> None:
    with server.client() as client:
        response = client.post("/v1/check", json={"text": DRAFT, "source": "ticket-42"})
    assert response.status_code == 200
    report = response.json()
    jsonschema.validate(report, REPORT_SCHEMA)
    assert report["source"] == "ticket-42"
    assert {"tone.condescending", "expectations.vague-time"} <= {
        f["rule"] for f in report["findings"]
    }
    first = report["findings"][0]
    assert DRAFT[first["start"] : first["end"]] == first["text"]


def test_service_kind_and_rule_selection(server: Server) -> None:
    with server.client() as client:
        full = client.post("/v1/check", json={"text": DRAFT}).json()
        only = client.post(
            "/v1/check", json={"text": DRAFT, "kind": "resolution", "select": ["tone"]}
        ).json()
        without = client.post("/v1/check", json={"text": DRAFT, "ignore": ["tone"]}).json()
    assert only["kind"] == "resolution" and only["kind_source"] == "given"
    assert only["findings"] and {f["rule"].split(".")[0] for f in only["findings"]} == {"tone"}
    assert only["dimensions"]["tone"] == full["dimensions"]["tone"]
    plain = only["dimensions"]["plain_language"]
    assert plain["findings"] == plain["strengths"] == [] and plain["score"] == round(plain["base"])
    assert not any(f["rule"].startswith("tone.") for f in without["findings"])
    assert without["dimensions"]["tone"]["findings"] == []


EML = (
    "From: desk@example.com\r\nTo: user@example.com\r\nSubject: Printer\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    f"{DRAFT}\r\n\r\nOn Monday, {MARKER} wrote:\r\n> the printer is broken again\r\n"
)


@pytest.mark.parametrize(
    ("fmt", "text"),
    [("markdown", f"# Printer\n\n{DRAFT}\n\n```\nlpstat -t\n```\n"), ("eml", EML)],
)
def test_service_formats(server: Server, fmt: str, text: str) -> None:
    with server.client() as client:
        report = client.post("/v1/check", json={"text": text, "format": fmt}).json()
        plain = client.post("/v1/check", json={"text": DRAFT}).json()
    assert report["excluded"], report
    assert {f["rule"] for f in plain["findings"]} <= {f["rule"] for f in report["findings"]}


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"text": "   "}, "body.text", "empty message"),
        ({"txt": DRAFT}, "body.text", "Field required"),
        ({"text": DRAFT, "kind": "memo"}, "body.kind", "Input should be"),
        ({"text": DRAFT, "format": "docx"}, "body.format", "must be one of text, markdown"),
        ({"text": DRAFT, "select": ["tone.nonsense"]}, "body.select", "no rule matches"),
        ({"text": DRAFT, "ignore": ["nonsense"]}, "body.ignore", "no rule matches"),
        ({"text": DRAFT, "config": {"min_score": 101}}, "body.config.min_score", "less than"),
        ({"text": DRAFT, "config": {"min_scroe": 1}}, "body.config.min_scroe", "Extra inputs"),
    ],
)
def test_service_invalid_request_names_the_field(
    server: Server, body: dict[str, Any], field: str, message: str
) -> None:
    with server.client() as client:
        response = client.post("/v1/check", json=body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error.startswith(f"{field}: ") and message in error, error
    assert MARKER not in response.text  # pydantic's echo of the input is dropped


def test_service_applies_the_senders_thresholds_and_selection(server: Server) -> None:
    with server.client() as client:
        own = client.post("/v1/check", json={"text": DRAFT}).json()
        strict = client.post("/v1/check", json={"text": DRAFT, "config": {"min_score": 100}})
        lenient = client.post(
            "/v1/check",
            json={
                "text": DRAFT,
                "config": {"min_score": 0, "dimension_floor": 0, "fail_on": "never"},
            },
        ).json()
        narrowed = client.post(
            "/v1/check", json={"text": DRAFT, "config": {"ignore": ["tone"]}, "ignore": ["options"]}
        ).json()
    assert strict.status_code == 200 and strict.json()["passed"] is False
    assert lenient["passed"] is True and lenient["mean"] == own["mean"]
    dimensions = {f["dimension"] for f in [*own["findings"], *own["strengths"]]}
    left = {f["dimension"] for f in [*narrowed["findings"], *narrowed["strengths"]]}
    assert "tone" in dimensions and left == dimensions - {"tone", "options"}


def test_service_malformed_json_is_422(server: Server) -> None:
    with server.client() as client:
        response = client.post(
            "/v1/check", content=b'{"text": "Hi', headers={"Content-Type": "application/json"}
        )
    assert response.status_code == 422
    assert response.json()["error"].startswith("body.")
    assert "JSON" in response.json()["error"]


@pytest.mark.parametrize("streamed", [False, True])
def test_service_body_over_the_limit_is_413(server: Server, streamed: bool) -> None:
    body = json.dumps({"text": MARKER + " word" * MAX_BODY}).encode()

    def chunks() -> Any:  # no Content-Length: the limit is counted as the body arrives
        yield from (body[i : i + 1024] for i in range(0, len(body), 1024))

    with server.client() as client:
        response = client.post(
            "/v1/check",
            content=chunks() if streamed else body,
            headers={"Content-Type": "application/json"},
        )
    assert response.status_code == 413
    assert f"{MAX_BODY:,} bytes" in response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "token", "status"),
    [
        ("/v1/rules", None, 401),
        ("/v1/rules", "wrong-token", 401),
        ("/v1/rules", TOKEN, 200),
        ("/openapi.json", None, 401),
        ("/healthz", None, 200),
        ("/readyz", None, 200),
        ("/", None, 200),
    ],
)
def test_service_bearer_token(server: Server, path: str, token: str | None, status: int) -> None:
    with server.client(token) as client:
        response = client.get(path)
    assert response.status_code == status
    if status == 401:
        assert response.headers["WWW-Authenticate"] == "Bearer"


def test_service_check_needs_the_token(server: Server) -> None:
    with server.client(None) as client:
        assert client.post("/v1/check", json={"text": DRAFT}).status_code == 401


def test_service_batch(server: Server) -> None:
    texts = [DRAFT, f"Hello {MARKER}, your laptop is ready at the front desk.", DRAFT.upper()]
    with server.client() as client:
        response = client.post(
            "/v1/check/batch",
            json={"messages": [{"text": t, "source": str(i)} for i, t in enumerate(texts)]},
        )
        single = client.post("/v1/check", json={"text": texts[1], "source": "1"}).json()
        too_many = client.post(
            "/v1/check/batch", json={"messages": [{"text": DRAFT}] * (MAX_BATCH + 1)}
        )
        bad_one = client.post(
            "/v1/check/batch", json={"messages": [{"text": DRAFT}, {"text": " "}]}
        )
    assert response.status_code == 200
    reports = response.json()["reports"]
    assert [r["source"] for r in reports] == ["0", "1", "2"]
    assert reports[1] == single
    assert too_many.status_code == 422
    assert too_many.json()["error"] == f"body.messages: at most {MAX_BATCH} messages per batch"
    assert bad_one.status_code == 422
    assert bad_one.json()["error"].startswith("body.messages.1.text: empty message")


def test_service_rules(server: Server) -> None:
    with server.client() as client:
        listed = client.get("/v1/rules").json()
        one = client.get("/v1/rules/tone.condescending")
        missing = client.get("/v1/rules/tone.nonsense")
    ids = [rule["id"] for rule in listed]
    assert "tone.condescending" in ids and "tone.slow" in ids
    security = next(rule for rule in listed if rule["id"] == "security.credential-in-message")
    assert (security["pack"], security["dimension"]) == ("security", None)  # unscored pack
    assert one.status_code == 200
    assert one.json()["documentation"].startswith("### `tone.condescending`")
    assert missing.status_code == 404 and "tone.nonsense" in missing.json()["detail"]


def test_service_health(server: Server) -> None:
    with server.client(None) as client:
        assert client.get("/healthz").json() == {"status": "ok", "workers": WORKERS}
        assert client.get("/readyz").json() == {"status": "ready", "workers": WORKERS}


def test_service_slow_check_is_abandoned_and_the_worker_replaced(server: Server) -> None:
    before = {p.pid for p in _workers(server)}
    assert len(before) == WORKERS
    with server.client() as client:
        slow = client.post("/v1/check", json={"text": f"{MARKER}, {SLOW_PHRASE}."})
        assert slow.status_code == 503
        assert f"{TIMEOUT:g} s limit" in slow.json()["detail"]
        assert slow.headers["Retry-After"] == "1"
        # the other worker keeps serving while the killed one is replaced
        assert client.post("/v1/check", json={"text": DRAFT}).status_code == 200
    _wait_for_workers(server, WORKERS)
    after = {p.pid for p in _workers(server)}
    assert len(after) == WORKERS and len(before - after) == 1
    assert not any(psutil.pid_exists(pid) for pid in before - after)
    with server.client() as client:
        answers = [client.post("/v1/check", json={"text": DRAFT}).status_code for _ in range(4)]
    assert answers == [200] * 4


def _openapi_validator(document: dict[str, Any], name: str) -> jsonschema.Draft202012Validator:
    """A validator for one schema of the OpenAPI document, its `$ref`s resolved in place."""
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource("urn:openapi", resource)
    return jsonschema.Draft202012Validator(
        {"$ref": f"urn:openapi#/components/schemas/{name}"}, registry=registry
    )


def test_service_openapi_describes_the_answers(server: Server) -> None:
    with server.client() as client:
        document = client.get("/openapi.json").json()
        report = client.post("/v1/check", json={"text": DRAFT}).json()
        batch = client.post("/v1/check/batch", json={"messages": [{"text": DRAFT}]}).json()
        rule = client.get("/v1/rules/tone.condescending").json()
    assert document["openapi"].startswith("3.")
    assert {"/v1/check", "/v1/check/batch", "/v1/rules", "/v1/rules/{rule_id}"} <= set(
        document["paths"]
    )
    check = document["paths"]["/v1/check"]["post"]
    assert check["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Report"
    }
    assert {"401", "413", "422", "503"} <= set(check["responses"])
    for name, value in [("Report", report), ("BatchReport", batch), ("RuleDetail", rule)]:
        _openapi_validator(document, name).validate(value)
    with pytest.raises(jsonschema.ValidationError):
        _openapi_validator(document, "Report").validate({**report, "score": 101})


def test_service_cors_is_off_unless_configured(server: Server) -> None:
    origin = {"Origin": "https://helpdesk.example.com"}
    with server.client() as client:
        assert "access-control-allow-origin" not in client.get("/healthz", headers=origin).headers
    settings = Settings(cors_origins=("https://helpdesk.example.com",), token=TOKEN)
    app = create_app(settings, WorkerPool(Config(), 1, 1.0))
    preflight = {**origin, "Access-Control-Request-Method": "POST"}

    async def ask() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.options("/v1/check", headers=preflight)

    answer = asyncio.run(ask())
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "https://helpdesk.example.com"


def test_service_never_logs_message_text(server: Server) -> None:
    log = server.log.read_text()
    assert "POST /v1/check" in log  # the access log is there, without bodies
    assert MARKER not in log


def _post_ascii(client: httpx.Client, path: str, body: dict[str, Any]) -> httpx.Response:
    """POST `body` as ASCII JSON, so lone surrogates travel as `\\udcff` escapes."""
    content = json.dumps(body).encode()
    return client.post(path, content=content, headers={"Content-Type": "application/json"})


@pytest.mark.parametrize(
    ("path", "body", "field", "message"),
    [
        (
            "/v1/check",
            {"text": "Hi \udcff there"},
            "body.text",
            "lone surrogate U+DCFF at character 3",
        ),
        (
            "/v1/check",
            {"text": EML.replace("Printer", "Print\ud800er"), "format": "eml"},
            "body.text",
            "lone surrogate U+D800",
        ),
        ("/v1/check", {"text": DRAFT, "source": "t-\udcff"}, "body.source", "lone surrogate"),
        ("/v1/check", {"text": DRAFT, "select": ["tone", "\ud800"]}, "body.select.1", "surrogate"),
        (
            "/v1/check",
            {"text": DRAFT, "config": {"select": ["tone.\udcff"]}},
            "body.select",
            "no rule matches 'tone.\\udcff'",
        ),
        (
            "/v1/check",
            {"text": DRAFT, "config": {"min\udcff": 1}},
            "body.config",
            "valid string",
        ),
        (
            "/v1/check/batch",
            {"messages": [{"text": DRAFT}, {"text": "\udcff"}]},
            "body.messages.1.text",
            "lone surrogate",
        ),
    ],
)
def test_service_lone_surrogates_are_422_naming_the_field(
    server: Server, path: str, body: dict[str, Any], field: str, message: str
) -> None:
    with server.client() as client:
        response = _post_ascii(client, path, body)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error.startswith(f"{field}: ") and message in error, error


def _wait_for_log(server: Server, line: str) -> str:
    """The server log once it holds `line` (the access log is written after the answer)."""
    for _ in range(100):
        log = server.log.read_text()
        if line in log:
            return log
        time.sleep(0.05)
    pytest.fail(f"{line!r} never reached the server log")


@pytest.mark.parametrize("name", ["token", "access_token"])
def test_service_never_logs_the_query_string(server: Server, name: str) -> None:
    secret = f"query-secret-{name}-0c4e"
    with server.client(None) as client:
        response = client.get(f"/v1/rules/probe-{name}", params={name: secret})
    assert response.status_code == 401  # a token is only read from the Authorization header
    log = _wait_for_log(server, f'"GET /v1/rules/probe-{name}" 401')
    assert secret not in log


def _exchange_slowly(
    server: Server, request: bytes, drip: bytes, seconds: float
) -> tuple[bytes, float]:
    """Send `request`, then one byte of `drip` every 0.25 s, reading until the server closes
    the connection; returns what it answered and when it closed (or `seconds` if it did not)."""
    address = urlsplit(server.url)
    started = time.monotonic()
    received = b""
    with socket.create_connection((address.hostname, address.port)) as sock:
        sock.sendall(request)
        sock.settimeout(0.25)
        while time.monotonic() - started < seconds:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                with contextlib.suppress(OSError):
                    sock.sendall(drip[:1])
                drip = drip[1:]
                continue
            except ConnectionResetError:
                break
            if not chunk:
                break
            received += chunk
    return received, time.monotonic() - started


HEAD = f"POST /v1/check HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n"


@pytest.mark.parametrize(
    ("request_", "drip", "limit", "answer"),
    [
        (b"", b"", READ_TIMEOUT, b""),  # connects and sends nothing
        (b"GET /healthz HTTP/1.1\r\n", b"X-Slow: " + b"a" * 100, READ_TIMEOUT, b""),  # slowloris
        (
            f"{HEAD}Content-Type: application/json\r\nContent-Length: 500\r\n\r\n".encode(),
            b'{"text": "' + b"a" * 200,
            READ_TIMEOUT,
            f"request body not received within {READ_TIMEOUT:g} s".encode(),
        ),  # a body a byte at a time
        (b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", b"", KEEP_ALIVE, b'"status":"ok"'),
    ],
    ids=["idle", "slow-head", "slow-body", "keep-alive"],
)
def test_service_closes_idle_and_slow_connections(
    server: Server, request_: bytes, drip: bytes, limit: float, answer: bytes
) -> None:
    received, closed_after = _exchange_slowly(server, request_, drip, limit + 10)
    assert limit - 0.5 <= closed_after <= limit + 3, closed_after
    assert answer in received
    if b"not received" in answer:
        assert received.startswith(b"HTTP/1.1 408 ")


def test_service_killed_idle_worker_costs_no_request(server: Server) -> None:
    _wait_for_workers(server, WORKERS)
    victim = _workers(server)[0].pid
    os.kill(victim, signal.SIGKILL)
    with server.client() as client:
        answers = [client.post("/v1/check", json={"text": DRAFT}).status_code for _ in range(4)]
    assert answers == [200] * 4
    _wait_for_workers(server, WORKERS, gone={victim})


def test_service_check_is_retried_when_its_worker_is_killed(server: Server) -> None:
    _wait_for_workers(server, WORKERS)
    server.busy.unlink(missing_ok=True)
    with ThreadPoolExecutor(1) as thread, server.client() as client:
        pending = thread.submit(
            client.post, "/v1/check", json={"text": f"{MARKER}, please {BUSY_PHRASE}."}
        )
        for _ in range(600):
            if server.busy.exists() and server.busy.read_text():
                break
            time.sleep(0.05)
        victim = int(server.busy.read_text())
        server.busy.unlink()
        os.kill(victim, signal.SIGKILL)
        response = pending.result(timeout=60)
    assert response.status_code == 200, response.text
    assert int(server.busy.read_text()) != victim  # answered by another worker
    _wait_for_workers(server, WORKERS, gone={victim})


def test_service_answers_503_at_once_while_every_worker_restarts(server: Server) -> None:
    _wait_for_workers(server, WORKERS)
    victims = {p.pid for p in _workers(server)}
    for pid in victims:
        os.kill(pid, signal.SIGKILL)
    answers = []
    with server.client() as client:
        for _ in range(3):
            started = time.monotonic()
            response = client.post("/v1/check", json={"text": DRAFT})
            answers.append((response.status_code, time.monotonic() - started))
            assert response.headers["Retry-After"] == "1"
            assert "restarting" in response.json()["detail"]
    assert [status for status, _ in answers] == [503] * 3
    assert max(seconds for _, seconds in answers) < 2, answers  # not the wait for a free worker
    _wait_for_workers(server, WORKERS, gone=victims)
    with server.client() as client:
        assert client.post("/v1/check", json={"text": DRAFT}).status_code == 200
