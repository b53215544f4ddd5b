"""The plan as an official PDF (KẾ HOẠCH, Decree 30 layout) and the lists as Excel workbooks.

The PDF is an official Vietnamese document, so its fixed headings are Vietnamese text, as on the signed paper
(MỤC ĐÍCH, YÊU CẦU …); the Excel headers are user-facing strings and follow the user's language.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import gettext as _

from campaign_portal.pdf import Bullets, Heading, OfficialDocument, Para, Table, render_pdf
from campaign_portal.xlsx import Column, Sheet, build_workbook
from steering.models import FIGURE_FIELDS, Activity, ContentArea, MonitoringAssignment, Plan, PlanTask, TaskStatus

# The content-area headings of section II, as Kế hoạch 98/KH-MT words them.
AREA_HEADINGS_VI = {
    ContentArea.PROPAGANDA: "Công tác tuyên truyền thực hiện Cuộc vận động",
    ContentArea.POLICY: "Rà soát các chính sách hỗ trợ doanh nghiệp của bộ, ngành, địa phương",
    ContentArea.MARKET: (
        "Tăng cường công tác phối hợp kiểm tra, kiểm soát thị trường; nâng cao hiệu quả công tác giám sát, khảo sát"
    ),
    ContentArea.TRADE: (
        "Công tác vận động, kêu gọi đầu tư, mở rộng thị trường, đưa hàng Việt Nam về nông thôn và khu công nghiệp"
    ),
    ContentArea.COMMITTEES: "Kiện toàn Ban chỉ đạo cuộc vận động",
    ContentArea.CONSUMERS: (
        "Tăng cường trách nhiệm của các cơ quan, tổ chức trong việc bảo vệ quyền lợi của người tiêu dùng"
    ),
}
RECURRENCE_VI = {1: "hằng tháng", 3: "hằng quý", 6: "định kỳ 6 tháng", 12: "hằng năm"}
ROMAN = ["I", "II", "III", "IV", "V", "VI"]


def _d(date: datetime.date | None) -> str:
    return date.strftime("%d/%m/%Y") if date else ""


def _deadline_vi(task: PlanTask) -> str:
    if task.recurrence:
        first = f", từ {_d(task.due_date)}" if task.due_date else ""
        return f"{RECURRENCE_VI.get(task.recurrence, '')}{first}"
    return _d(task.due_date) or "Thường xuyên"


def plan_document(*, plan: Plan, tasks: list[PlanTask], cascaded_units: dict[int, int], issuer) -> OfficialDocument:
    """Build the KẾ HOẠCH from the plan's own tasks. `cascaded_units`: task id -> number of committees it went to."""
    intro = ""
    if plan.implements_number:
        of_date = f" ngày {_d(plan.implements_date)}" if plan.implements_date else ""
        by = f" của {plan.implements_issuer}" if plan.implements_issuer else ""
        intro = f"Thực hiện Kế hoạch số {plan.implements_number}{of_date}{by}, "
    subject = plan.title[:1].lower() + plan.title[1:]
    intro += f"{issuer.issuing_body.capitalize()} xây dựng Kế hoạch {subject} như sau:"
    body: list = [Para(intro)]
    part = 0
    if plan.purpose:
        body += [Heading(f"{ROMAN[part]}. MỤC ĐÍCH, YÊU CẦU"), Para(plan.purpose)]
        part += 1
    body.append(Heading(f"{ROMAN[part]}. NỘI DUNG TRỌNG TÂM NĂM {plan.year}"))
    part += 1
    # Section II is the content, section III who does what; tasks without a section number count as content.
    organisation = [t for t in tasks if t.section.upper().startswith("III")]
    content = [t for t in tasks if t not in organisation]
    by_area: dict[int, list[PlanTask]] = {}
    for task in content:
        by_area.setdefault(task.content_area, []).append(task)
    for i, area in enumerate(sorted(by_area), start=1):
        body.append(Heading(f"{i}. {AREA_HEADINGS_VI[area]}", level=2))
        body.append(
            Bullets(
                [
                    f"{t.description or t.title} (Chủ trì: {t.lead_label}; thời hạn: {_deadline_vi(t)})"
                    for t in by_area[area]
                ]
            )
        )
    body.append(Heading(f"{ROMAN[part]}. TỔ CHỨC THỰC HIỆN"))
    by_lead: dict[str, list[PlanTask]] = {}
    for task in organisation or tasks:
        label = "Ban Chỉ đạo cấp dưới trực tiếp" if cascaded_units.get(task.pk) else str(task.lead_label)
        by_lead.setdefault(label, []).append(task)
    for i, (label, items) in enumerate(by_lead.items(), start=1):
        body.append(Heading(f"{i}. {label}", level=2))
        body.append(Bullets([f"{t.title} (thời hạn: {_deadline_vi(t)})" for t in items]))
    body.append(
        Para(
            "Các cơ quan, đơn vị được phân công báo cáo kết quả thực hiện bằng văn bản định kỳ 6 tháng và 01 năm "
            "về cơ quan Thường trực để tổng hợp."
        )
    )
    rows = []
    for n, task in enumerate(tasks, start=1):
        lead = str(task.lead_label)
        if cascaded_units.get(task.pk):
            lead += f" và {cascaded_units[task.pk]} Ban Chỉ đạo cấp dưới"
        rows.append(
            [
                n,
                task.title,
                lead,
                ", ".join(a.short_name or a.name for a in task.co_agencies.all()),
                _deadline_vi(task),
                task.expected_output,
            ]
        )
    annex = [
        Table(
            columns=["STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn", "Sản phẩm dự kiến"],
            rows=rows,
            col_widths=[0.6, 3.0, 2.0, 1.3, 1.5, 1.7],
            title="PHÂN CÔNG NHIỆM VỤ",
        )
    ]
    return OfficialDocument.for_issuer(
        issuer,
        number=plan.number,
        date=plan.date,
        doc_type="KH",
        subject=plan.title,
        body=body,
        recipients=[
            "Các thành viên Ban Chỉ đạo;",
            "Ban Thường trực Ủy ban MTTQ cấp dưới;",
            "Lưu: VT, Ban Phong trào.",
        ],
        annex=annex,
    )


