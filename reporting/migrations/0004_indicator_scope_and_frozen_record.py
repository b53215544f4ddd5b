"""Who reports what: `filled_by` / `counts_from` on indicators (instead of `levels`), notes on figures, and the
frozen record of an accepted submission.

Version 1 keeps its indicators but takes version 2's rules for the codes both share (version 1's totals were
wrong, not different): the rules come from data/indicators-v2.csv. Version 1's `levels` become unit kinds.
"""

import csv
from pathlib import Path

from django.db import migrations, models

CSV_V2 = Path(__file__).resolve().parent.parent / "data" / "indicators-v2.csv"
KIND_OF_LEVEL = {1: "province", 2: "district", 3: "commune"}


def rules_from_v2(apps, schema_editor):
    Indicator = apps.get_model("reporting", "Indicator")
    with CSV_V2.open(encoding="utf-8") as fh:
        rules = {row["code"]: (row["filled_by"], row["counts_from"]) for row in csv.DictReader(fh)}
    changed = []
    for ind in Indicator.objects.all():
        if ind.code in rules:
            ind.filled_by, ind.counts_from = rules[ind.code]
        elif getattr(ind, "levels", None):
            kinds = ",".join(KIND_OF_LEVEL[level] for level in sorted(ind.levels) if level in KIND_OF_LEVEL)
            ind.filled_by = ind.counts_from = f"unit:{kinds}" if kinds else "unit:*"
        else:
            continue
        changed.append(ind)
    Indicator.objects.bulk_update(changed, ["filled_by", "counts_from"], batch_size=500)


def levels_back(apps, schema_editor):
    """Reversed, every indicator is filled by every level again (the `levels` column comes back empty)."""



class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0003_template_published_state'),
    ]

    operations = [
        migrations.AddField(
            model_name='indicator',
            name='counts_from',
            field=models.CharField(default='unit:*', help_text='Whose values are added into the consolidated figure; the others are shown beside it.', max_length=255, verbose_name='counted from'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='filled_by',
            field=models.CharField(default='unit:*', help_text='unit:KINDS and agency:KINDS separated by “;” (unit:* = every unit and the standing body).', max_length=255, verbose_name='filled by'),
        ),
        migrations.AddField(
            model_name='reportsubmission',
            name='notes',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='reportsubmission',
            name='record',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='reportvalue',
            name='note',
            field=models.CharField(blank=True, help_text='Why a figure that warns is right.', max_length=500, verbose_name='note'),
        ),
        migrations.RunPython(rules_from_v2, levels_back),
        migrations.RemoveField(
            model_name='indicator',
            name='levels',
        ),
    ]
