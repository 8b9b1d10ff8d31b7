"""NCEQE reviewers read programmes and their versions, and record reviews."""

from django.db import migrations

from apps.accounts.roles import grant_reviewer_permissions

PERMISSIONS = [
    ("programmes", "view_programme"),
    ("programmes", "view_programmeversion"),
    ("programmes", "view_historicalprogrammeversion"),
    ("programmes", "view_learningoutcome"),
    ("programmes", "view_assessmentcomponent"),
    ("programmes", "view_programmereview"),
    ("programmes", "add_programmereview"),
    ("reference", "view_language"),
]


def grant(apps, schema_editor):
    grant_reviewer_permissions(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0001_initial"),
        ("accounts", "0002_reviewer_group"),
        ("reference", "0004_load_languages"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
