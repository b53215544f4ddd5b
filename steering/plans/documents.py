"""The plan as an official document (KẾ HOẠCH, Decree 30 layout), rendered by campaign_portal.documents.

An official document reads in Vietnamese whatever the user's language, so its fixed headings are Vietnamese text,
as on the signed paper (MỤC ĐÍCH, YÊU CẦU …), and so are the leads' names (never the interface's translations).

A plan that has a number (issued from the portal, or recorded with the number it was issued under on paper) never
silently changes: a task added after the plan's date is not printed among the plan's own tasks but in an extra
annex of amendments, with the day it was added.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils import timezone

from campaign_portal.documents.content import Bullets, Heading, Issuer, NewPage, OfficialDocument, Para, Table
from steering.models import AdministrativeUnit, ContentArea, LeadKind, MemberRole, Plan, PlanTask
from steering.text import in_sentence, running_name

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
# The committee positions as a document names them (the interface's labels are translated).
ROLE_VI = {
    MemberRole.HEAD: "Trưởng ban",
    MemberRole.STANDING_DEPUTY: "Phó Trưởng ban Thường trực",
    MemberRole.DEPUTY: "Phó Trưởng ban",
    MemberRole.MEMBER: "Ủy viên",
    MemberRole.SECRETARY: "Thư ký",
}
# "Cấp tỉnh", "Cấp huyện", "Cấp xã": the levels of section III (TỔ CHỨC THỰC HIỆN).
LEVEL_VI = {"province": "tỉnh", "district": "huyện", "commune": "xã"}

# Who receives a plan ("Nơi nhận"), as Kế hoạch 98/KH-MT lists them. The default of every plan until recipients
# are configured per issuer; plan_document(recipients=...) overrides it.
PLAN_RECIPIENTS_DEFAULT = (
    "BCĐTWCVĐ, Ban tuyên giáo UBTWMTTQ Việt Nam;",
    "Các thành viên Ban chỉ đạo CVĐ của tỉnh;",
    "Các tổ chức thành viên của Mặt trận;",
    "Ban TT Ủy ban MTTQ tỉnh;",
    "Các ban CM của Ủy ban MTTQ tỉnh;",
    "Ban TT Ủy ban MTTQ các huyện, TX, TP;",
    "Lưu.",
)

TASKS_ANNEX_TITLE = "PHÂN CÔNG NHIỆM VỤ"
AMENDMENTS_TITLE = "PHỤ LỤC: NHIỆM VỤ SỬA ĐỔI, BỔ SUNG"


def _d(date: datetime.date | None) -> str:
    return date.strftime("%d/%m/%Y") if date else ""


def _deadline_vi(task: PlanTask) -> str:
    if task.recurrence:
        first = f", từ {_d(task.due_date)}" if task.due_date else ""
        return f"{RECURRENCE_VI.get(task.recurrence, '')}{first}"
    return _d(task.due_date) or "Thường xuyên"


def added_on(task: PlanTask) -> datetime.date | None:
    """The local day a task was entered in the portal."""
    if task.created_at is None:
        return None
    return timezone.localtime(task.created_at).date()


def split_amendments(plan: Plan, tasks: Sequence[PlanTask]) -> tuple[list[PlanTask], list[PlanTask]]:
    """(the plan's own tasks, the tasks added after it was issued). A plan without a number is a draft: every
    task is its own. A numbered plan's own tasks are those entered on or before its date; a cascaded copy is
    judged by the date of the plan it belongs to, like any task of that plan."""
    if not plan.number:
        return list(tasks), []
    own, later = [], []
    for task in tasks:
        day = added_on(task)
        (later if day is not None and day > plan.date else own).append(task)
    return own, later


def issuer_in_text(issuer: Issuer) -> str:
    """The issuer as running text names it: "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh Hải Dương", "Ban Chỉ đạo
    cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” tỉnh Hải Dương"."""
    body = running_name(issuer.issuing_body)
    parent = running_name(issuer.parent_body)
    if body.startswith("Ban Thường trực") or not body:
        return f"{body} {parent}".strip()  # the standing board of the Front's committee
    # A committee is the locality's, not the Front committee's: "… tỉnh Hải Dương".
    for word in ("thành phố", "thị xã", "thị trấn", "đặc khu", "tỉnh", "huyện", "quận", "xã", "phường"):
        at = parent.find(f" {word} ")
        if at >= 0 and word not in body:
            return f"{body}{parent[at:]}"
    return body


def _unit_level(unit: AdministrativeUnit) -> str:
    return LEVEL_VI.get(unit.kind, "")


def _level_below(plan: Plan) -> str:
    """ "huyện" when the plan's unit had districts below it on the plan's date; "" when the levels below vary."""
    kinds = {
        unit.kind
        for unit in AdministrativeUnit.objects.filter(parent_id=plan.unit_id).valid_on(plan.date).only("division_type")
    }
    return LEVEL_VI.get(kinds.pop(), "") if len(kinds) == 1 else ""


def lead_vi(task: PlanTask, *, short: bool = False) -> str:
    """Who leads the task, in the document's Vietnamese (an agency's short name in the annex's table)."""
    if task.lead_kind == LeadKind.AGENCY and task.lead_agency_id:
        agency = task.lead_agency
        return (agency.short_name or agency.name) if short else agency.name
    committee = task.lead_committee
    if committee is None:
        return ""
    unit = in_sentence(committee.unit.name)
    if task.lead_kind == LeadKind.POSITION:
        return f"{ROLE_VI.get(task.lead_role, task.lead_role)} Ban Chỉ đạo {unit}"
    if task.lead_kind == LeadKind.MEMBERS:
        return f"Các thành viên Ban Chỉ đạo {unit}"
    return f"Ban Chỉ đạo {unit}"


def _with_note(text: str, note: str) -> str:
    """ "Text (note)." from a sentence that may already end with a full stop or an ellipsis."""
    core = " ".join(text.split())
    if core.endswith(("...", "…")):
        core = core.rstrip(".…").rstrip() + "…"
    else:
        core = core.rstrip(".;").rstrip()
    return f"{core} ({note})."


def _section_key(section: str) -> tuple[int, ...]:
    """ "III.1.2" -> (1, 2); "III" -> ()."""
    parts = section.strip().upper().removeprefix("III").strip(". ").split(".")
    return tuple(int(p) for p in parts if p.strip().isdigit())


def _is_standing_body(task: PlanTask) -> bool:
    return bool(task.lead_kind == LeadKind.AGENCY and task.lead_agency_id and task.lead_agency.kind == "mttq")


def _responsibility(items: list[PlanTask]) -> tuple[str, str | None]:
    """(the heading of a group of section III, the lead it names: its bullets need not repeat it)."""
    if all(t.lead_kind == LeadKind.MEMBERS for t in items):
        return "Trách nhiệm các thành viên Ban chỉ đạo", lead_vi(items[0])
    standing = [t for t in items if _is_standing_body(t)]
    if len(standing) * 2 > len(items):
        return "Trách nhiệm của cơ quan Thường trực", lead_vi(standing[0])
    leads = {lead_vi(t) for t in items}
    if len(leads) == 1:
        lead = leads.pop()
        return f"Trách nhiệm của {lead}", lead
    return "Trách nhiệm của các cơ quan, đơn vị", None


def _organisation(tasks: list[PlanTask], cascaded_units: dict[int, int], own_level: str, below: str) -> list:
    """Section III as the plan numbers it: "1. Cấp tỉnh", "1.1. Trách nhiệm của cơ quan Thường trực", "2. Cấp
    huyện" … (the headings are read from who leads the tasks under them)."""
    below_label = f"Ban Chỉ đạo cấp {below}" if below else "Ban Chỉ đạo cấp dưới trực tiếp"

    def goes_down(task: PlanTask) -> bool:
        return bool(cascaded_units.get(task.pk)) or task.lead_kind == LeadKind.COMMITTEE

    groups: dict[tuple[int, ...], list[PlanTask]] = {}
    for task in tasks:
        groups.setdefault(_section_key(task.section), []).append(task)
    blocks: list = []
    done_top: set[int] = set()
    for key in sorted(groups):
        items = groups[key]
        implied: str | None = None
        if key and key[0] not in done_top:
            done_top.add(key[0])
            under = [t for k, ts in groups.items() if k[:1] == key[:1] for t in ts]
            down = all(goes_down(t) for t in under)
            level = (below or "dưới trực tiếp") if down else (own_level or "của đơn vị")
            blocks.append(Heading(f"{key[0]}. Cấp {level}", level=2))
            if down:
                implied = below_label
        if len(key) > 1:
            heading, implied = _responsibility(items)
            blocks.append(Heading(f"{'.'.join(map(str, key))}. {heading}", level=3))
        bullets = []
        for t in items:
            lead = below_label if goes_down(t) else lead_vi(t)
            note = f"thời hạn: {_deadline_vi(t)}"
            if lead != implied:
                note = f"Chủ trì: {lead}; {note}"
            bullets.append(_with_note(t.description or t.title, note))
        blocks.append(Bullets(bullets))
    return blocks


def _table_rows(tasks: list[PlanTask], cascaded_units: dict[int, int], below: str, *, added: bool) -> list[list]:
    rows = []
    for n, task in enumerate(tasks, start=1):
        lead = lead_vi(task, short=True)
        if cascaded_units.get(task.pk):
            lead += f" và {cascaded_units[task.pk]} Ban Chỉ đạo cấp {below or 'dưới'}"
        last = _d(added_on(task)) if added else task.expected_output
        rows.append(
            [
                n,
                task.title,
                lead,
                ", ".join(a.short_name or a.name for a in task.co_agencies.all()),
                _deadline_vi(task),
                last,
            ]
        )
    return rows


def abbreviations(tasks: Sequence[PlanTask]) -> list[tuple[str, str]]:
    """(short name, name) of every agency the annex's table names by its short name, in the committee's order."""
    agencies = {}
    for task in tasks:
        if task.lead_kind == LeadKind.AGENCY and task.lead_agency_id:
            agencies[task.lead_agency.pk] = task.lead_agency
        for agency in task.co_agencies.all():
            agencies[agency.pk] = agency
    shown = [a for a in agencies.values() if a.short_name and a.short_name.strip() != a.name.strip()]
    shown.sort(key=lambda a: (a.order, a.name, a.pk))
    seen, out = set(), []
    for agency in shown:
        pair = (agency.short_name.strip(), agency.name.strip())
        if pair not in seen:
            seen.add(pair)
            out.append(pair)
    return out


def _legend(tasks: Sequence[PlanTask]) -> list:
    pairs = abbreviations(tasks)
    if not pairs:
        return []
    return [Para("<i>Ghi chú:</i> " + "; ".join(f"{short}: {name}" for short, name in pairs) + ".")]


def _amendment_dates(tasks: Sequence[PlanTask]) -> str:
    days = sorted({d for d in (added_on(t) for t in tasks) if d is not None})
    texts = [_d(d) for d in days]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " và " + texts[-1]


def plan_document(
    *,
    plan: Plan,
    tasks: list[PlanTask],
    cascaded_units: dict[int, int],
    issuer: Issuer,
    recipients: Sequence[str] | None = None,
) -> OfficialDocument:
    """The KẾ HOẠCH from the plan's own tasks. `cascaded_units`: task id -> number of committees it went to.
    A plan recorded with the number it was issued under on paper prints that number and date; a numbered plan
    prints the tasks added after its date in the annex of amendments only. `recipients` ("Nơi nhận") defaults to
    PLAN_RECIPIENTS_DEFAULT."""
    tasks, amendments = split_amendments(plan, tasks)
    amendments.sort(key=lambda t: (added_on(t) or plan.date, t.order))
    issuer_name = issuer_in_text(issuer)
    own_level, below = _unit_level(plan.unit), _level_below(plan)
    intro = ""
    if plan.implements_number:
        of_date = f" ngày {_d(plan.implements_date)}" if plan.implements_date else ""
        by = f" của {plan.implements_issuer}" if plan.implements_issuer else ""
        intro = f"Thực hiện Kế hoạch số {plan.implements_number}{of_date}{by}, "
    subject = plan.title[:1].lower() + plan.title[1:]
    intro += f"{issuer_name} xây dựng Kế hoạch {subject} như sau:"
    intro = intro[:1].upper() + intro[1:]
    body: list = [Para(intro)]
    part = 0
    if plan.purpose:
        body += [Heading(f"{ROMAN[part]}. MỤC ĐÍCH, YÊU CẦU"), Para(plan.purpose)]
        part += 1
    body.append(Heading(f"{ROMAN[part]}. NỘI DUNG TRỌNG TÂM NĂM {plan.year}"))
    part += 1
    # Section II is the content, section III who does what; tasks without a section number count as content.
    organisation = sorted(
        (t for t in tasks if t.section.upper().startswith("III")), key=lambda t: (_section_key(t.section), t.order)
    )
    in_organisation = {id(t) for t in organisation}
    by_area: dict[int, list[PlanTask]] = {}
    for task in sorted((t for t in tasks if id(t) not in in_organisation), key=lambda t: (t.content_area, t.order)):
        by_area.setdefault(task.content_area, []).append(task)
    # The annex lists the tasks in the order the body gives them.
    tasks = [t for area in sorted(by_area) for t in by_area[area]] + organisation
    for i, area in enumerate(sorted(by_area), start=1):
        body.append(Heading(f"{i}. {AREA_HEADINGS_VI[area]}", level=2))
        body.append(
            Bullets(
                [
                    _with_note(t.description or t.title, f"Chủ trì: {lead_vi(t)}; thời hạn: {_deadline_vi(t)}")
                    for t in by_area[area]
                ]
            )
        )
    body.append(Heading(f"{ROMAN[part]}. TỔ CHỨC THỰC HIỆN"))
    if organisation:
        body += _organisation(organisation, cascaded_units, own_level, below)
    else:  # no section III in the plan: who does what, lead by lead
        by_lead: dict[str, list[PlanTask]] = {}
        for task in tasks:
            label = f"Ban Chỉ đạo cấp {below or 'dưới trực tiếp'}" if cascaded_units.get(task.pk) else lead_vi(task)
            by_lead.setdefault(label, []).append(task)
        for i, (label, items) in enumerate(by_lead.items(), start=1):
            body.append(Heading(f"{i}. {label}", level=2))
            body.append(Bullets([_with_note(t.title, f"thời hạn: {_deadline_vi(t)}") for t in items]))
    body.append(
        Para(
            f"Trên đây là Kế hoạch {subject} của {issuer_name}. Đề nghị các cơ quan, đơn vị được phân công triển "
            "khai thực hiện và báo cáo kết quả bằng văn bản định kỳ 6 tháng và 01 năm về cơ quan Thường trực để "
            "tổng hợp."
        )
    )
    columns = ["STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn", "Sản phẩm dự kiến"]
    widths = [0.6, 3.0, 2.0, 1.3, 1.5, 1.7]
    annex: list = []
    if tasks:
        annex.append(
            Table(
                columns=columns,
                rows=_table_rows(tasks, cascaded_units, below, added=False),
                col_widths=widths,
                title=TASKS_ANNEX_TITLE,
            )
        )
        annex += _legend(tasks)
    if amendments:
        annex += [
            *([NewPage()] if annex else []),  # the amendments are an annex of their own
            Heading(AMENDMENTS_TITLE),
            Para(
                f"Kế hoạch được sửa đổi, bổ sung ngày {_amendment_dates(amendments)}: bổ sung các nhiệm vụ dưới "
                f"đây, không thuộc Kế hoạch số {plan.number} ngày {_d(plan.date)}."
            ),
            Table(
                columns=[*columns[:5], "Ngày bổ sung"],
                rows=_table_rows(amendments, cascaded_units, below, added=True),
                col_widths=widths,
            ),
            *_legend(amendments),
        ]
    return OfficialDocument.for_issuer(
        issuer,
        doc_type="KH",
        subject=plan.title,
        body=body,
        recipients=list(PLAN_RECIPIENTS_DEFAULT if recipients is None else recipients),
        annex=annex,
        number=plan.number,
        date=plan.date if plan.number else None,
    )
