from django.urls import path

from . import bank_views, board_views, organizer_views, views

app_name = "quizzes"

urlpatterns = [
    path("dot-thi/<int:pk>/", views.round_detail_view, name="round-detail"),
    path("dot-thi/<int:pk>/bat-dau/", views.attempt_start_view, name="round-start"),
    path("dot-thi/<int:pk>/anh.png", views.round_image_view, name="round-image"),
    path("dot-thi/<int:pk>/ket-qua/", views.round_results_view, name="round-results"),
    path("dot-thi/<int:pk>/truc-tiep/", board_views.board_view, name="round-board"),
    path("rounds/<int:pk>/screen/", board_views.screen_view, name="round-screen"),
    path("bai-thi/<str:token>/", views.attempt_view, name="attempt-detail"),
    path("bai-thi/<str:token>/tra-loi/", views.attempt_answer_view, name="attempt-answer"),
    path("bai-thi/<str:token>/nop-bai/", views.attempt_review_view, name="attempt-review"),
    path("bai-thi/<str:token>/het-gio/", views.attempt_time_up_view, name="attempt-time-up"),
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
        "ban-to-chuc/dot-thi/<int:pk>/xem-truoc/",
        organizer_views.round_preview_view,
        name="round-preview",
    ),
    path(
        "ban-to-chuc/dot-thi/<int:pk>/dong/", organizer_views.round_close_view, name="round-close"
    ),
    path(
        "ban-to-chuc/dot-thi/<int:pk>/ket-thuc-ngay/",
        organizer_views.round_end_now_view,
        name="round-end-now",
    ),
    path(
        "ban-to-chuc/dot-thi/<int:pk>/cong-bo/",
        organizer_views.round_publish_view,
        name="round-publish",
    ),
    path(
        "ban-to-chuc/dot-thi/<int:pk>/dap-an/",
        organizer_views.round_answers_release_view,
        name="round-answers-release",
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
        "ban-to-chuc/dot-thi/<int:pk>/truc-tiep/",
        board_views.live_dashboard_view,
        name="round-live",
    ),
    path(
        "ban-to-chuc/dot-thi/<int:pk>/trao-giai/",
        board_views.reveal_control_view,
        name="round-reveal",
    ),
    path(
        "ban-to-chuc/dot-thi/<int:pk>/thong-ke/",
        organizer_views.round_stats_view,
        name="round-stats",
    ),
    path(
        "ban-to-chuc/dot-thi/<int:pk>/thong-ke-cau-hoi.xlsx",
        organizer_views.round_stats_export_view,
        name="round-stats-export",
    ),
    # Organizers: question banks
    path("ban-to-chuc/ngan-hang/", bank_views.bank_list_view, name="bank-list"),
    path("ban-to-chuc/ngan-hang/mau.xlsx", bank_views.bank_template_view, name="bank-template"),
    path("ban-to-chuc/ngan-hang/<int:pk>/", bank_views.bank_detail_view, name="bank-detail"),
    path("ban-to-chuc/ngan-hang/<int:pk>/nhap/", bank_views.bank_import_view, name="bank-import"),
    path(
        "ban-to-chuc/ngan-hang/<int:pk>/ngan-hang.xlsx",
        bank_views.bank_export_view,
        name="bank-export",
    ),
    path(
        "ban-to-chuc/ngan-hang/<int:pk>/chu-de/moi/",
        bank_views.topic_create_view,
        name="topic-create",
    ),
    path(
        "ban-to-chuc/ngan-hang/<int:pk>/cau-hoi/moi/",
        bank_views.question_create_view,
        name="question-create",
    ),
    path(
        "ban-to-chuc/ngan-hang/cau-hoi/<int:pk>/",
        bank_views.question_edit_view,
        name="question-edit",
    ),
    path(
        "ban-to-chuc/ngan-hang/cau-hoi/<int:pk>/ngung-dung/",
        bank_views.question_retire_view,
        name="question-retire",
    ),
    path(
        "ban-to-chuc/ngan-hang/cau-hoi/<int:pk>/khoi-phuc/",
        bank_views.question_restore_view,
        name="question-restore",
    ),
]
