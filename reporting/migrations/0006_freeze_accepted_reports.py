"""Freeze the reports accepted before frozen records existed: give each accepted submission its record
(reporting/records.py, RECORD_VERSION 1) as the data stands at migration time. Batched and rerunnable: only
submissions without a record are touched. Self-contained (no app imports): the small rules it needs are copied.
"""

from django.db import migrations

KIND_OF_DIVISION_TYPE = {
    "tinh": "province",
    "thanh_pho_tw": "province",
    "thanh_pho": "district",
    "quan": "district",
    "huyen": "district",
    "thi_xa": "district",
}
PREFIXES = ("Thành phố ", "Tỉnh ", "Huyện ", "Thị xã ", "Quận ", "Xã ", "Phường ", "Thị trấn ")
INDICATOR_FIELDS = (
    "code", "area", "label_vi", "label_en", "unit_of_measure", "value_type", "aggregation", "filled_by",
    "counts_from", "annual_only", "order",
)  # fmt: skip
SECTION_FIELDS = ("key", "title_vi", "title_en", "depth", "area", "writable", "annual_only", "order")


def _place(name):
    for prefix in PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _matches(rule_text, unit_kind, agency_kind, is_agency):
    units, agencies = set(), set()
    for item in (rule_text or "unit:*").split(";"):
        side, _sep, kinds = item.strip().partition(":")
        target = units if side == "unit" else agencies
        target |= {k.strip() for k in kinds.split(",") if k.strip()}
    if not is_agency:
        return "*" in units or unit_kind in units
    if "*" in agencies or (agency_kind and agency_kind in agencies):
        return True
    return agency_kind == "mttq" and ("*" in units or unit_kind in units)


def freeze(apps, schema_editor):
    ReportSubmission = apps.get_model("reporting", "ReportSubmission")
    Report = apps.get_model("reporting", "Report")
    Indicator = apps.get_model("reporting", "Indicator")
    TemplateSection = apps.get_model("reporting", "TemplateSection")
    DocumentIssuer = apps.get_model("steering", "DocumentIssuer")

    reports = Report.objects.filter(status="accepted", accepted_submission__isnull=False).select_related(
        "period__template", "period__period_type", "unit__parent", "agency", "reviewer_unit", "accepted_submission"
    )
    issuers = {i.unit_id: i for i in DocumentIssuer.objects.all()}
    templates = {}
    batch = []
    for report in reports.iterator(chunk_size=500):
        submission = report.accepted_submission
        if submission.record:
            continue
        period, unit, agency = report.period, report.unit, report.agency
        annual = period.period_type.includes_annual_indicators
        if period.template_id not in templates:
            indicators = list(
                Indicator.objects.filter(template_id=period.template_id)
                .select_related("weight", "numerator", "denominator")
                .order_by("order")
            )
            sections = list(TemplateSection.objects.filter(template_id=period.template_id).order_by("order"))
            templates[period.template_id] = (indicators, sections)
        indicators, sections = templates[period.template_id]
        unit_kind = KIND_OF_DIVISION_TYPE.get(unit.division_type, "commune")
        agency_kind = agency.kind if agency else ""
        is_agency = agency is not None
        issuer = issuers.get(unit.pk)
        place = (issuer.place_name if issuer else "") or _place(unit.name)
        if agency is not None:
            header = dict(parent_body=agency.name.upper(), issuing_body="", place=place, signer_authority="",
                          signer_title="", signer_name="")  # fmt: skip
        elif issuer is not None:
            header = dict(parent_body=issuer.parent_body, issuing_body=issuer.issuing_body, place=place,
                          signer_authority=issuer.signer_authority, signer_title=issuer.signer_title,
                          signer_name=issuer.signer_name)  # fmt: skip
        else:
            header = dict(parent_body=f"ỦY BAN MTTQ VIỆT NAM {unit.name.upper()}", issuing_body="BAN THƯỜNG TRỰC",
                          place=place, signer_authority="TM. BAN THƯỜNG TRỰC", signer_title="PHÓ CHỦ TỊCH",
                          signer_name="")  # fmt: skip
        submission.record = {
            "version": 1,
            "reporter": {
                "unit_kind": unit_kind,
                "agency_kind": agency_kind,
                "is_agency": is_agency,
                "unit_code": unit.code,
                "unit_name": unit.name,
                "division_type": unit.division_type,
                "parent_code": unit.parent.code if unit.parent_id else "",
                "parent_name": unit.parent.name if unit.parent_id else "",
                "agency_name": agency.name if agency else "",
                "agency_short_name": agency.short_name if agency else "",
                "agency_order": agency.order if agency else None,
                "name": agency.name if agency else unit.name,
            },
            "reviewer": report.reviewer_unit.name if report.reviewer_unit_id else "",
            "header": header,
            "period": {"code": period.code, "name": period.name, "year": period.year, "annual": annual},
            "template": {"version": period.template.version, "name": period.template.name},
            "indicators": [
                {
                    **{name: getattr(ind, name) for name in INDICATOR_FIELDS},
                    "weight_code": ind.weight.code if ind.weight_id else "",
                    "numerator_code": ind.numerator.code if ind.numerator_id else "",
                    "denominator_code": ind.denominator.code if ind.denominator_id else "",
                }
                for ind in indicators
                if (annual or not ind.annual_only) and _matches(ind.filled_by, unit_kind, agency_kind, is_agency)
            ],
            "sections": [
                {name: getattr(s, name) for name in SECTION_FIELDS} for s in sections if annual or not s.annual_only
            ],
        }
        batch.append(submission)
        if len(batch) >= 500:
            ReportSubmission.objects.bulk_update(batch, ["record"])
            batch = []
    ReportSubmission.objects.bulk_update(batch, ["record"])


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0005_publish_template_v2"),
        ("steering", "0005_agency_kinds_from_names"),
    ]

    operations = [migrations.RunPython(freeze, migrations.RunPython.noop)]
