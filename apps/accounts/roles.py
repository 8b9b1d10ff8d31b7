"""Roles as data. Used by data migrations, so it takes the migration's app registry."""

from django.contrib.auth.management import create_permissions

# Group names are data, shown as they are in both languages: so the name carries both.
REVIEWER_GROUP_NAME = "ცენტრის რეცენზენტები / NCEQE reviewers"


def grant_reviewer_permissions(apps, permissions: list[tuple[str, str]]) -> None:
    """Give the NCEQE reviewers group these (app_label, codename) permissions, creating what is missing."""
    # Permissions are normally created after all migrations; create them now so that they can be granted.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=REVIEWER_GROUP_NAME)
    for app_label, codename in permissions:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
