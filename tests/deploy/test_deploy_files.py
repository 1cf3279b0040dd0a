"""The files of deploy/ are valid for the tools that read them, and agree with each other."""

import re
import secrets
import shutil
import subprocess

import pytest

from tests.deploy.tools import nginx, production_nginx
from tests.servers import ROOT

DEPLOY = ROOT / "deploy"


def test_the_production_nginx_site_passes_nginx_t(tmp_path):
    binary = nginx()
    conf = production_nginx(
        tmp_path, http_port=18080, https_port=18443, wsgi=[8001, 8002], daphne=[8101]
    )
    done = subprocess.run(
        [binary, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "[warn]" not in done.stderr, done.stderr


def test_the_systemd_units_verify(tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is missing")
    for unit in (DEPLOY / "systemd").iterdir():
        text = unit.read_text().replace("/srv/cchc/app", str(ROOT))
        text = text.replace("/etc/cchc/cchc.env", str(tmp_path / "cchc.env"))
        (tmp_path / unit.name.replace("@.", "@8001.")).write_text(text)
    (tmp_path / "cchc.env").write_text("")
    units = sorted(str(path) for path in tmp_path.glob("cchc*") if path.name != "cchc.env")
    done = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert not re.search(r"Unknown|ignoring|not executable|Failed", done.stderr), done.stderr


def test_the_environment_file_example_passes_check_deploy_through_manage_sh(tmp_path):
    example = (DEPLOY / "cchc.env.example").read_text().replace("/srv/cchc", str(tmp_path))
    env_file = tmp_path / "cchc.env"

    def check_deploy(secret_key):
        env_file.write_text(example.replace("SECRET_KEY=change-me", f"SECRET_KEY={secret_key}"))
        return subprocess.run(
            [DEPLOY / "manage.sh", "check", "--deploy", "--fail-level", "WARNING"],
            env={"PATH": "/usr/bin:/bin", "CCHC_ENV": str(env_file)},
            capture_output=True,
            text=True,
        )

    assert "security.W009" in check_deploy("change-me").stderr  # the placeholder is refused
    done = check_deploy(secrets.token_urlsafe(50))  # what the example says to run
    assert done.returncode == 0, done.stdout + done.stderr
    # The values with spaces and diacritics arrive whole.
    shown = subprocess.run(
        [DEPLOY / "manage.sh", "shell", "-c", "from django.conf import settings as s; "
         "print(s.SITE_NAME, s.DEFAULT_FROM_EMAIL, sep='|')"],
        env={"PATH": "/usr/bin:/bin", "CCHC_ENV": str(env_file)}, capture_output=True, text=True,
    )  # fmt: skip
    assert shown.stdout.strip().splitlines()[-1] == (
        "Cuộc thi tìm hiểu về cải cách hành chính|Ban tổ chức cuộc thi <cuocthi@example.gov.vn>"
    ), shown.stderr


def upstream_ports(site: str, name: str) -> list[int]:
    block = re.search(rf"upstream {name} {{(.*?)}}", site, re.S).group(1)
    return [int(port) for port in re.findall(r"server 127\.0\.0\.1:(\d+)", block)]


def test_nginx_s_upstreams_the_units_and_the_guide_name_the_same_workers():
    site = (DEPLOY / "nginx" / "cchc.conf").read_text()
    guide = (ROOT / "docs" / "deploy.md").read_text()
    assert upstream_ports(site, "cchc_wsgi") == [8001, 8002]
    assert upstream_ports(site, "cchc_daphne") == [8101, 8102]
    assert "cchc-wsgi@{8001..8002}" in guide and "cchc-daphne@{8101..8102}" in guide
    # Pages go to the WSGI workers, only websockets to daphne.
    locations = (DEPLOY / "nginx" / "cchc-locations.conf").read_text()
    passes = re.findall(r"location ([^{]+?)\s*{[^}]*proxy_pass http://(\w+);", locations)
    assert dict(passes) == {
        "/ws/": "cchc_daphne",
        "~ ^/thu-vien/(gui|cua-toi)/": "cchc_wsgi",
        "/": "cchc_wsgi",
    }
    units = DEPLOY / "systemd"
    wsgi_unit = (units / "cchc-wsgi@.service").read_text()
    assert "granian --interface wsgi" in wsgi_unit and "config.wsgi:application" in wsgi_unit
    assert "config.asgi:application" in (units / "cchc-daphne@.service").read_text()
    for path in ["/srv/cchc/static", "/srv/cchc/media", "/srv/cchc/private"]:
        assert path in guide and path in (DEPLOY / "cchc.env.example").read_text()
    # The guide's commands name files that exist.
    for name in re.findall(r"deploy/[\w./@-]+\w", guide):
        assert (ROOT / name).exists() or "*" in name, name
