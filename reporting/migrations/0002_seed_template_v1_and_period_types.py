"""Seed the period types (Decree 09/2019 defaults) and template version 1 (outline + indicators.csv).

Idempotent (keyed on codes / version) so that re-running on a database that already has the rows is harmless.
"""

import csv
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "indicators.csv"

# Default deadlines: days after the cut-off end, per unit level (3 commune, 2 district, 1 province).
DEADLINES = {"commune": 2, "district": 4, "province": 6}  # days after the cut-off, per unit kind

PERIOD_TYPES = [
    # code, kind, vi, en, start (m, d), end (m, d), cut-off from (m, d, year offset), cut-off to (m, d), annual, order
    ("H1", "first_half", "6 tháng đầu năm", "First half-year", (1, 1), (6, 30), (12, 15, -1), (6, 14), False, 1),
    ("Y", "annual", "Năm", "Annual", (1, 1), (12, 31), (12, 15, -1), (12, 14), True, 2),
    ("H2", "second_half", "6 tháng cuối năm", "Second half-year", (7, 1), (12, 31), (6, 15, 0), (12, 14), False, 3),
    ("AH", "ad_hoc", "Đột xuất", "Ad hoc", (1, 1), (12, 31), (1, 1, 0), (12, 31), False, 4),
]

OUTLINE = [
    # key, vi, en, depth, area, writable, annual_only
    ("I", "Công tác lãnh đạo, chỉ đạo, triển khai", "Leadership, direction and deployment", 1, None, True, False),
    ("II", "Kết quả thực hiện", "Results", 1, None, False, False),
    ("II.1", "Công tác tuyên truyền, vận động", "Propaganda and communication", 2, 1, True, False),
    ("II.2", "Rà soát cơ chế, chính sách hỗ trợ sản xuất kinh doanh", "Review of business-support policies", 2, 2,
     True, False),
    ("II.3", "Công tác kiểm tra, giám sát, quản lý thị trường", "Market control, inspection and supervision", 2, 3,
     True, False),
    ("II.4", "Xúc tiến thương mại, đưa hàng Việt về nông thôn", "Trade promotion", 2, 4, True, False),
    ("II.5", "Củng cố, kiện toàn Ban Chỉ đạo", "Consolidating the steering committees", 2, 5, True, False),
    ("II.6", "Bảo vệ quyền lợi người tiêu dùng", "Consumer protection", 2, 6, True, False),
    ("III", "Đánh giá chung", "General assessment", 1, None, False, False),
    ("III.1", "Ưu điểm", "Strengths", 2, None, True, False),
    ("III.2", "Tồn tại, hạn chế", "Shortcomings and limitations", 2, None, True, False),
    ("III.3", "Nguyên nhân", "Causes", 2, None, True, False),
    ("III.4", "Bài học kinh nghiệm", "Lessons learned", 2, None, True, True),
    ("IV", "Phương hướng, nhiệm vụ thời gian tới", "Directions and tasks for the next period", 1, None, True, False),
    ("V", "Đề xuất, kiến nghị", "Proposals and recommendations", 1, None, True, False),
]

# Monitoring visits by members assigned to lower levels happen at province and district level only.
LEVELS = {"BC04": [1, 2]}


def seed(apps, schema_editor):
    PeriodType = apps.get_model("reporting", "PeriodType")
    ReportTemplate = apps.get_model("reporting", "ReportTemplate")
    TemplateSection = apps.get_model("reporting", "TemplateSection")
    Indicator = apps.get_model("reporting", "Indicator")

    for code, kind, vi, en, start, end, cfrom, cto, annual, order in PERIOD_TYPES:
        PeriodType.objects.get_or_create(
            code=code,
            defaults=dict(
                kind=kind,
                name_vi=vi,
                name_en=en,
                start_month=start[0],
                start_day=start[1],
                end_month=end[0],
                end_day=end[1],
                cutoff_from_month=cfrom[0],
                cutoff_from_day=cfrom[1],
                cutoff_from_year_offset=cfrom[2],
                cutoff_to_month=cto[0],
                cutoff_to_day=cto[1],
                deadline_days=DEADLINES,
                includes_annual_indicators=annual,
                sort_order=order,
            ),
        )

    template, created = ReportTemplate.objects.get_or_create(
        version=1, defaults={"name": "Mẫu báo cáo kết quả Cuộc vận động"}
    )
    if not created:
        return
    TemplateSection.objects.bulk_create(
        TemplateSection(
            template=template,
            key=key,
            title_vi=vi,
            title_en=en,
            depth=depth,
            area=area,
            writable=writable,
            annual_only=annual_only,
            order=order,
        )
        for order, (key, vi, en, depth, area, writable, annual_only) in enumerate(OUTLINE, start=1)
    )
    with CSV_PATH.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_code = {}
    has_levels = any(f.name == "levels" for f in Indicator._meta.get_fields())
    for order, row in enumerate(rows, start=1):
        by_code[row["code"]] = Indicator.objects.create(
            template=template,
            code=row["code"],
            area=int(row["area"]),
            label_vi=row["label_vi"],
            label_en=row["label_en"],
            unit_of_measure=row["unit_vi"],
            value_type=row["type"],
            aggregation=row["aggregation"],
            # Tests re-seed after a flush with today's models, which have no `levels` (0004 made them rules).
            **({"levels": LEVELS.get(row["code"], [])} if has_levels else {}),
            annual_only="annual report only" in row["note"],
            note=row["note"],
            order=order,
        )
    for row in rows:
        if row["weight_code"]:
            indicator = by_code[row["code"]]
            indicator.weight = by_code[row["weight_code"]]
            indicator.save(update_fields=["weight"])


def unseed(apps, schema_editor):
    """Nothing to undo: dropping the tables (0001 reversed) removes the rows."""


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_reports_periods_templates")]

    operations = [migrations.RunPython(seed, unseed)]
