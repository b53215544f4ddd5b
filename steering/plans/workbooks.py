"""The plans, tasks, activities and monitoring lists as Excel workbooks (headers in the user's language)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext as _

from campaign_portal.xlsx import Column, Sheet, build_workbook
from steering.models import FIGURE_FIELDS, Activity, ContentArea, MonitoringAssignment, Plan, PlanTask, TaskStatus


def _d(date: datetime.date | None) -> str:
    return date.strftime("%d/%m/%Y") if date else ""


# --- Excel ---------------------------------------------------------------------------------------------------


def _task_columns() -> list[Column]:
    # About 200 characters wide: one landscape page across at about 75 %, the sentences wrapped in their cells.
    return [
        Column(_("Plan"), width=11, repeat=True),
        Column(_("Section"), width=7),
        Column(_("Content area"), width=18, wrap=True),
        Column(_("Task"), width=44, wrap=True),
        Column(_("Lead"), width=24, wrap=True),
        Column(_("Unit"), width=18, wrap=True),
        Column(_("Due date"), width=11, number_format="DD/MM/YYYY"),
        Column(_("Recurrence"), width=11, wrap=True),
        Column(_("Current deadline"), width=11, number_format="DD/MM/YYYY"),
        Column(_("Status"), width=12, wrap=True),
        Column(_("Overdue"), width=7),
        Column(_("Expected output"), width=26, wrap=True),
    ]


def _task_row(task: PlanTask, today: datetime.date) -> list:
    overdue = task.is_open and task.current_due is not None and task.current_due < today
    return [
        task.plan.number,
        task.section,
        str(ContentArea(task.content_area).label),
        task.title,
        str(task.lead_label),
        task.unit.name,
        task.due_date,
        task.get_recurrence_display(),
        task.current_due,
        str(TaskStatus(task.status).label),
        _("yes") if overdue else "",
        task.expected_output,
    ]


def tasks_workbook(*, tasks: Iterable[PlanTask], title: str, today: datetime.date, header_lines=()) -> bytes:
    rows = [_task_row(t, today) for t in tasks]
    return build_workbook([Sheet(_("Tasks"), _task_columns(), rows, header_lines=list(header_lines))])


def plan_workbook(*, plan: Plan, tasks: Iterable[PlanTask], by_area, by_assignee, today: datetime.date) -> bytes:
    header = [f"{plan.number} – {plan.title}", _("Date: %(date)s") % {"date": _d(plan.date)}]
    progress_columns = [
        Column(_("Group"), width=50, wrap=True, repeat=True),
        Column(_("Tasks"), width=9),
        Column(_("Done"), width=9),
        Column(_("In progress"), width=11),
        Column(_("Blocked"), width=9),
        Column(_("Not started"), width=11),
        Column(_("Overdue"), width=9),
    ]

    def rows(progress):
        return [[str(r.label), r.total, r.done, r.in_progress, r.blocked, r.not_started, r.overdue] for r in progress]

    return build_workbook(
        [
            Sheet(_("Tasks"), _task_columns(), [_task_row(t, today) for t in tasks], header_lines=header),
            Sheet(_("By content area"), progress_columns, rows(by_area), header_lines=header),
            Sheet(_("By assignee"), progress_columns, rows(by_assignee), header_lines=header),
        ]
    )


def activities_workbook(*, activities: Iterable[Activity], header_lines=()) -> bytes:
    # Numbers show as they are (1.234; 12,5 for a revenue in millions), never 12.00. Narrow figure columns (their
    # headers wrap) keep the sheet one landscape page across.
    figure_columns = [Column(str(Activity._meta.get_field(n).verbose_name), width=9) for n in FIGURE_FIELDS]
    columns = [
        Column(_("Date"), width=10, number_format="DD/MM/YYYY", repeat=True),
        Column(_("Unit"), width=16, wrap=True, repeat=True),
        Column(_("Kind"), width=16, wrap=True),
        Column(_("Content area"), width=18, wrap=True),
        Column(_("Title"), width=32, wrap=True),
        Column(_("Place"), width=16, wrap=True),
        *figure_columns,
    ]
    rows = [
        [
            a.date,
            a.unit.name,
            a.get_kind_display(),
            a.get_content_area_display(),
            a.title,
            a.place,
            *[getattr(a, n) for n in FIGURE_FIELDS],
        ]
        for a in activities
    ]
    return build_workbook([Sheet(_("Activities"), columns, rows, header_lines=list(header_lines))])


def assignments_workbook(*, assignments: Iterable[MonitoringAssignment]) -> bytes:
    columns = [
        Column(_("Committee"), width=24, wrap=True, repeat=True),
        Column(_("Member"), width=22, wrap=True),
        Column(_("Agency"), width=26, wrap=True),
        Column(_("Units followed"), width=50, wrap=True),
        Column(_("From"), width=11, number_format="DD/MM/YYYY"),
        Column(_("Until"), width=11, number_format="DD/MM/YYYY"),
        Column(_("Visits"), width=8),
    ]
    rows = [
        [
            a.committee.unit.name,
            a.person.full_name,
            a.membership.agency.name if a.membership_id and a.membership.agency_id else "",
            ", ".join(u.name for u in a.units.all()),
            a.start_date,
            a.end_date,
            a.visit_count,
        ]
        for a in assignments
    ]
    return build_workbook([Sheet(_("Monitoring"), columns, rows)])


def plans_workbook(*, plans: Iterable[Plan]) -> bytes:
    columns = [
        Column(_("Number"), width=14, repeat=True),
        Column(_("Date"), width=11, number_format="DD/MM/YYYY"),
        Column(_("Title"), width=56, wrap=True),
        Column(_("Unit"), width=22, wrap=True),
        Column(_("Implements plan number"), width=16, wrap=True),
        Column(_("Tasks"), width=8),
        Column(_("Done"), width=8),
        Column(_("Overdue"), width=9),
    ]
    rows = [
        [p.number, p.date, p.title, p.unit.name, p.implements_number, p.n_total, p.n_done, p.n_overdue] for p in plans
    ]
    return build_workbook([Sheet(_("Plans"), columns, rows)])
