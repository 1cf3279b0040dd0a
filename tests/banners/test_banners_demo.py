import pytest
from django.core.management import call_command

from banners.models import Banner, BannerCheck, Scan, ScanSignup
from banners.selectors import banner_report
from gallery import images

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.GALLERY_PRIVATE_ROOT = str(tmp_path / "private")
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_seed_demo_creates_banners_with_scans_over_past_days_once():
    call_command("seed_demo")
    counts = (
        Banner.objects.count(),
        Scan.objects.count(),
        ScanSignup.objects.count(),
        BannerCheck.objects.count(),
    )
    assert counts[0] >= 4 and counts[1] > 50 and counts[2] > 0
    call_command("seed_demo")
    assert (
        Banner.objects.count(),
        Scan.objects.count(),
        ScanSignup.objects.count(),
        BannerCheck.objects.count(),
    ) == counts

    report = banner_report(days=30)
    days_with_scans = [day for day, scans, _unique in report.days if scans]
    assert len(days_with_scans) >= 7
    assert report.orphans and report.totals.signups > 0
    assert report.rows[0].scans > report.rows[-1].scans


def test_seed_demo_shows_banners_checked_in_the_field_one_never_and_one_damaged_with_a_photo():
    call_command("seed_demo")
    states = {row.banner.code: row.last_check for row in banner_report(days=30).rows}
    assert None in states.values()  # one banner nobody has checked yet
    damaged = [c for c in states.values() if c and c.state == BannerCheck.State.DAMAGED]
    assert len(damaged) == 1 and damaged[0].photo_key and damaged[0].has_position
    assert images.private_storage().exists(damaged[0].photo_name("small"))
    assert {c.state for c in states.values() if c} >= {"fine", "damaged", "missing"}
