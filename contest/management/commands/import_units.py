from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from contest.services.units import units_import


class Command(BaseCommand):
    help = "Import units (đơn vị) from an .xlsx or .csv file: all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        report = units_import(data=file.read_bytes())
        for error in report.errors:
            self.stderr.write(f"row {error.row}: {error.message}" if error.row else error.message)
        if not report.ok:
            raise CommandError(f"Nothing imported: {len(report.errors)} problem(s).")
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.rows} rows: {report.created} created, {report.updated} updated."
            )
        )
