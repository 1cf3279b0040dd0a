from django.urls import path

from . import contact_views

# Unit contacts (đầu mối đơn vị): the contact's own unit, the organizers' pages.
urlpatterns = [
    path("don-vi-cua-toi/", contact_views.my_units_view, name="my-units"),
    path("don-vi-cua-toi/<int:unit_id>/", contact_views.my_unit_view, name="my-unit"),
    path(
        "don-vi-cua-toi/<int:unit_id>/nhac-nho/<int:round_id>/",
        contact_views.unit_remind_view,
        name="unit-remind",
    ),
    path("ban-to-chuc/dau-moi/", contact_views.contact_list_view, name="unit-contacts"),
    path("ban-to-chuc/dau-moi/go/", contact_views.contact_remove_view, name="unit-contact-remove"),
    path("ban-to-chuc/ti-le-tham-gia/", contact_views.unit_rates_view, name="unit-rates"),
]
