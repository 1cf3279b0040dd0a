from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.urls import phone_patterns
from campaign import views as campaign_views
from config.media import media_view
from contest import views as contest_views

admin.site.site_header = _("Contest administration")
admin.site.site_title = _("Contest administration")
admin.site.index_title = _("Administration")

# Error pages in the site's layout: 400/413 for unreadable or oversized requests, and
# the throttling page for what allauth still limits itself.
handler400 = "contest.views.bad_request_view"
handler429 = "contest.ratelimit.allauth_too_many_requests"

urlpatterns = [
    path("", campaign_views.home_view, name="home"),
    path("healthz", contest_views.healthz_view, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),  # allauth's limited pages, first
    path("accounts/", include(phone_patterns)),  # phone codes: verify, password reset
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("contest.urls")),
    path("", include("quizzes.urls")),
    path("", include("gallery.urls")),
    path("", include("banners.urls")),
    path("", include("invites.urls")),
    path("", include("campaign.urls")),
]

# Without nginx in front (make run, make dev) the site serves MEDIA_ROOT itself, poster
# renditions excepted (config/media.py).
if settings.SERVE_MEDIA:
    urlpatterns += [path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", media_view, name="media")]
