"""Write the verification record (apps/verification/records.py) of every issued and revoked credential: after a
Redis flush, or for credentials that existed before records did. Safe while the portal runs: each record is written
under a marker set before its credential is read, so a change that commits meanwhile is never overwritten."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.verification import records


class Command(BaseCommand):
    help = "Write the verification record of every issued and revoked credential into Redis."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000, help="credentials read and written at a time")

    def handle(self, *args, batch, **options):
        if not settings.REDIS_URL:
            raise CommandError("Verification records live in Redis: set REDIS_URL.")
        started = time.perf_counter()
        written = records.rebuild(batch=batch)
        self.stdout.write(f"{written} verification records written in {time.perf_counter() - started:.1f} s.")
