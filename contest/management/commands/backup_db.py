from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.backups import BackupError, backup_database


class Command(BaseCommand):
    help = (
        "Back up the live database to PATH (a file, or a directory for a timestamped file): "
        "SQLite with its online backup API, PostgreSQL with pg_dump -Fc. Safe while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            written = backup_database(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = written.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backup written: {written} ({size:,} bytes)"))
