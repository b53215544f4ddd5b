import pytest

from campaign_portal import jobs
from tests.portal.builders import TEST_BUILDERS


@pytest.fixture
def test_builders(monkeypatch):
    for kind, dotted in TEST_BUILDERS.items():
        monkeypatch.setitem(jobs.BUILDERS, kind, dotted)
