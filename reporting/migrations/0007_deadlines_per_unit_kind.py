"""Deadlines are set per unit kind (commune, district, province), not per depth in the tree: after the 2025 reform
a commune reports straight to its province and still gets the commune deadline."""

from django.db import migrations, models

KIND_OF_LEVEL = {1: "province", 2: "district", 3: "commune"}


def levels_to_kinds(apps, schema_editor):
    deadline_model = apps.get_model("reporting", "PeriodDeadline")
    for deadline in deadline_model.objects.all():
        deadline.kind = KIND_OF_LEVEL.get(deadline.level, "commune")
        deadline.save(update_fields=["kind"])
    period_type_model = apps.get_model("reporting", "PeriodType")
    for period_type in period_type_model.objects.all():
        period_type.deadline_days = {
            KIND_OF_LEVEL.get(int(k), k) if str(k).isdigit() else k: v for k, v in period_type.deadline_days.items()
        }
        period_type.save(update_fields=["deadline_days"])


class Migration(migrations.Migration):
    dependencies = [("reporting", "0006_freeze_accepted_reports")]

    operations = [
        migrations.RemoveConstraint(model_name="perioddeadline", name="deadline_one_per_level"),
        migrations.AddField(
            model_name="perioddeadline",
            name="kind",
            field=models.CharField(
                choices=[("province", "Province level"), ("district", "District level"), ("commune", "Commune level")],
                default="commune",
                max_length=10,
                verbose_name="unit kind",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(levels_to_kinds, migrations.RunPython.noop),
        migrations.RemoveField(model_name="perioddeadline", name="level"),
        migrations.AlterModelOptions(name="perioddeadline", options={"ordering": ["period", "due_date"]}),
        migrations.AddConstraint(
            model_name="perioddeadline",
            constraint=models.UniqueConstraint(fields=("period", "kind"), name="deadline_one_per_kind"),
        ),
        migrations.AlterField(
            model_name="periodtype",
            name="deadline_days",
            field=models.JSONField(default=dict, verbose_name="deadline days after cut-off, per unit kind"),
        ),
    ]
