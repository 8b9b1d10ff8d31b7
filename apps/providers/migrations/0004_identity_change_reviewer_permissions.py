"""NCEQE reviewers read and decide on authorized providers' requests to change their identity."""

from django.db import migrations

from apps.accounts.roles import grant_reviewer_permissions

PERMISSIONS = [
    ("providers", "view_identitychangerequest"),
    ("providers", "change_identitychangerequest"),
    ("providers", "view_historicalidentitychangerequest"),
]


def grant(apps, schema_editor):
    grant_reviewer_permissions(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0003_identity_change_request"),
        ("accounts", "0002_reviewer_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
