"""Form templates rendered in Python: the same HTML as Django's templates, without a template
per field, label and option.

Django renders a form through templates all the way down: the form (div.html), each field
(the site's forms/field.html, including Django's field.html), its label (label.html and
attrs.html), its errors (ul.html), its widget (select.html) and every option of a select
(select_option.html and attrs.html again): for the profile form with a select of a few
hundred units, some two thousand template renders per page, most of its time (issue 13).

The functions here write exactly what those templates write (byte for byte, tested against
the templates in tests/test_page_budget.py): `{{ x }}` localised and HTML-escaped unless
already safe, `{{ x|stringformat:'s' }}` escaped without localisation, attributes in the
widget's order with `True` ones bare and `False` ones left out, the same line breaks.

They stand in for a template only while it is the one they were written from: Django's own
files (no project or app template overriding `django/forms/...`), and the site's
forms/field.html as it is now (its SHA-256 below; edit the template and it renders as a
template again, and a test says the Python version needs the same edit). A widget naming
other option templates, or a template given another context than Django's, renders through
the templates as before.
"""

import hashlib
import html
from operator import ne
from pathlib import Path

import django.forms
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData
from django.utils.timezone import template_localtime

from .renderers import FormRenderer as TemplateFormRenderer

STOCK_DIR = Path(django.forms.__file__).resolve().parent / "templates"
SITE_FIELD = "forms/field.html"
SITE_FIELD_SHA256 = "9d13068631c0c36a769114bd6afbd81b772d2ad575d0a07a671bee90d0dc10aa"

W = "django/forms/widgets/"
ATTRS = f"{W}attrs.html"
INPUT = f"{W}input.html"
INPUT_OPTION = f"{W}input_option.html"
INPUTS = {
    f"{W}{name}.html"
    for name in (
        *("input", "text", "number", "email", "url", "color", "search", "tel"),
        *("password", "hidden", "date", "datetime", "time", "checkbox"),
    )
}
SELECT = f"{W}select.html"
SELECT_OPTION = f"{W}select_option.html"
# Radio buttons and checkboxes: the widget's template and the one for each of its options.
MULTIPLE_INPUTS = {
    f"{W}radio.html": f"{W}radio_option.html",
    f"{W}checkbox_select.html": f"{W}checkbox_option.html",
}
TEXTAREA = f"{W}textarea.html"
LABEL = "django/forms/label.html"
ERRORS = "django/forms/errors/list/default.html"
ERRORS_UL = "django/forms/errors/list/ul.html"
FIELD = "django/forms/field.html"
FORM_DIV = "django/forms/div.html"


# --- What `{{ ... }}` does ------------------------------------------------------------------


def text(value) -> str:
    """`{{ value }}` under autoescape: localised, then escaped unless already safe."""
    if type(value) is str:  # most labels and values: nothing to localise
        return html.escape(value)
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


def formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: str() without localisation, escaped unless safe."""
    if type(value) is str:
        return html.escape(value)
    if isinstance(value, SafeData):
        return str(value)
    # What "%s" % value gives (a tuple is formatted as a whole, as the filter does).
    return escape(str(value) if isinstance(value, tuple) else "%s" % value)  # noqa: UP031


def attrs(attributes: dict) -> str:
    """django/forms/widgets/attrs.html (and django/forms/attrs.html for labels)."""
    out = []
    for name, value in attributes.items():
        if value is False:
            continue
        out.append(f" {text(name)}" if value is True else f' {text(name)}="{formatted(value)}"')
    return "".join(out)


# --- Widgets --------------------------------------------------------------------------------


def input_html(widget: dict) -> str:
    """django/forms/widgets/input.html (text, email, password, date, checkbox, hidden...)."""
    value = f' value="{formatted(widget["value"])}"' if ne(widget["value"], None) else ""
    return (
        f'<input type="{text(widget["type"])}" name="{text(widget["name"])}"{value}'
        f"{attrs(widget['attrs'])}>\n"
    )


def input_option_html(option: dict) -> str:
    """django/forms/widgets/input_option.html: a radio button or checkbox in its label."""
    if not option["wrap_label"]:
        return input_html(option) + "\n"
    ident = option["attrs"].get("id")
    label_for = f' for="{text(ident)}"' if ident else ""
    return f"<label{label_for}>{input_html(option)} {text(option['label'])}</label>\n"


def select_html(widget: dict) -> str:
    """django/forms/widgets/select.html with select_option.html for each option."""
    out = [f'<select name="{text(widget["name"])}"{attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{text(group_name)}">')
        for option in options:
            out.append(
                f'\n  <option value="{formatted(option["value"])}"{attrs(option["attrs"])}>'
                f"{text(option['label'])}</option>\n"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def multiple_input_html(widget: dict) -> str:
    """django/forms/widgets/multiple_input.html (radio.html, checkbox_select.html)."""
    ident = widget["attrs"].get("id", "")
    css = widget["attrs"].get("class", "")
    out = [
        "<div",
        f' id="{text(ident)}"' if ident else "",
        f' class="{text(css)}"' if css else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{text(group)}</label>")
        for option in options:
            # radio_option.html adds a line break after input_option.html's.
            out.append(f"<div>\n    {input_option_html(option)}\n</div>")
        if group:
            out.append("\n  </div>")
    out.append("\n</div>")
    return "".join(out)


def textarea_html(widget: dict) -> str:
    """django/forms/widgets/textarea.html."""
    value = text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{text(widget["name"])}"{attrs(widget["attrs"])}>\n{value}</textarea>'


def _options_are(widget: dict, template_name: str) -> bool:
    return all(
        option["template_name"] == template_name
        for _group, options, _index in widget["optgroups"]
        for option in options
    )


def widget_html(template_name: str, context: dict) -> str | None:
    """A stock widget's HTML, or None where only its template can say."""
    widget = context["widget"]
    if template_name in INPUTS:
        return input_html(widget).strip()
    if template_name == SELECT:
        return select_html(widget) if _options_are(widget, SELECT_OPTION) else None
    if template_name in MULTIPLE_INPUTS:
        stock = _options_are(widget, MULTIPLE_INPUTS[template_name])
        return multiple_input_html(widget) if stock else None
    if template_name == TEXTAREA:
        return textarea_html(widget)
    return None


# --- Labels, errors, fields, the form ---------------------------------------------------------


def label_html(template_name: str, context: dict) -> str:
    """django/forms/label.html: the field's <label> (or <legend>), or its bare text."""
    if not context["use_tag"]:
        return text(context["label"])
    tag = text(context["tag"])
    return f"<{tag}{attrs(context['attrs'] or {})}>{text(context['label'])}</{tag}>"


def errors_html(template_name: str, context: dict) -> str:
    """django/forms/errors/list/ul.html (default.html includes it)."""
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    ident = f' id="{text(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{text(error)}</li>" for error in errors)
    return f'<ul class="{text(context["error_class"])}"{ident}>{items}</ul>'


def _help(field, *, always_id: bool = False) -> str:
    if not field.help_text:
        return ""
    ident = f' id="{text(field.auto_id)}_helptext"' if field.auto_id or always_id else ""
    return f'<div class="helptext"{ident}>{str(field.help_text)}</div>'


def _stock_field(field) -> str:
    """django/forms/field.html, unstripped (as an include writes it)."""
    if field.use_fieldset:
        described = field.aria_describedby
        aria = f' aria-describedby="{text(described)}"' if described else ""
        legend = text(field.legend_tag()) if field.label else ""
        head = f"\n  <fieldset{aria}>\n  {legend}\n"
    else:
        head = f"\n  {text(field.label_tag()) if field.label else ''}\n"
    tail = "</fieldset>" if field.use_fieldset else ""
    return f"{head}\n{_help(field)}\n{text(field.errors)}\n{text(field)}{tail}\n"


