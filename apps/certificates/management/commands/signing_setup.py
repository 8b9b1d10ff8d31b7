from django.core.management.base import BaseCommand

from apps.certificates import keys


class Command(BaseCommand):
    help = (
        "Make the development CA and the platform's signing identity if there is none (first run). "
        "Both are marked as not trusted: for development and demonstration only."
    )

    def handle(self, *args, **options):
        identity, created = keys.ensure_platform_identity()
        if created:
            self.stdout.write(
                f"Created the development signing identity {identity.key_id[:16]} (NOT TRUSTED), "
                f"valid until {identity.valid_until:%Y-%m-%d}; key file {keys.keys_dir() / identity.key_file}"
            )
        elif options["verbosity"] > 1:
            self.stdout.write(f"The platform signs with {identity}.")
