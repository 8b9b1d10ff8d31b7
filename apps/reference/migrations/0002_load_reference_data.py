"""The Georgian NQF levels with their indicative EQF levels, and the ISCED-F 2013 fields of study."""

import csv
from pathlib import Path

from django.db import migrations

NQF_LEVELS = [
    # level, EQF level (indicative), QF-EHEA cycle, Georgian, English
    (1, 1, "", "პირველი დონე", "Level 1"),
    (2, 2, "", "მეორე დონე", "Level 2"),
    (3, 3, "", "მესამე დონე", "Level 3"),
    (4, 4, "", "მეოთხე დონე", "Level 4"),
    (5, 5, "short", "მეხუთე დონე: მოკლე ციკლი", "Level 5: short cycle"),
    (6, 6, "first", "მეექვსე დონე: ბაკალავრიატი", "Level 6: bachelor's"),
    (7, 7, "second", "მეშვიდე დონე: მაგისტრატურა", "Level 7: master's"),
    (8, 8, "third", "მერვე დონე: დოქტორანტურა", "Level 8: doctoral"),
]
FIELDS_CSV = Path(__file__).resolve().parent.parent / "data" / "iscedf2013.csv"


def load(apps, schema_editor):
    NQFLevel = apps.get_model("reference", "NQFLevel")
    FieldOfStudy = apps.get_model("reference", "FieldOfStudy")
    for level, eqf, cycle, name_ka, name_en in NQF_LEVELS:
        NQFLevel.objects.update_or_create(
            level=level, defaults={"eqf_level": eqf, "qf_ehea_cycle": cycle, "name_ka": name_ka, "name_en": name_en}
        )
    with FIELDS_CSV.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):  # parents come before their children
            FieldOfStudy.objects.update_or_create(
                code=row["code"],
                defaults={
                    "level": row["level"],
                    "parent_id": row["parent"] or None,
                    "name_en": row["name_en"],
                    "name_ka": row["name_ka"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
