from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from config.backups import BackupError, other_sessions, restore_database


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by backup_db. Stop the site first "
        "(systemctl stop cchc.target). The current database is saved before it is replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="confirm that every current row is replaced"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore even though other connections to PostgreSQL are open",
        )

    def handle(self, *args, path: Path, yes: bool, force: bool, **options):
        target = connection.settings_dict["NAME"]
        if not yes:
            raise CommandError(
                f"This replaces everything in {connection.vendor} database {target} with "
                f"{path}. Stop the site, then run again with --yes."
            )
        if (sessions := other_sessions()) and not force:
            raise CommandError(
                f"{sessions} other connection(s) to {target} are open: is the site still "
                "running? Stop it (systemctl stop cchc.target), or add --force."
            )
        try:
            saved = restore_database(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if saved:
            self.stdout.write(f"The database as it was before: {saved}")
        self.stdout.write(self.style.SUCCESS(f"Restored {target} from {path}."))
        self.stdout.write("Next: manage.py migrate (if the code is newer), then start the site.")
