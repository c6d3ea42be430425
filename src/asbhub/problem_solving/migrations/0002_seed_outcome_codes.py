"""Seed the outcome codes from data/outcome_codes.csv (ASB Hub's documented default).

The national list of problem-solving outcome codes was not available to us: see
data/outcome_codes.md. Codes that already exist are left as an administrator set them.
"""

import csv
from pathlib import Path

from django.db import migrations

CODES_FILE = Path(__file__).resolve().parent.parent / "data" / "outcome_codes.csv"


def seed(apps, schema_editor):
    OutcomeCode = apps.get_model("problem_solving", "OutcomeCode")
    with CODES_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            OutcomeCode.objects.get_or_create(
                code=row["code"],
                defaults={
                    "order": int(row["order"]),
                    "label": row["label_en"],
                    "label_cy": row["label_cy"],
                    "meaning": row["meaning_en"],
                    "meaning_cy": row["meaning_cy"],
                    "source": row["source"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("problem_solving", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
