"""A bounded soak of `commlint serve`: workers are recycled after their checks and past their
memory threshold, memory per worker stays bounded, and no request is refused meanwhile. The
full run is `python -m bench.service_soak` (docs/service.md)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from bench.service_soak import MIB, distinct_messages, soak

from tests.service.conftest import Server, start_server, stop_server

RECYCLE_AFTER = 25
RECYCLE_GROWTH = 3  # MiB: 100 new words cost a worker about 170 KB, so some 18 checks
SLACK = 24  # MiB the old worker may still grow while its replacement loads
DRAFT = "Hi Sam, thanks for waiting. The printer on floor 2 works again; I will check in at 3 pm."


@pytest.fixture(scope="module")
def recycling(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(
        tmp_path_factory.mktemp("soak"),
        "--workers=2",
        f"--recycle-after={RECYCLE_AFTER}",
        f"--recycle-growth={RECYCLE_GROWTH}",
    )
    yield running
    stop_server(running)


def _recycled_after(server: Server) -> list[int]:
    """The check counts at which workers were recycled, from the service log."""
    log = server.log.read_text()
    return [int(n) for n in re.findall(r"recycling worker \d+ after (\d+) checks", log)]


def test_soak_recycles_after_a_number_of_checks(recycling: Server) -> None:
    run = soak(recycling.url, recycling.process.pid, 2, [DRAFT] * 3 * RECYCLE_AFTER, clients=2)
    assert run.statuses == {200: 3 * RECYCLE_AFTER}  # no request refused while recycling
    assert _recycled_after(recycling).count(RECYCLE_AFTER) >= 2
    assert run.recycled >= 2


def test_soak_memory_per_worker_stays_bounded(recycling: Server) -> None:
    counted = len(_recycled_after(recycling))
    run = soak(recycling.url, recycling.process.pid, 2, distinct_messages(200, 100), clients=4)
    assert run.statuses == {200: 200}
    by_memory = [n for n in _recycled_after(recycling)[counted:] if n < RECYCLE_AFTER]
    assert by_memory, "no worker was recycled for its memory"
    bound = max(run.before.values()) + (RECYCLE_GROWTH + SLACK) * MIB
    assert max(run.peaks.values()) <= bound, {p: size // MIB for p, size in run.peaks.items()}
