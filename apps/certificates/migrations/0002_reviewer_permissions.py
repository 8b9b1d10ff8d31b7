"""NCEQE reviewers see every credential, signing identity and bulk issuance, and may revoke and re-issue."""

from django.db import migrations

from apps.accounts.roles import grant_reviewer_permissions

PERMISSIONS = [
    ("certificates", "view_credential"),
    ("certificates", "revoke_credential"),
    ("certificates", "view_signingidentity"),
    ("certificates", "view_signatory"),
    ("certificates", "view_issuancebatch"),
]


def grant(apps, schema_editor):
    grant_reviewer_permissions(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_initial"),
        ("accounts", "0002_reviewer_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
