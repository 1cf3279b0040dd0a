from django.urls import path

from . import views

app_name = "campaign"

urlpatterns = [
    path("ho-so/du-lieu/", views.personal_data_view, name="personal-data"),
    path("ho-so/du-lieu/tai-ve.json", views.personal_data_json_view, name="personal-data-json"),
    path("ho-so/du-lieu/tai-ve.xlsx", views.personal_data_xlsx_view, name="personal-data-xlsx"),
    path("ho-so/du-lieu/xoa/", views.personal_data_delete_view, name="personal-data-delete"),
    path("ban-to-chuc/", views.organizer_home_view, name="organizer-home"),
]
