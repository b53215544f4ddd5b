"""Report template versions get a published state; only published versions can be chosen for a period.

The seed version 1 is published, and so is every version a period already uses (it is frozen anyway). They count as
published when they were created, so that re-running the step gives the same rows.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F, Q


def publish_seed_and_used_versions(apps, schema_editor) -> None:
    ReportTemplate = apps.get_model("reporting", "ReportTemplate")
    pks = set(
        ReportTemplate.objects.filter(Q(version=1) | Q(reportingperiod__isnull=False)).values_list("pk", flat=True)
    )
    ReportTemplate.objects.filter(pk__in=pks, published_at__isnull=True).update(published_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0002_seed_template_v1_and_period_types"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="reporttemplate",
            name="published_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="published at"),
        ),
        migrations.AddField(
            model_name="reporttemplate",
            name="published_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="published by",
            ),
        ),
        migrations.RunPython(publish_seed_and_used_versions, migrations.RunPython.noop),
    ]
