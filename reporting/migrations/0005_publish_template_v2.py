"""Template version 2 (data/indicators-v2.csv, 57 indicators with who fills and who counts), published.

Its outline is version 1's. Periods opened from now on take it by default (the newest published version); the
2021 periods keep version 1. Idempotent: nothing happens when version 2 exists.
"""

import csv
from pathlib import Path

from django.db import migrations
from django.utils import timezone

CSV_V2 = Path(__file__).resolve().parent.parent / "data" / "indicators-v2.csv"


def publish_v2(apps, schema_editor):
    ReportTemplate = apps.get_model("reporting", "ReportTemplate")
    TemplateSection = apps.get_model("reporting", "TemplateSection")
    Indicator = apps.get_model("reporting", "Indicator")
    v1 = ReportTemplate.objects.filter(version=1).first()
    if v1 is None or ReportTemplate.objects.filter(version=2).exists():
        return
    v2 = ReportTemplate.objects.create(
        version=2,
        name="Mẫu báo cáo kết quả Cuộc vận động (phiên bản 2)",
        based_on=v1,
        published_at=timezone.now(),
    )
    TemplateSection.objects.bulk_create(
        TemplateSection(
            template=v2,
            key=s.key,
            title_vi=s.title_vi,
            title_en=s.title_en,
            depth=s.depth,
            area=s.area,
            writable=s.writable,
            annual_only=s.annual_only,
            order=s.order,
        )
        for s in TemplateSection.objects.filter(template=v1).order_by("order")
    )
    with CSV_V2.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    created = Indicator.objects.bulk_create(
        Indicator(
            template=v2,
            code=row["code"],
            area=int(row["area"]),
            label_vi=row["label_vi"],
            label_en=row["label_en"],
            unit_of_measure=row["unit_vi"],
            value_type=row["type"],
            aggregation=row["aggregation"],
            filled_by=row["filled_by"],
            counts_from=row["counts_from"],
            annual_only="annual report only" in row["note"],
            note=row["note"][:255],
            order=order,
        )
        for order, row in enumerate(rows, start=1)
    )
    by_code = {ind.code: ind for ind in Indicator.objects.filter(template=v2)}
    weighted = []
    for row in rows:
        if row["weight_code"]:
            ind = by_code[row["code"]]
            ind.weight = by_code[row["weight_code"]]
            weighted.append(ind)
    Indicator.objects.bulk_update(weighted, ["weight"])
    assert len(created) == len(rows)


def unpublish_v2(apps, schema_editor):
    """Reversed, version 2 goes only if no period uses it."""
    ReportTemplate = apps.get_model("reporting", "ReportTemplate")
    ReportingPeriod = apps.get_model("reporting", "ReportingPeriod")
    v2 = ReportTemplate.objects.filter(version=2).first()
    if v2 is not None and not ReportingPeriod.objects.filter(template=v2).exists():
        v2.indicators.all().update(weight=None, numerator=None, denominator=None)
        v2.indicators.all().delete()
        v2.sections.all().delete()
        v2.delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0004_indicator_scope_and_frozen_record")]

    operations = [migrations.RunPython(publish_v2, unpublish_v2)]
