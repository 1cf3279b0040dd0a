from django.urls import path

from . import report_views

urlpatterns: list = [
    path("ban-to-chuc/bao-cao/", report_views.report_view, name="report"),
    path("ban-to-chuc/bao-cao/bao-cao.pdf", report_views.report_pdf_view, name="report-pdf"),
    path("ban-to-chuc/bao-cao/bao-cao.xlsx", report_views.report_xlsx_view, name="report-xlsx"),
]
