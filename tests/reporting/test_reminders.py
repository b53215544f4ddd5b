"""Reminders: who gets a digest on which day, escalation of overdue reports, at most one e-mail a day."""

import datetime

import pytest
from django.core import mail

from reporting import services
from reporting.models import ReminderLog, Report
from steering.models import Role
from tests.reporting.conftest import save
from tests.steering.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailboxes(users, tree):
    """Give the personas addresses (the shared fixture creates them without)."""
    for user in (users.commune, users.district, users.office, users.outsider, users.viewer):
        user.email = f"{user.username}@example.vn"
        user.save(update_fields=["email"])
    return users


def _due(report) -> datetime.date:
    return Report.objects.get(pk=report.pk).due_date


def test_it_reminds_the_unit_n_days_before_and_on_the_deadline(commune_report, mailboxes):
    due = _due(commune_report)
    for today in (due - datetime.timedelta(days=3), due):
        who = services.reminder_recipients(today=today, days_before=3)
        commune_items = {u.username: items for u, items in who.items()}["commune"]
        assert [i.report.pk for i in commune_items] == [commune_report.pk]
    quiet = services.reminder_recipients(today=due - datetime.timedelta(days=1), days_before=3)
    assert "commune" not in {u.username for u in quiet}


def test_it_escalates_overdue_reports_to_the_reviewing_unit(commune_report, mailboxes):
    day_after = _due(commune_report) + datetime.timedelta(days=1)
    who = {u.username: items for u, items in services.reminder_recipients(today=day_after, days_before=3).items()}
    assert any(i.report.pk == commune_report.pk and i.as_reviewer for i in who["district"])
    assert any(i.report.pk == commune_report.pk and i.overdue and not i.as_reviewer for i in who["commune"])
    assert all(i.report.pk != commune_report.pk for i in who.get("outsider", []))  # 288 reviews only its own
    assert "viewer" not in who


def test_submitted_reports_get_no_reminder(commune_report, mailboxes):
    save(commune_report, mailboxes.commune, submit=True)
    due = _due(commune_report)
    assert "commune" not in {u.username for u in services.reminder_recipients(today=due, days_before=3)}


def test_one_digest_per_person_per_day(h1, tree, mailboxes):
    commune_due = Report.objects.get(period=h1, unit=tree.commune).due_date
    district_due = Report.objects.get(period=h1, unit=tree.district).due_date
    day_after = commune_due + datetime.timedelta(days=1)  # the commune's is overdue, the district's comes due
    days_before = (district_due - day_after).days
    sent = services.report_reminders_send(today=day_after, days_before=days_before)
    assert sent == len(mail.outbox) > 0
    to = [m.to[0] for m in mail.outbox]
    assert len(to) == len(set(to))  # one message per person, not one per report
    district_mail = next(m for m in mail.outbox if m.to == ["district@example.vn"])
    assert "Xã Nam Hồng" in district_mail.body and "Huyện Nam Sách" in district_mail.body
    assert services.report_reminders_send(today=day_after, days_before=days_before) == 0  # second run the same day
    assert len(mail.outbox) == sent
    assert ReminderLog.objects.filter(date=day_after).count() == sent


def test_people_without_an_address_or_a_staff_role_are_skipped(commune_report, mailboxes, tree):
    UserFactory(username="noaddress", unit=tree.commune, roles=[Role.UNIT_STAFF])
    UserFactory(username="reader", unit=tree.commune, roles=[Role.VIEWER], email="reader@example.vn")
    who = {u.username for u in services.reminder_recipients(today=_due(commune_report), days_before=3)}
    assert "commune" in who and "noaddress" not in who and "reader" not in who


def test_the_task_calls_the_service(commune_report, mailboxes, monkeypatch):
    from reporting import tasks

    calls = []
    monkeypatch.setattr(services, "report_reminders_send", lambda: calls.append(1) or 0)
    tasks.report_reminders_send.delay()
    assert calls == [1]
