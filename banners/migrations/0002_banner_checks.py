# Banners checked in the field (issue 17): BannerCheck.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("banners", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="BannerCheck",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("installed", "Installed"),
                            ("fine", "Still fine"),
                            ("damaged", "Damaged"),
                            ("missing", "Missing"),
                        ],
                        max_length=10,
                        verbose_name="state",
                    ),
                ),
                ("note", models.TextField(blank=True, max_length=1000, verbose_name="check note")),
                ("checked_at", models.DateTimeField(db_index=True, verbose_name="checked at")),
                ("photo_key", models.CharField(blank=True, max_length=32)),
                ("photo_width", models.PositiveIntegerField(blank=True, null=True)),
                ("photo_height", models.PositiveIntegerField(blank=True, null=True)),
                (
                    "latitude",
                    models.DecimalField(
                        blank=True,
                        decimal_places=6,
                        max_digits=9,
                        null=True,
                        verbose_name="latitude",
                    ),
                ),
                (
                    "longitude",
                    models.DecimalField(
                        blank=True,
                        decimal_places=6,
                        max_digits=9,
                        null=True,
                        verbose_name="longitude",
                    ),
                ),
                (
                    "accuracy_m",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="accuracy (m)"),
                ),
                (
                    "banner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="checks",
                        to="banners.banner",
                        verbose_name="banner",
                    ),
                ),
                (
                    "checked_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="banner_checks",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="checked by",
                    ),
                ),
            ],
            options={
                "verbose_name": "banner check",
                "verbose_name_plural": "banner checks",
                "ordering": ["-checked_at", "-id"],
                "indexes": [
                    models.Index(fields=["banner", "-checked_at"], name="banners_check_banner_time")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("latitude__isnull", True),
                            models.Q(
                                ("latitude__gte", -90),
                                ("latitude__lte", 90),
                                ("longitude__gte", -180),
                                ("longitude__lte", 180),
                            ),
                            _connector="OR",
                        ),
                        name="banners_check_position_in_range",
                    )
                ],
            },
        ),
    ]
