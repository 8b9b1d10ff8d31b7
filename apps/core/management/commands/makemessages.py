"""makemessages with the project's habits: no guessed (fuzzy) translations, no source locations, and the
virtual environment and generated folders left out."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
    xgettext_options = [*makemessages.Command.xgettext_options, "--no-location"]

    def handle(self, *args, **options):
        options["ignore_patterns"] = [
            *options.get("ignore_patterns", []),
            ".venv/*",
            "staticfiles/*",
            "var/*",
            "tests/*",
            "bench/*",
            "test-artifacts/*",
        ]
        return super().handle(*args, **options)
