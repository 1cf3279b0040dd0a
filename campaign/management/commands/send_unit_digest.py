from django.core.management.base import BaseCommand

from campaign.services.unit_digest import digest_send


class Command(BaseCommand):
    help = (
        "Send each unit contact this week's digest (their unit's participation rate and how it "
        "compares with units of the same kind). Running it again the same ISO week sends "
        "nothing twice."
    )

    def handle(self, *args, **options):
        run = digest_send()
        if not run.round_title:
            self.stdout.write(f"Digest {run.week}: the current contest has no round, nothing sent.")
            return
        self.stdout.write(
            f"Digest {run.week} ({run.round_title}): {run.sent} sent "
            f"({run.by_email} by email, {run.by_sms} by SMS), {run.already_sent} already sent "
            f"this week, {run.without_address} without an email or verified phone, "
            f"{run.failed} failed."
        )
