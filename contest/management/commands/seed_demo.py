from django.core.management.base import BaseCommand
from django.db import transaction

from contest.demo import DEMO_ORGANIZER_EMAIL, DEMO_PASSWORD, seed_contest


class Command(BaseCommand):
    help = "Load the demo contest. Running it again changes nothing and duplicates nothing."

    @transaction.atomic
    def handle(self, *args, **options):
        summary = seed_contest()
        self.stdout.write(self.style.SUCCESS(summary))
        self.stdout.write(
            f"Demo organizer / Tài khoản Ban tổ chức: {DEMO_ORGANIZER_EMAIL} / {DEMO_PASSWORD}"
        )