def field_html(template_name: str, context: dict) -> str:
    """Django's field.html, or the site's forms/field.html (checkboxes before their label)."""
    field = context["field"]
    if template_name == FIELD:
        return _stock_field(field).strip()
    if field.widget_type == "checkbox":
        out = (
            f'\n  <div class="check">{text(field)} {text(field.label_tag())}</div>\n  '
            f"{_help(field, always_id=True)}\n  {text(field.errors)}\n"
        )
    else:
        out = f"\n  {_stock_field(field)}\n"
    return out.strip()


def form_html(template_name: str, context: dict) -> str:
    """django/forms/div.html: the form's errors, then each field in its <div>."""
    errors, fields, hidden = context["errors"], context["fields"], context["hidden_fields"]
    hidden_html = "".join(text(field) for field in hidden)
    out = [text(errors), "\n"]
    if errors and not fields:
        out.append(f"\n  <div>{hidden_html}</div>\n")
    out.append("\n")
    for index, (field, _errors) in enumerate(fields):
        classes = field.css_classes()
        css = f' class="{text(classes)}"' if classes else ""
        last = f"\n      {hidden_html}\n    " if index == len(fields) - 1 else ""
        out.append(f"\n  <div{css}>\n    {text(field.as_field_group())}\n    {last}\n</div>\n")
    out.append("\n")
    if not fields and not errors:
        out.append(f"\n  {hidden_html}\n")
    return "".join(out).strip()


# Template -> (Python version, the context keys Django gives it, the templates it includes).
PYTHON = {
    **{name: (widget_html, {"widget"}, (INPUT, ATTRS)) for name in INPUTS},
    SELECT: (widget_html, {"widget"}, (SELECT_OPTION, ATTRS)),
    **{
        name: (widget_html, {"widget"}, (option, INPUT_OPTION, INPUT, ATTRS))
        for name, option in MULTIPLE_INPUTS.items()
    },
    TEXTAREA: (widget_html, {"widget"}, (ATTRS,)),
    LABEL: (
        label_html,
        {"field", "label", "attrs", "use_tag", "tag"},
        ("django/forms/attrs.html",),
    ),
    ERRORS: (errors_html, {"errors", "error_class"}, (ERRORS_UL,)),
    ERRORS_UL: (errors_html, {"errors", "error_class"}, ()),
    FIELD: (field_html, {"field"}, ()),
    SITE_FIELD: (field_html, {"field"}, (FIELD,)),
    FORM_DIV: (form_html, {"form", "fields", "hidden_fields", "errors"}, ()),
}


def _is_original(template_name: str) -> bool:
    """Whether the template is the one its Python version was written from."""
    try:
        template = get_template(template_name)
    except TemplateDoesNotExist:
        return False
    if template_name == SITE_FIELD:
        source = template.template.source.encode()
        return hashlib.sha256(source).hexdigest() == SITE_FIELD_SHA256
    return Path(template.origin.name).resolve().is_relative_to(STOCK_DIR)


class FormRenderer(TemplateFormRenderer):
    """The site's renderer (config/renderers.py), with the templates above written in Python."""

    def __init__(self):
        super().__init__()
        self._original: dict[str, bool] = {}

    def in_python(self, template_name: str) -> bool:
        """Whether this template (and all it includes) renders in Python here."""
        if template_name not in PYTHON:
            return False
        known = self._original.get(template_name)
        if known is None:
            names = (template_name, *PYTHON[template_name][2])
            known = self._original[template_name] = all(_is_original(n) for n in names)
        return known

    def render(self, template_name, context, request=None):
        if self.in_python(template_name):
            function, keys, _includes = PYTHON[template_name]
            if context.keys() == keys:
                out = function(template_name, context)
                if out is not None:
                    return out
        return super().render(template_name, context, request=request)
