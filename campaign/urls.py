from django.urls import path

from . import contact_urls, report_urls, views

app_name = "campaign"

urlpatterns = [
    path("ho-so/du-lieu/", views.personal_data_view, name="personal-data"),
    path("ho-so/du-lieu/tai-ve.json", views.personal_data_json_view, name="personal-data-json"),
    path("ho-so/du-lieu/tai-ve.xlsx", views.personal_data_xlsx_view, name="personal-data-xlsx"),
    path("ho-so/du-lieu/xoa/", views.personal_data_delete_view, name="personal-data-delete"),
    path("ban-to-chuc/", views.organizer_home_view, name="organizer-home"),
    # Certificates: the public check printed as a QR code, the holder's page, the organizers'.
    path("xac-minh/<str:code>/", views.certificate_verify_view, name="certificate-verify"),
    path("ho-so/giay-chung-nhan/", views.my_certificates_view, name="my-certificates"),
    path("giay-chung-nhan/<str:code>.pdf", views.certificate_pdf_view, name="certificate-pdf"),
    path("ban-to-chuc/giay-chung-nhan/", views.certificate_list_view, name="certificate-list"),
    path(
        "ban-to-chuc/giay-chung-nhan/mau/",
        views.certificate_template_view,
        name="certificate-template",
    ),
    path(
        "ban-to-chuc/giay-chung-nhan/mau/xem-thu.pdf",
        views.certificate_preview_view,
        name="certificate-preview",
    ),
    path(
        "ban-to-chuc/giay-chung-nhan/cap/", views.certificate_issue_view, name="certificate-issue"
    ),
    path(
        "ban-to-chuc/giay-chung-nhan/<int:pk>/thu-hoi/",
        views.certificate_revoke_view,
        name="certificate-revoke",
    ),
    path(
        "ban-to-chuc/giay-chung-nhan/tai-ve.zip", views.certificate_zip_view, name="certificate-zip"
    ),
    path(
        "ban-to-chuc/giay-chung-nhan/thong-bao/",
        views.certificate_notify_view,
        name="certificate-notify",
    ),
]

urlpatterns += report_urls.urlpatterns + contact_urls.urlpatterns
