from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from quizzes.models import Bank
from quizzes.services.bank_io import questions_import


class Command(BaseCommand):
    help = "Import questions into a bank from .xlsx, Moodle GIFT or Aiken: all or none."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--bank", required=True, help="Name of the question bank.")
        parser.add_argument("--topic", default="", help="Topic of questions that name none.")
        parser.add_argument(
            "--create-topics", action="store_true", help="Create topics the bank lacks."
        )
        parser.add_argument(
            "--create-bank", action="store_true", help="Create the bank if it does not exist."
        )

    def handle(self, *args, file: Path, bank: str, topic: str, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        # A bank created here is rolled back with the import when the file has errors.
        with transaction.atomic():
            found = Bank.objects.filter(name__iexact=bank.strip()).first()
            if found is None and not options["create_bank"]:
                raise CommandError(f"No bank named “{bank}”; pass --create-bank to create it.")
            if found is None:
                found = Bank.objects.create(name=bank.strip())
            report = questions_import(
                bank=found,
                data=file.read_bytes(),
                filename=file.name,
                default_topic=topic,
                create_topics=options["create_topics"],
            )
            where = "line" if report.line_based else "row"
            for error in report.errors:
                self.stderr.write(
                    f"{where} {error.row}: {error.message}" if error.row else error.message
                )
            if not report.ok:
                raise CommandError(f"Nothing imported: {len(report.errors)} problem(s).")
        summary = f"{report.created} questions added to “{found.name}”"
        if report.topics_created:
            summary += f"; new topics: {', '.join(report.topics_created)}"
        self.stdout.write(self.style.SUCCESS(summary + "."))
