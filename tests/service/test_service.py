"""`commlint serve` through a real HTTP client against a real uvicorn server on loopback:
auth, limits, errors, batch, rules, health, time limit and OpenAPI validity."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

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
    MARKER,
    MAX_BATCH,
    MAX_BODY,
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
    return [
        child
        for child in psutil.Process(server.process.pid).children()
        if "spawn_main" in " ".join(child.cmdline())
    ]


def _wait_for_workers(server: Server, count: int) -> None:
    with server.client() as client:
        for _ in range(600):
            if client.get("/healthz").json()["workers"] == count:
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
