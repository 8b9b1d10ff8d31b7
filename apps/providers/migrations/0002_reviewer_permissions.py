"""NCEQE reviewers read providers, their staff, applications and documents, and make decisions. They do not
edit a provider's own data."""

from django.db import migrations

from apps.accounts.roles import grant_reviewer_permissions

PERMISSIONS = [
    ("providers", "view_provider"),
    ("providers", "view_providermembership"),
    ("providers", "view_authorizationapplication"),
    ("providers", "view_applicationdocument"),
    ("providers", "view_authorizationdecision"),
    ("providers", "add_authorizationdecision"),
    ("providers", "view_historicalprovider"),
    ("providers", "view_historicalauthorizationapplication"),
    ("reference", "view_fieldofstudy"),
    ("reference", "view_nqflevel"),
]


def grant(apps, schema_editor):
    grant_reviewer_permissions(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0001_initial"),
        ("accounts", "0002_reviewer_group"),
        ("reference", "0002_load_reference_data"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
