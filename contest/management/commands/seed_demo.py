from django.core.management.base import BaseCommand
from django.db import transaction

from contest.demo import DEMO_ORGANIZER_EMAIL, DEMO_PASSWORD, seed_contest


class Command(BaseCommand):
    help = "Load the demo contest. Running it again changes nothing and duplicates nothing."

    @transaction.atomic
    def handle(self, *args, **options):
        summary = seed_contest()
        self.stdout.write(self.style.SUCCESS(summary))
        from contest.models import Contest
        from gallery.demo import DEMO_JUROR_EMAIL, seed_gallery

        self.stdout.write(self.style.SUCCESS(seed_gallery(Contest.objects.get(slug="cchc-2026"))))
        self.stdout.write(
            f"Demo juror / Tài khoản Ban giám khảo: {DEMO_JUROR_EMAIL} / {DEMO_PASSWORD}"
        )
        self.stdout.write(
            f"Demo organizer / Tài khoản Ban tổ chức: {DEMO_ORGANIZER_EMAIL} / {DEMO_PASSWORD}"
        )
