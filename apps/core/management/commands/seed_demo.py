"""Idempotent demo data. Each app that has demo data provides a `demo` module with `seed() -> list[Login]`;
this command runs them in the order of INSTALLED_APPS and prints the logins they made."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings


class Command(BaseCommand):
    help = "Create or refresh the demo data (safe to run again) and print the demo logins."

    def handle(self, *args, **options):
        logins = []
        # The demo's decisions and invitations would mail their recipients: keep that out of the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if app_config.name.startswith("apps.") and find_spec(module_name):
                    logins.extend(import_module(module_name).seed())
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Demo logins (e-mail / password):"))
        width = max((len(login.email) for login in logins), default=0)
        for login in logins:
            self.stdout.write(f"  {login.email.ljust(width)}  {login.password}   {login.role}")
