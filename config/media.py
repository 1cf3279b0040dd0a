"""MEDIA_ROOT served by the site itself where no nginx stands in front (`make run`, `make dev`).

The same rules as nginx's /media/ location in production (deploy/nginx/cchc-locations.conf):
poster renditions under gallery/ are never served as plain files, since those of entries
waiting for moderation or rejected are for their authors and the organizers only; they
go through gallery.views.image_view, which checks the entry's status and the visitor.
"""

from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_GET
from django.views.static import serve

from gallery.images import RENDITION_DIR


@require_GET
def media_view(request, path):
    if path.split("/", 1)[0] == RENDITION_DIR:
        raise Http404
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:  # e.g. a name longer than the file system allows: no such file
        raise Http404 from error
    # Uploads are data, never pages or scripts (nginx sends the same).
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
