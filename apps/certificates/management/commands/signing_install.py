import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.certificates import keys
from apps.providers.models import Provider


class Command(BaseCommand):
    help = (
        "Install a signing identity from a PKCS#12 (.p12/.pfx) file: for one provider (--provider ID) or for the "
        "platform. It signs every new certificate of its owner from now on; the previous identity is retired "
        "and what it signed still verifies. The password is read from --password-env or asked for."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the PKCS#12 file")
        parser.add_argument("--provider", type=int, help="the provider's id; omit for the platform")
        parser.add_argument("--password-env", help="the name of an environment variable that holds the password")
        parser.add_argument(
            "--untrusted", action="store_true", help="the CA is not one that readers trust (a test identity)"
        )

    def handle(self, *args, **options):
        provider = None
        if options["provider"]:
            provider = Provider.objects.filter(pk=options["provider"]).first()
            if provider is None:
                raise CommandError(f"There is no provider with id {options['provider']}.")
        try:
            with open(options["file"], "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from None
        if options["password_env"]:
            password = os.environ.get(options["password_env"], "")
        else:
            password = getpass.getpass("PKCS#12 password: ")
        try:
            identity = keys.install_pkcs12(
                data=data, password=password, provider=provider, trusted=not options["untrusted"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        owner = provider.legal_name_en if provider else "the platform"
        self.stdout.write(f"Installed {identity.name} ({identity.key_id[:16]}) for {owner}.")
