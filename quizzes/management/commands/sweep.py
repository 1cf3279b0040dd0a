import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from quizzes.services.attempts import attempts_sweep
from quizzes.services.ranking import rounds_close_due


class Command(BaseCommand):
    help = (
        "Finish attempts whose time ran out and close rounds past their closing time. "
        "Once, or every N seconds with --every N."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="repeat every N seconds")

    def handle(self, *args, every: int, **options):
        while True:
            close_old_connections()
            finished = attempts_sweep()
            closed = rounds_close_due()
            if finished or closed or not every:
                self.stdout.write(f"sweep: {finished} attempts finished, {closed} rounds closed")
            if not every:
                return
            time.sleep(every)
