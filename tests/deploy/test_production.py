"""config.settings.production: refuses to start half-configured, and hardens every response."""

import base64
import hashlib
import re
import subprocess
import sys

import pytest

from tests.deploy.conftest import production_env
from tests.deploy.test_production_site import get
from tests.servers import ROOT


def manage_py(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_check_deploy_is_clean_with_the_documented_environment(tmp_path):
    done = manage_py(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SITE_BASE_URL": ""}, "SITE_BASE_URL must be set"),
        ({"DJANGO_DEBUG": "1"}, "DJANGO_DEBUG=0"),
        ({"GALLERY_PRIVATE_ROOT": "{media}/originals"}, "must not be inside MEDIA_ROOT"),
        ({"TRUSTED_PROXIES": "127.0.0.1,nginx"}, "TRUSTED_PROXIES: 'nginx'"),
    ],
)
def test_a_half_configured_server_refuses_to_start_and_says_why(tmp_path, change, message):
    env = production_env(tmp_path)
    env.update({k: v.format(media=env["MEDIA_ROOT"]) for k, v in change.items()})
    done = manage_py(env, "check")
    assert done.returncode != 0
    assert message in done.stderr


def test_check_deploy_warns_when_the_email_goes_nowhere(tmp_path):
    done = manage_py(production_env(tmp_path, EMAIL_HOST=""), "check", "--deploy")
    assert done.returncode != 0 and "mail.E001" in done.stderr


def test_a_worker_sends_plain_http_to_https_except_the_health_probe(production_site):
    response = get(production_site.worker_url + "/accounts/login/")
    assert response.status == 301
    assert response.headers["Location"].startswith("https://")
    assert get(production_site.worker_url + "/healthz").status == 200


def test_the_500_page_s_inline_style_is_allowed_by_its_hash(production_site):
    page = (ROOT / "templates" / "500.html").read_text()
    style = re.search(r"<style>(.*?)</style>", page, flags=re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    response = get(production_site.worker_url + "/healthz")
    assert f"'sha256-{digest}'" in response.headers["Content-Security-Policy"]
