from django.core.management.base import BaseCommand
from django.db import transaction

from campaign.demo import seed_demo
from contest.demo import DEMO_ORGANIZER_EMAIL, DEMO_PASSWORD
from gallery.demo import DEMO_JUROR_EMAIL


class Command(BaseCommand):
    help = "Load the demo contest. Running it again changes nothing and duplicates nothing."

    @transaction.atomic
    def handle(self, *args, **options):
        for summary in seed_demo():
            self.stdout.write(self.style.SUCCESS(summary))
        self.stdout.write(
            f"Demo juror / Tài khoản Ban giám khảo: {DEMO_JUROR_EMAIL} / {DEMO_PASSWORD}"
        )
        self.stdout.write(
            f"Demo organizer / Tài khoản Ban tổ chức: {DEMO_ORGANIZER_EMAIL} / {DEMO_PASSWORD}"
        )
