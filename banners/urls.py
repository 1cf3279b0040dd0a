from django.urls import path, re_path

from . import views

app_name = "banners"

urlpatterns = [
    # The short link printed under each QR code, then the organizers' pages
    path("b/<str:code>", views.banner_redirect_view, name="banner-redirect"),
    # Typed from a poster: with caps lock on, or with a slash at the end.
    re_path(r"^[bB]/(?P<code>[^/]+)/?$", views.banner_redirect_view, name="banner-redirect-typed"),
    path("ban-to-chuc/bang-ron/", views.banner_list_view, name="banner-list"),
    path("ban-to-chuc/bang-ron/moi/", views.banner_edit_view, name="banner-create"),
    path("ban-to-chuc/bang-ron/nhap/", views.banner_import_view, name="banner-import"),
    path("ban-to-chuc/bang-ron/mau.xlsx", views.banner_template_view, name="banner-template"),
    path("ban-to-chuc/bang-ron/thong-ke.xlsx", views.banner_export_view, name="banner-export"),
    path(
        "ban-to-chuc/bang-ron/ap-phich.zip",
        views.banner_posters_zip_view,
        name="banner-posters-zip",
    ),
    path("ban-to-chuc/bang-ron/<int:pk>/", views.banner_detail_view, name="banner-detail"),
    path("ban-to-chuc/bang-ron/<int:pk>/sua/", views.banner_edit_view, name="banner-edit"),
    path("ban-to-chuc/bang-ron/<int:pk>/qr.png", views.banner_png_view, name="banner-png"),
    path("ban-to-chuc/bang-ron/<int:pk>/qr.svg", views.banner_svg_view, name="banner-svg"),
    # Checks in the field: organizers, and unit contacts for their own units' banners.
    path("bang-ron/<int:pk>/kiem-tra/", views.banner_check_view, name="banner-check"),
    path(
        "bang-ron/kiem-tra/<int:pk>/anh-<str:size>.webp",
        views.banner_check_photo_view,
        name="banner-check-photo",
    ),
    path(
        "ban-to-chuc/bang-ron/<int:pk>/ap-phich-<str:size>.pdf",
        views.banner_poster_view,
        name="banner-poster",
    ),
]
