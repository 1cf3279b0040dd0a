"""contest/ is the base. lint-imports (pyproject.toml) checks its imports; a model named by a
string ("quizzes.Round") is no import, so its relations are checked here."""

from django.apps import apps
from django.contrib.auth import get_user_model

ABOVE = {"quizzes", "gallery", "banners", "campaign"}


def test_no_model_of_the_base_app_points_to_a_model_of_an_app_above_it():
    relations = [
        (model.__name__, field.name, field.related_model)
        for model in apps.get_app_config("contest").get_models()
        for field in model._meta.get_fields()
        if field.is_relation and field.concrete and field.related_model is not None
    ]
    assert ("Participant", "unit", apps.get_model("contest", "Unit")) in relations
    upward = [
        (model, name, related._meta.label)
        for model, name, related in relations
        if related._meta.app_label in ABOVE and related is not get_user_model()
    ]
    assert upward == []
