from django.urls import path

from . import jury_views, organizer_views, views

app_name = "gallery"

urlpatterns = [
    path("thu-vien/", views.index_view, name="index"),
    path("thu-vien/<int:pk>/", views.entry_detail_view, name="entry-detail"),
    path("thu-vien/<int:pk>/binh-chon/", views.vote_view, name="vote"),
    path("thu-vien/<int:pk>/ban-goc/", views.original_view, name="original"),
    path("thu-vien/anh/<str:name>", views.image_view, name="image"),
    path("thu-vien/ket-qua/", views.results_view, name="results"),
    path("thu-vien/cua-toi/", views.my_entries_view, name="my-entries"),
    path("thu-vien/gui/<slug:kind_slug>/", views.entry_create_view, name="entry-create"),
    path("thu-vien/cua-toi/<int:pk>/sua/", views.entry_edit_view, name="entry-edit"),
    path("thu-vien/cua-toi/<int:pk>/rut/", views.entry_withdraw_view, name="entry-withdraw"),
    # Jurors
    path("giam-khao/", jury_views.jury_home_view, name="jury-home"),
    path("giam-khao/<int:pk>/", jury_views.jury_score_view, name="jury-score"),
    # Organizers
    path("ban-to-chuc/thu-vien/", organizer_views.dashboard_view, name="organizer"),
    path("ban-to-chuc/thu-vien/cai-dat/", organizer_views.config_edit_view, name="config-edit"),
    path("ban-to-chuc/thu-vien/kiem-duyet/", organizer_views.moderation_view, name="moderation"),
    path(
        "ban-to-chuc/thu-vien/<int:pk>/kiem-duyet/",
        organizer_views.moderate_view,
        name="moderate",
    ),
    path("ban-to-chuc/thu-vien/binh-chon/", organizer_views.votes_view, name="votes"),
    path(
        "ban-to-chuc/thu-vien/<int:pk>/binh-chon/",
        organizer_views.entry_votes_view,
        name="entry-votes",
    ),
    path(
        "ban-to-chuc/thu-vien/phieu/<int:pk>/huy/",
        organizer_views.vote_void_view,
        name="vote-void",
    ),
    path(
        "ban-to-chuc/thu-vien/binh-chon/huy-nhom/",
        organizer_views.cluster_void_view,
        name="cluster-void",
    ),
    path("ban-to-chuc/thu-vien/xep-hang/", organizer_views.rankings_view, name="rankings"),
    path(
        "ban-to-chuc/thu-vien/xep-hang.xlsx",
        organizer_views.rankings_export_view,
        name="rankings-export",
    ),
    path("ban-to-chuc/thu-vien/cong-bo/", organizer_views.publish_view, name="publish"),
]
