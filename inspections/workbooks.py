"""Excel exports of the lists and the summary, and the business import template (campaign_portal.xlsx)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from campaign_portal.xlsx import PLAIN, Column, Sheet, build_workbook, xlsx_response
from inspections.services import IMPORT_COLUMNS

DATE = "dd/mm/yyyy"


def businesses_xlsx(businesses):
    columns = [
        Column(_("Name"), width=32, wrap=True, repeat=True),
        Column(_("Kind"), width=14, wrap=True),
        Column(_("Tax code"), width=13),
        Column(_("Address"), width=32, wrap=True),
        Column(_("Commune"), width=18, wrap=True),
        Column(_("District"), width=18, wrap=True),
        Column(_("Line of business"), width=24, wrap=True),
        Column(_("Representative"), width=20, wrap=True),
        Column(_("Phone"), width=12),
        Column(_("OCOP products"), width=9),
        Column(_("Inspections"), width=9),
    ]
    rows = (
        [
            b.name,
            b.get_kind_display(),
            b.tax_code,
            b.address,
            b.commune.name,
            b.commune.parent.name if b.commune.parent_id else "",
            b.line_of_business,
            b.representative,
            b.phone,
            b.ocop_count,
            b.inspection_count,
        ]
        for b in businesses.iterator(chunk_size=500)
    )
    content = build_workbook([Sheet(_("Businesses"), columns, rows)])
    return xlsx_response(content, f"co-so-kinh-doanh-{timezone.localdate():%Y%m%d}.xlsx")


def inspections_xlsx(inspections):
    columns = [
        Column(_("Record number"), width=14, repeat=True),
        Column(_("Date"), width=11, number_format=DATE),
        Column(_("Business"), width=36, wrap=True),
        Column(_("Commune"), width=20, wrap=True),
        Column(_("Committee unit"), width=20, wrap=True),
        Column(_("Team lead"), width=22, wrap=True),
        Column(_("Status"), width=12, wrap=True),
        Column(_("Share of Vietnamese goods (%)"), width=12),  # 85 or 85,5: as measured
        Column(_("Findings"), width=10),
        Column(_("Open follow-ups"), width=10),
    ]
    rows = (
        [
            i.number,
            i.inspected_on,
            i.business.name,
            i.business.commune.name,
            i.unit.name,
            i.lead.person.full_name if i.lead_id else "",
            i.get_status_display(),
            i.vn_goods_share,
            i.finding_count,
            i.open_follow_ups,
        ]
        for i in inspections.iterator(chunk_size=500)
    )
    content = build_workbook([Sheet(_("Inspections"), columns, rows)])
    return xlsx_response(content, f"kiem-tra-{timezone.localdate():%Y%m%d}.xlsx")


def follow_ups_xlsx(follow_ups, *, today: datetime.date):
    columns = [
        Column(_("Record number"), width=12, repeat=True),
        Column(_("Business"), width=28, wrap=True),
        Column(_("Violation category"), width=24, wrap=True),
        Column(_("Goods concerned"), width=22, wrap=True),
        Column(_("Recommendation"), width=36, wrap=True),
        Column(_("Owner"), width=18, wrap=True),
        Column(pgettext("follow-up", "Due date"), width=11, number_format=DATE),
        Column(_("Status"), width=12, wrap=True),
        Column(_("Overdue"), width=8),
        Column(_("Re-checked on"), width=11, number_format=DATE),
        Column(_("Referred to"), width=14, wrap=True),
        Column(_("Referral document"), width=16, wrap=True),
    ]
    rows = (
        [
            f.finding.inspection.number,
            f.finding.inspection.business.name,
            f.finding.category.name,
            f.finding.goods,
            f.finding.recommendation,
            f.owner.person.full_name if f.owner_id else "",
            f.due_date,
            f.get_status_display(),
            _("yes") if f.is_overdue(today) else "",
            f.rechecked_on,
            f.get_referred_to_display(),
            " ".join(
                x for x in (f.referral_number, f.referral_date.strftime("%d/%m/%Y") if f.referral_date else "") if x
            ),
        ]
        for f in follow_ups.iterator(chunk_size=500)
    )
    content = build_workbook([Sheet(_("Follow-ups"), columns, rows)])
    return xlsx_response(content, f"theo-doi-khac-phuc-{today:%Y%m%d}.xlsx")


def summary_xlsx(summary: dict):
    period = _("%(unit)s, %(from)s – %(to)s") % {
        "unit": summary["unit"].name,
        "from": summary["date_from"].strftime("%d/%m/%Y"),
        "to": summary["date_to"].strftime("%d/%m/%Y"),
    }
    figures = [
        (_("Inspections done"), summary["inspections"]),
        (_("Businesses covered"), summary["businesses"]),
        (_("Violations found"), summary["violations"]),
        (_("Referrals (all)"), summary["referrals"]),
        (_("Referrals to the police"), summary["referrals_police"]),
        (_("Referrals to market surveillance"), summary["referrals_market"]),
        (_("Fixes confirmed"), summary["fixes_confirmed"]),
        (_("Follow-ups still open"), summary["follow_ups_open"]),
        (_("Follow-ups overdue today"), summary["overdue"]),
        (_("Average share of Vietnamese goods (%)"), summary["vn_share_average"]),
    ]
    sheets = [
        Sheet(
            pgettext("inspection results", "Summary"),
            [Column(_("Figure"), width=45, wrap=True, repeat=True), Column(_("Value"), width=14)],
            figures,
            header_lines=[_("Inspections of businesses"), period],
        ),
        Sheet(
            _("By category"),
            [
                Column(_("Violation category"), width=50, wrap=True, repeat=True),
                Column(_("Indicator"), width=10),
                Column(_("Cases"), width=10),
            ],
            [[str(c), c.indicator_group or "KT04", n] for c, n in summary["by_category"]],
            header_lines=[period],
        ),
        Sheet(
            _("Checklist"),
            [
                Column(_("Checklist item"), width=45, wrap=True, repeat=True),
                Column(pgettext("checklist item", "In order"), width=12),
                Column(pgettext("checklist item", "Not in order"), width=12),
                Column(pgettext("checklist item", "Not checked"), width=12),
            ],
            [[str(i["label"]), i["passed"], i["failed"], i["not_checked"]] for i in summary["checklist"]],
            header_lines=[period],
        ),
    ]
    return xlsx_response(build_workbook(sheets), f"tong-hop-kiem-tra-{summary['date_from']:%Y%m%d}.xlsx")


def import_template_xlsx():
    example = [
        "Công ty TNHH Thực phẩm Hải Dương",
        "Doanh nghiệp",
        "0800123459",
        "Số 12 đường Trần Hưng Đạo",
        "10546",
        "Sản xuất bánh đậu xanh",
        "Nguyễn Văn An",
        "0912345678",
        "",
        "Bánh đậu xanh truyền thống",
        4,
        2021,
    ]
    # Plain numbers in the template: a year reads 2021, not 2.021.
    columns = [Column(h, width=22, number_format=PLAIN) for h, _f, _r in IMPORT_COLUMNS]
    sheet = Sheet("co_so", columns, [example], freeze=True)
    return xlsx_response(build_workbook([sheet]), "mau-nhap-co-so.xlsx")
