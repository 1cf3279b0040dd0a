from django.urls import path

from . import organizer_views, views

app_name = "quizzes"

urlpatterns = [
    path("dot-thi/<int:pk>/", views.round_detail_view, name="round-detail"),
    path("dot-thi/<int:pk>/bat-dau/", views.attempt_start_view, name="round-start"),
    path("dot-thi/<int:pk>/ket-qua/", views.round_results_view, name="round-results"),
    path("bai-thi/<str:token>/", views.attempt_view, name="attempt-detail"),
    path("bai-thi/<str:token>/tra-loi/", views.attempt_answer_view, name="attempt-answer"),
    path("bai-thi/<str:token>/nop-bai/", views.attempt_review_view, name="attempt-review"),
    path("bai-thi/<str:token>/ket-qua/", views.attempt_result_view, name="attempt-result"),
    # Organizers
    path("ban-to-chuc/dot-thi/", organizer_views.round_list_view, name="organizer-rounds"),
    path("ban-to-chuc/dot-thi/moi/", organizer_views.round_edit_view, name="round-create"),
    path(
        "ban-to-chuc/dot-thi/<int:pk>/",
        organizer_views.round_dashboard_view,
        name="round-dashboard",
    ),
    path("ban-to-chuc/dot-thi/<int:pk>/sua/", organizer_views.round_edit_view, name="round-edit"),
    path(
        "ban-to-chuc/dot-thi/<int:pk>/dong/", organizer_views.round_close_view, name="round-close"
    ),
    path(
        "ban-to-chuc/dot-thi/<int:pk>/cong-bo/",
        organizer_views.round_publish_view,
        name="round-publish",
    ),
    path(
        "ban-to-chuc/dot-thi/<int:pk>/xep-hang/",
        organizer_views.round_ranking_view,
        name="round-ranking",
    ),
    path(
        "ban-to-chuc/dot-thi/<int:pk>/xep-hang.xlsx",
        organizer_views.round_ranking_export_view,
        name="round-ranking-export",
    ),
    path(
        "ban-to-chuc/dot-thi/<int:pk>/thong-ke/",
        organizer_views.round_stats_view,
        name="round-stats",
    ),
]
