"""Banners moved from contest/ to banners/: a database made before the move keeps its rows.

Runs the real migrations with Django's MigrationExecutor: back to the last migration before
the move, a banner with scans and a sign-up written there through the historical models, then
forward to the latest state, where the same rows are read through the banners app.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from banners.models import Banner, Scan, ScanSignup
from contest.models import AuditEntry
from contest.roles import ORGANIZERS

BEFORE = [("contest", "0006_audit_key_release"), ("banners", None)]


def _migrate(targets):
    """Migrate to `targets`; the historical models as of them (nodes only, not "zero")."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_banners_scans_and_their_audit_entries_survive_the_move_to_the_banners_app():
    old = _migrate(BEFORE)
    try:
        OldBanner = old.get_model("contest", "Banner")
        with pytest.raises(LookupError):
            old.get_model("banners", "Banner")
        user = old.get_model("accounts", "User").objects.create(email="quet@example.org")
        unit = old.get_model("contest", "Unit").objects.create(name="Sở Nội vụ")
        banner = OldBanner.objects.create(
            name="Chợ Sóc Trăng – cổng chính", unit=unit, target="page", path="/", code="H4RZT"
        )
        Scan_ = old.get_model("contest", "Scan")
        for device in ("phone", "phone", "bot"):
            Scan_.objects.create(
                banner=banner,
                code=banner.code,
                scanned_at=timezone.now(),
                device=device,
                visitor="a" * 32,
                first_banner=banner,
            )
        Scan_.objects.create(  # an orphan: a code nobody printed
            code="ADMIN", redirected=False, scanned_at=timezone.now(), device="phone", visitor="b"
        )
        old.get_model("contest", "ScanSignup").objects.create(
            user=user, banner=banner, visitor="a" * 32
        )
        old.get_model("contest", "AuditEntry").objects.create(
            actor_label="bantochuc@example.org",
            action="banner.save",
            target_type="contest.banner",
            target_id=banner.pk,
            target_label=str(banner.name),
            changes={"name": ["", banner.name]},
        )
        # A database of before the move has the content type, and the organizers hold its
        # permissions (the post_migrate of those days made them).
        old_type, _ = ContentType.objects.get_or_create(app_label="contest", model="banner")
        change = Permission.objects.get_or_create(
            content_type=old_type, codename="change_banner", defaults={"name": "Can change"}
        )[0]
        organizers, _ = Group.objects.get_or_create(name=ORGANIZERS)
        organizers.permissions.add(change)
        ContentType.objects.clear_cache()
    finally:
        _migrate(_latest())

    moved = Banner.objects.get(code="H4RZT")
    assert moved.pk == banner.pk and moved.unit.name == "Sở Nội vụ"
    assert moved.target_url() == "/"
    assert Scan.objects.filter(banner=moved).count() == 3
    assert Scan.objects.filter(banner=None, code="ADMIN", redirected=False).exists()
    assert ScanSignup.objects.get(user__email="quet@example.org").banner == moved
    entry = AuditEntry.objects.get(action="banner.save")
    assert (entry.target_type, entry.target_id) == ("banners.banner", moved.pk)
    assert AuditEntry.objects.matching(target_type="banners.banner").count() == 1
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(Banner).pk == old_type.pk
    assert not ContentType.objects.filter(app_label="contest", model="banner").exists()
    assert organizers.permissions.filter(codename="change_banner").get().pk == change.pk


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_migrated_back():
    _migrate(_latest())
    try:
        old = _migrate(BEFORE)
        assert old.get_model("contest", "Banner")._meta.db_table == "contest_banner"
    finally:
        _migrate(_latest())
    assert Banner._meta.db_table == "contest_banner"
