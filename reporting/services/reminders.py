"""Reminder e-mails: one digest per person per day of the reports due soon or overdue."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reporting.models import (
    ReminderLog,
    Report,
    ReportingPeriod,
    ReportStatus,
)
from steering.models import Role, User

logger = logging.getLogger(__name__)


@dataclass
class ReminderItem:
    report: Report
    overdue: bool
    as_reviewer: bool


def _reminder_due(report: Report, today: datetime.date, days_before: int) -> tuple[bool, bool]:
    """(remind the unit, escalate to the reviewer) for one unsubmitted report on `today`."""
    days_left = (report.due_date - today).days
    if days_left in (days_before, 0):
        return True, False
    if days_left < 0:
        # Overdue: the unit and the reviewing unit hear about it the day after, then once a week.
        return (-days_left) % 7 == 1, (-days_left) % 7 == 1
    return False, False


def reminder_recipients(*, today: datetime.date | None = None, days_before: int | None = None):
    """{user: [ReminderItem]} of the digests due today, leaving out people who already got today's."""
    today = today or timezone.localdate()
    if days_before is None:
        days_before = getattr(settings, "REPORT_REMINDER_DAYS_BEFORE", 3)
    reports = (
        Report.objects.filter(
            period__status=ReportingPeriod.Status.OPEN,
            status__in=[ReportStatus.NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED],
        )
        .filter(Q(due_date__in=[today, today + datetime.timedelta(days=days_before)]) | Q(due_date__lt=today))
        .select_related("period", "unit", "agency", "reviewer_unit")
    )
    unit_items: dict[int, list[ReminderItem]] = defaultdict(list)
    reviewer_items: dict[int, list[ReminderItem]] = defaultdict(list)
    for report in reports:
        remind, escalate = _reminder_due(report, today, days_before)
        overdue = report.due_date < today
        if remind:
            unit_items[report.unit_id].append(ReminderItem(report, overdue, False))
        if escalate and report.reviewer_unit_id:
            reviewer_items[report.reviewer_unit_id].append(ReminderItem(report, overdue, True))
    if not unit_items and not reviewer_items:
        return {}
    already = set(ReminderLog.objects.filter(date=today).values_list("user_id", flat=True))
    users = (
        User.objects.filter(is_active=True, unit_id__in=set(unit_items) | set(reviewer_items))
        .exclude(email="")
        .filter(groups__name__in=[Role.UNIT_STAFF, Role.PROVINCIAL_OFFICE])
        .exclude(pk__in=already)
        .distinct()
        .order_by("pk")
    )
    result: dict[User, list[ReminderItem]] = {}
    for user in users:
        items = unit_items.get(user.unit_id, []) + reviewer_items.get(user.unit_id, [])
        # An agency's report is filled by the provincial office: unit staff of that unit only get their own.
        if items:
            result[user] = items
    return result


def report_reminders_send(*, today: datetime.date | None = None, days_before: int | None = None) -> int:
    """Send today's digests: one e-mail per person per day, recorded so that a second run sends nothing."""
    today = today or timezone.localdate()
    sent = 0
    for user, items in reminder_recipients(today=today, days_before=days_before).items():
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    user=user, date=today, email=user.email, report_ids=[i.report.pk for i in items]
                )
                with translation.override(settings.LANGUAGE_CODE):
                    context = {"user": user, "items": items, "today": today}
                    subject = _("Reports due: %(count)s report(s) need attention") % {"count": len(items)}
                    body = render_to_string("reporting/email/reminder_digest.txt", context)
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except IntegrityError:
            continue  # another run got there first
        except Exception:  # noqa: BLE001 - one bad address must not stop the others; the log row rolled back
            logger.exception("reminder to %s failed", user.email)
            continue
        sent += 1
    return sent
