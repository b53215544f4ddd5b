"""Two reviewers act on the same submitted report at the same moment: exactly one wins, the other is told why."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from reporting import services
from reporting.models import Report, ReportStatus, ReportTransition
from tests.reporting.conftest import save

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_accept_and_return_at_once_one_wins(commune_report, users):
    save(commune_report, users.commune, submit=True)
    report = Report.objects.get(pk=commune_report.pk)
    version = report.version
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(name, action):
        try:
            barrier.wait(timeout=10)
            action()
            outcomes[name] = "won"
        except ValidationError as exc:
            outcomes[name] = " ".join(exc.messages)
        finally:
            connection.close()

    accept = threading.Thread(
        target=act, args=("accept", lambda: services.report_accept(report=report, by=users.district, version=version))
    )
    give_back = threading.Thread(
        target=act,
        args=(
            "return",
            lambda: services.report_return(report=report, by=users.office, reason="Thiếu số liệu", version=version),
        ),
    )
    accept.start()
    give_back.start()
    accept.join(20)
    give_back.join(20)

    assert sorted(outcomes) == ["accept", "return"]
    winners = [name for name, outcome in outcomes.items() if outcome == "won"]
    assert len(winners) == 1, outcomes
    loser = "return" if winners == ["accept"] else "accept"
    assert outcomes[loser]  # a message for the person who lost the race, not a crash
    report.refresh_from_db()
    assert report.status == (ReportStatus.ACCEPTED if winners == ["accept"] else ReportStatus.RETURNED)
    assert report.version == version + 1
    decisions = ReportTransition.objects.filter(
        report=report, to_status__in=[ReportStatus.ACCEPTED, ReportStatus.RETURNED]
    )
    assert decisions.count() == 1
