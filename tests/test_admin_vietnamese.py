"""The admin speaks Vietnamese: every label it shows translates, and no English is left on
any changelist, add form or change form."""

import html
import re

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

# Words of English UI text; none is also a Vietnamese word written without its marks.
ENGLISH = set(
    [
        "the",
        "of",
        "and",
        "for",
        "with",
        "from",
        "this",
        "that",
        "your",
        "you",
        "are",
        "is",
        "was",
        "will",
        "be",
        "been",
        "add",
        "change",
        "view",
        "delete",
        "deleted",
        "search",
        "filter",
        "show",
        "hide",
        "select",
        "selected",
        "save",
        "history",
        "created",
        "updated",
        "name",
        "date",
        "time",
        "user",
        "users",
        "entry",
        "entries",
        "code",
        "yes",
        "true",
        "false",
        "none",
        "unknown",
        "all",
        "run",
        "toggle",
        "theme",
        "skip",
        "main",
        "content",
        "link",
        "object",
        "objects",
        "password",
        "group",
        "groups",
        "permissions",
        "sidebar",
        "navigation",
        "breadcrumbs",
        "counts",
        "model",
        "first",
        "last",
        "banner",
        "banners",
        "scan",
        "scans",
        "vote",
        "votes",
        "voter",
        "juror",
        "author",
        "image",
        "photo",
        "width",
        "height",
        "key",
        "hash",
        "day",
        "reason",
        "redirected",
        "visitor",
        "contest",
        "unit",
        "units",
        "contact",
        "phone",
        "participant",
        "participants",
        "active",
        "status",
        "kind",
        "title",
        "number",
        "numbers",
        "prize",
        "round",
        "rounds",
        "question",
        "questions",
        "score",
    ]
)
# Words the Vietnamese UI keeps as they are.
KEPT = {"email", "id", "qr", "cccd", "url", "xlsx", "pdf", "zalo", "sms", "otp", "px"}
EMAIL = re.compile(r"\S+@\S+")
HEX = re.compile(r"\b[0-9a-f]{12,}\b")  # keys and hashes shown as data
# Alt texts Django writes without gettext (admin/search_form.html, admin_list._boolean_icon).
DJANGO_ALT = {"Search", "True", "False", "None"}


def models_and_inlines():
    for model, model_admin in admin.site._registry.items():
        yield model, model_admin
        for inline in model_admin.inlines:
            yield inline.model, None


def both(text) -> tuple[str, str]:
    with translation.override("en"):
        english = str(text)
    with translation.override("vi"):
        vietnamese = str(text)
    return english, vietnamese


def untranslated(text) -> bool:
    english, vietnamese = both(text)
    return english == vietnamese and english.lower() not in KEPT


def test_every_label_the_admin_shows_translates():
    missing = []
    for model, model_admin in models_and_inlines():
        opts = model._meta
        for attr in ("verbose_name", "verbose_name_plural"):
            if untranslated(getattr(opts, attr)):
                missing.append(f"{opts.label}.Meta.{attr}")
        for field in opts.get_fields():
            if field.auto_created and not field.concrete or field.name == "id":
                continue
            if untranslated(field.verbose_name):
                missing.append(f"{opts.label}.{field.name}: {both(field.verbose_name)[0]!r}")
            if field.help_text and untranslated(field.help_text):
                missing.append(f"{opts.label}.{field.name}.help_text")
            for code, label in getattr(field, "flatchoices", None) or []:
                if untranslated(label):
                    missing.append(f"{opts.label}.{field.name} choice {code!r}")
        if model_admin is None:
            continue
        for title, _options in model_admin.fieldsets or []:
            if title and untranslated(title):
                missing.append(f"{opts.label} fieldset {title!r}")
        for name in model_admin.list_display:
            if name in ("__str__", "action_checkbox"):
                continue
            if untranslated(label_for_field(name, model, model_admin)):
                missing.append(f"{opts.label} column {name!r}")
        for action in model_admin._get_base_actions():
            english, vietnamese = (
                text % {"verbose_name_plural": plural}
                for text, plural in zip(
                    both(action.description), both(opts.verbose_name_plural), strict=True
                )
            )
            if english == vietnamese:
                missing.append(f"{opts.label} action {action.name!r}")
    assert missing == [], "\n".join(missing)


def visible_text(page: str) -> list[str]:
    page = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    said = re.findall(r'(?:title|aria-label|placeholder)="([^"]*)"', page)
    said += [alt for alt in re.findall(r'alt="([^"]*)"', page) if alt not in DJANGO_ALT]
    said += re.findall(r'<input[^>]*type="submit"[^>]*value="([^"]*)"', page)
    text = re.sub(r"(?s)<[^>]+>", "\n", page)
    return [html.unescape(line).strip() for line in [*text.split("\n"), *said] if line.strip()]


def english_words(line: str) -> list[str]:
    if line.startswith(("[{", "{")):  # a JSON field's data, shown read-only
        return []
    words = re.findall(r"[A-Za-z]+", HEX.sub(" ", EMAIL.sub(" ", line)))
    return [word for word in words if word.lower() in ENGLISH]


def admin_urls():
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        yield reverse("admin:{}_{}_changelist".format(*info))
        yield reverse("admin:{}_{}_add".format(*info))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            yield reverse("admin:{}_{}_change".format(*info), args=[first.pk])


def test_no_english_is_left_on_any_admin_page(admin_client):
    call_command("seed_demo")  # an object of every kind, for the change forms
    leftovers = {}
    pages = 0
    for url in [reverse("admin:index"), *admin_urls()]:
        response = admin_client.get(url)
        if response.status_code == 403:  # a read-only model has no add form
            continue
        assert response.status_code == 200, url
        pages += 1
        for line in visible_text(response.content.decode()):
            if english_words(line):
                leftovers.setdefault(line[:120], url)
    assert pages > 30
    assert leftovers == {}, "\n".join(f"{k}  ({v})" for k, v in leftovers.items())


def test_the_word_list_finds_what_django_leaves_in_english():
    assert english_words("Select this object for an action - K7QXM")
    assert english_words("Toggle theme (current theme: auto)")
    assert not english_words("Chọn đối tượng này để thực hiện thao tác - K7QXM")
    assert not english_words("admin@example.com Xem trang web Nam")
