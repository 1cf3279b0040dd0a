from django.core.management.base import BaseCommand
from django.db import transaction

from gallery import images
from gallery.models import Entry


class Command(BaseCommand):
    help = (
        "Cut EXIF (GPS, camera serial), XMP, comments and appended bytes out of the poster "
        "originals stored before uploads were cleaned. Safe to run again."
    )

    def handle(self, *args, **options):
        private = images.private_storage()
        cleaned = failed = 0
        posters = Entry.objects.filter(kind=Entry.Kind.POSTER).exclude(original_name="")
        for entry in posters.iterator():
            old = entry.original_name
            try:
                result = images.clean_stored_original(old, entry.original_format)
            except (FileNotFoundError, ValueError) as exc:
                failed += 1
                self.stderr.write(f"entry {entry.pk}: {old} left as it is ({exc})")
                continue
            if result is None:
                continue
            with transaction.atomic():
                # The author may have sent a new image meanwhile: then this copy is not needed.
                current = Entry.objects.select_for_update().filter(pk=entry.pk, original_name=old)
                updated = current.update(original_name=result[0], original_format=result[1])
            private.delete(old if updated else result[0])
            cleaned += bool(updated)
        self.stdout.write(f"clean_poster_originals: {cleaned} cleaned, {failed} left as they were")
