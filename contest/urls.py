from django.urls import path

from . import views

app_name = "contest"

urlpatterns = [
    path("ho-so/", views.profile_edit_view, name="profile-edit"),
    path("ban-to-chuc/nhat-ky/", views.audit_log_view, name="audit-log"),
    path("ban-to-chuc/nhat-ky.xlsx", views.audit_export_view, name="audit-export"),
    path("ban-to-chuc/don-vi/", views.unit_list_view, name="unit-list"),
    path("ban-to-chuc/don-vi/nhap/", views.unit_import_view, name="unit-import"),
    path("ban-to-chuc/don-vi/mau.xlsx", views.unit_template_view, name="unit-template"),
]
