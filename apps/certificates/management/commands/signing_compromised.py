import csv
import io

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.certificates.key_compromise import signing_identity_compromise
from apps.certificates.models import SigningIdentity
from apps.certificates.signing import SigningUnavailable


class Command(BaseCommand):
    help = (
        "Mark a signing key compromised: it never signs again and the portal stops trusting it. Every issued "
        "certificate it signed is re-signed with its owner's current identity (install the new one first), or, "
        "with --revoke, revoked. Prints a report (CSV), or writes it to --report. --by names the portal user "
        "(by e-mail) who declares it, for the record."
    )

    def add_arguments(self, parser):
        parser.add_argument("key_id", help="the key id, or its first 12 or more characters")
        parser.add_argument("--reason", required=True)
        parser.add_argument("--revoke", action="store_true", help="revoke what it signed instead of re-signing")
        parser.add_argument("--report", help="write the report to this CSV file")
        parser.add_argument("--by", metavar="EMAIL", help="the e-mail of the portal user who declares the compromise")

    def handle(self, *args, **options):
        prefix = options["key_id"].lower()
        if len(prefix) < 12:
            raise CommandError("Give at least 12 characters of the key id.")
        matches = list(SigningIdentity.objects.filter(key_id__startswith=prefix))
        if len(matches) != 1:
            raise CommandError(f"{len(matches)} signing identities match {prefix}.")
        identity = matches[0]
        declared_by = None
        if options["by"]:
            declared_by = get_user_model().objects.filter(email__iexact=options["by"].strip()).first()
            if declared_by is None:
                raise CommandError(f"No portal user has the e-mail {options['by']}.")
        try:
            report = signing_identity_compromise(
                identity=identity, reason=options["reason"], revoke=options["revoke"], acting_user=declared_by
            )
        except (ValidationError, SigningUnavailable) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from None
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=["code", "action", "key_id"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(report)
        if options["report"]:
            with open(options["report"], "w", encoding="utf-8") as handle:
                handle.write(buffer.getvalue())
        else:
            self.stdout.write(buffer.getvalue(), ending="")
        self.stderr.write(f"{identity.key_id[:16]} is marked compromised; {len(report)} certificates handled.")
