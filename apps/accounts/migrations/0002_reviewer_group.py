"""The NCEQE reviewers group, with the admin permissions reviewers need. Later apps add theirs in their own
data migrations through apps.accounts.roles.grant_reviewer_permissions."""

from django.db import migrations

from apps.accounts.roles import REVIEWER_GROUP_NAME, grant_reviewer_permissions

PERMISSIONS = [("accounts", "view_user")]


def create_group(apps, schema_editor):
    grant_reviewer_permissions(apps, PERMISSIONS)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=REVIEWER_GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
