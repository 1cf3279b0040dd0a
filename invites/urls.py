from django.urls import path, re_path

from . import views

app_name = "invites"

urlpatterns = [
    # The personal invite link, typed from a phone: any case, with or without a slash.
    re_path(r"^[mM][oO][iI]/(?P<code>[^/]+)/?$", views.invite_open_view, name="invite-open"),
    path("ban-to-chuc/lan-toa/", views.ranking_view, name="ranking"),
    path("ban-to-chuc/lan-toa/<int:round_id>/trao-giai/", views.award_view, name="award"),
    path(
        "ban-to-chuc/lan-toa/giai/<int:pk>/thu-hoi/", views.award_revoke_view, name="award-revoke"
    ),
]
