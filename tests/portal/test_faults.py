"""Faults with real processes: a database restart, a broker outage, a worker killed in the middle of a job.

Each runs against a stack of its own (tests/portal/stack.py), so the rest of the suite is not disturbed.
"""

import os

import pytest

from tests.portal.stack import Browser, Postgres, Redis, Stack, missing_tools

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("faults"),
    pytest.mark.skipif(
        bool(missing_tools()) and not os.environ.get("CI"),
        reason=f"needs {', '.join(missing_tools())}",
    ),
]


@pytest.fixture(scope="module")
def stack():
    postgres, redis = Postgres(), Redis()
    postgres.create()
    redis.start()
    stack = Stack(postgres=postgres, redis=redis)
    try:
        stack.prepare()
        stack.start_web()
        stack.start_worker()
        yield stack
    finally:
        stack.stop()
        redis.stop()
        postgres.destroy()


def test_the_next_request_succeeds_after_postgresql_restarts(stack):
    browser = Browser(stack)
    browser.login("district")
    assert browser.get("/committees/")[0] == 200

    stack.postgres.restart()

    status, body = browser.get("/committees/")
    assert status == 200
    assert "Nam Sách" in body
    assert browser.get("/healthz")[0] == 200
