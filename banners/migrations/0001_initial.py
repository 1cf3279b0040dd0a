"""Banners, scans and sign-ups move from contest/ to banners/ without moving a row.

The state is created here on the tables contest made (SeparateDatabaseAndState, nothing run
on the database); contest 0007 then drops them from contest's state. Two facts that name the
old app are carried over: the content type (so groups keep their banner permissions and the
admin its history) and the audit log's target_type ("contest.banner" -> "banners.banner").
"""

import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

MOVED = ["banner", "scan", "scansignup"]


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        # A content type already made for the new label (a migrate run between the two
        # steps) has no permissions of groups or admin history yet: the old one wins.
        moved = ContentType.objects.filter(app_label=old, model=model)
        if moved.exists():
            ContentType.objects.filter(app_label=new, model=model).delete()
            moved.update(app_label=new)
    AuditEntry = apps.get_model("contest", "AuditEntry")
    for model in MOVED:
        AuditEntry.objects.filter(target_type=f"{old}.{model}").update(
            target_type=f"{new}.{model}"
        )


def forwards(apps, schema_editor):
    _relabel(apps, "contest", "banners")


def backwards(apps, schema_editor):
    _relabel(apps, "banners", "contest")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("contest", "0006_audit_key_release"),
        ("quizzes", "0002_live_boards"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Banner",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(help_text="Where it hangs, e.g. “Trung tâm Phục vụ hành chính công tỉnh – sảnh chính”.", max_length=200, verbose_name="name and place")),
                ("commune", models.CharField(blank=True, max_length=120, verbose_name="commune or ward")),
                ("target", models.CharField(choices=[("round", "A quiz round"), ("board", "The live board of a round"), ("gallery", "The poster and poem gallery"), ("page", "Another page of this site")], default="round", max_length=10, verbose_name="points to")),
                ("path", models.CharField(blank=True, help_text="For “another page”: an address on this site starting with /, e.g. /.", max_length=200, verbose_name="page address")),
                ("code", models.CharField(editable=False, max_length=12, unique=True, verbose_name="code")),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("round", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="banners", to="quizzes.round", verbose_name="round")),
                ("unit", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="banners", to="contest.unit", verbose_name="unit")),
            ],
            options={
                "verbose_name": "banner",
                "verbose_name_plural": "banners",
                "db_table": "contest_banner",
                "ordering": ["name"],
                "constraints": [
                    models.UniqueConstraint(django.db.models.functions.text.Lower("name"), name="contest_banner_name_ci_unique", violation_error_message="Another banner already has this name; make it more precise."),
                    models.CheckConstraint(condition=models.Q(models.Q(("target__in", ["round", "board"]), _negated=True), ("round__isnull", False), _connector="OR"), name="contest_banner_round_target_has_round"),
                ],
            },
        ),
        migrations.CreateModel(
            name="Scan",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=32, verbose_name="code as typed")),
                ("redirected", models.BooleanField(default=True)),
                ("scanned_at", models.DateTimeField(db_index=True, verbose_name="scanned at")),
                ("device", models.CharField(choices=[("phone", "Phone"), ("tablet", "Tablet"), ("desktop", "Computer"), ("bot", "Bot or link preview")], max_length=8, verbose_name="device")),
                ("visitor", models.CharField(max_length=32)),
                ("returning", models.BooleanField(default=False, verbose_name="browser seen before")),
                ("banner", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="scans", to="banners.banner")),
                ("first_banner", models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="banners.banner")),
            ],
            options={
                "verbose_name": "scan",
                "verbose_name_plural": "scans",
                "db_table": "contest_scan",
                "ordering": ["-scanned_at"],
                "indexes": [models.Index(fields=["banner", "scanned_at"], name="contest_scan_banner_time")],
            },
        ),
        migrations.CreateModel(
            name="ScanSignup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("visitor", models.CharField(max_length=32)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("banner", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="signups", to="banners.banner")),
                ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="scan_signup", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "sign-up after a scan",
                "verbose_name_plural": "sign-ups after a scan",
                "db_table": "contest_scansignup",
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
        migrations.RunPython(forwards, backwards),
    ]
