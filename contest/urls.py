from django.urls import path, re_path

from . import banner_views, views

app_name = "contest"

urlpatterns = [
    path("ho-so/", views.profile_edit_view, name="profile-edit"),
    path("ho-so/du-lieu/", views.personal_data_view, name="personal-data"),
    path("ho-so/du-lieu/tai-ve.json", views.personal_data_json_view, name="personal-data-json"),
    path("ho-so/du-lieu/tai-ve.xlsx", views.personal_data_xlsx_view, name="personal-data-xlsx"),
    path("ho-so/du-lieu/xoa/", views.personal_data_delete_view, name="personal-data-delete"),
    path("ban-to-chuc/", views.organizer_home_view, name="organizer-home"),
    path("ban-to-chuc/nhat-ky/", views.audit_log_view, name="audit-log"),
    path("ban-to-chuc/nhat-ky.xlsx", views.audit_export_view, name="audit-export"),
    path("ban-to-chuc/don-vi/", views.unit_list_view, name="unit-list"),
    path("ban-to-chuc/don-vi/nhap/", views.unit_import_view, name="unit-import"),
    path("ban-to-chuc/don-vi/mau.xlsx", views.unit_template_view, name="unit-template"),
    # Banners: the short link printed under each QR code, then the organizers' pages
    path("b/<str:code>", banner_views.banner_redirect_view, name="banner-redirect"),
    # Typed from a poster: with caps lock on, or with a slash at the end.
    re_path(
        r"^[bB]/(?P<code>[^/]+)/?$", banner_views.banner_redirect_view, name="banner-redirect-typed"
    ),
    path("ban-to-chuc/bang-ron/", banner_views.banner_list_view, name="banner-list"),
    path("ban-to-chuc/bang-ron/moi/", banner_views.banner_edit_view, name="banner-create"),
    path("ban-to-chuc/bang-ron/nhap/", banner_views.banner_import_view, name="banner-import"),
    path(
        "ban-to-chuc/bang-ron/mau.xlsx", banner_views.banner_template_view, name="banner-template"
    ),
    path(
        "ban-to-chuc/bang-ron/thong-ke.xlsx", banner_views.banner_export_view, name="banner-export"
    ),
    path(
        "ban-to-chuc/bang-ron/ap-phich.zip",
        banner_views.banner_posters_zip_view,
        name="banner-posters-zip",
    ),
    path("ban-to-chuc/bang-ron/<int:pk>/", banner_views.banner_detail_view, name="banner-detail"),
    path("ban-to-chuc/bang-ron/<int:pk>/sua/", banner_views.banner_edit_view, name="banner-edit"),
    path("ban-to-chuc/bang-ron/<int:pk>/qr.png", banner_views.banner_png_view, name="banner-png"),
    path("ban-to-chuc/bang-ron/<int:pk>/qr.svg", banner_views.banner_svg_view, name="banner-svg"),
    path(
        "ban-to-chuc/bang-ron/<int:pk>/ap-phich-<str:size>.pdf",
        banner_views.banner_poster_view,
        name="banner-poster",
    ),
]
