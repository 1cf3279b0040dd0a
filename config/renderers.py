from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every form on the site, ours and allauth's, renders fields the same way."""

    field_template_name = "forms/field.html"