def plan_pdf(*, plan: Plan, tasks: list[PlanTask], cascaded_units: dict[int, int], issuer) -> bytes:
    with translation.override("vi"):  # an official document reads in Vietnamese whatever the user's language
        return render_pdf(plan_document(plan=plan, tasks=tasks, cascaded_units=cascaded_units, issuer=issuer))


# --- Excel ---------------------------------------------------------------------------------------------------


def _task_columns() -> list[Column]:
    return [
        Column(_("Plan"), width=14),
        Column(_("Section"), width=8),
        Column(_("Content area"), width=28),
        Column(_("Task"), width=50),
        Column(_("Lead"), width=34),
        Column(_("Unit"), width=22),
        Column(_("Due date"), width=12, number_format="DD/MM/YYYY"),
        Column(_("Recurrence"), width=14),
        Column(_("Current deadline"), width=12, number_format="DD/MM/YYYY"),
        Column(_("Status"), width=14),
        Column(_("Overdue"), width=9),
        Column(_("Expected output"), width=30),
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
        Column(_("Group"), width=50),
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
    figure_columns = [
        Column(str(Activity._meta.get_field(n).verbose_name), width=12, number_format="#,##0.##") for n in FIGURE_FIELDS
    ]
    columns = [
        Column(_("Date"), width=12, number_format="DD/MM/YYYY"),
        Column(_("Unit"), width=24),
        Column(_("Kind"), width=28),
        Column(_("Content area"), width=28),
        Column(_("Title"), width=44),
        Column(_("Place"), width=24),
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
        Column(_("Committee"), width=26),
        Column(_("Member"), width=26),
        Column(_("Agency"), width=30),
        Column(_("Units followed"), width=50),
        Column(_("From"), width=12, number_format="DD/MM/YYYY"),
        Column(_("Until"), width=12, number_format="DD/MM/YYYY"),
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
        Column(_("Number"), width=14),
        Column(_("Date"), width=12, number_format="DD/MM/YYYY"),
        Column(_("Title"), width=60),
        Column(_("Unit"), width=22),
        Column(_("Implements plan number"), width=26),
        Column(_("Tasks"), width=8),
        Column(_("Done"), width=8),
        Column(_("Overdue"), width=9),
    ]
    rows = [
        [p.number, p.date, p.title, p.unit.name, p.implements_number, p.n_total, p.n_done, p.n_overdue] for p in plans
    ]
    return build_workbook([Sheet(_("Plans"), columns, rows)])
