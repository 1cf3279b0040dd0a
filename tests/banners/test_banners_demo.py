import pytest
from django.core.management import call_command

from banners.models import Banner, Scan, ScanSignup
from banners.selectors import banner_report

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_banners_with_scans_over_past_days_once():
    call_command("seed_demo")
    counts = (Banner.objects.count(), Scan.objects.count(), ScanSignup.objects.count())
    assert counts[0] >= 4 and counts[1] > 50 and counts[2] > 0
    call_command("seed_demo")
    assert (Banner.objects.count(), Scan.objects.count(), ScanSignup.objects.count()) == counts

    report = banner_report(days=30)
    days_with_scans = [day for day, scans, _unique in report.days if scans]
    assert len(days_with_scans) >= 7
    assert report.orphans and report.totals.signups > 0
    assert report.rows[0].scans > report.rows[-1].scans
