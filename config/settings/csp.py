"""The content security policy of the site (Django 6's built-in CSP), for every profile
that runs with DEBUG off: production behind nginx and the embedded `make run`."""

import base64
import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.csp import CSP


def _inline_style_hashes(template: Path) -> list[str]:
    """Hashes of the <style> blocks of a page that must render without static files (500)."""
    if not template.exists():
        return []
    blocks = re.findall(r"<style>(.*?)</style>", template.read_text(), flags=re.S)
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()}'"
        for block in blocks
    ]


def content_security_policy(base_dir: Path, site_base_url: str, hosts=()) -> dict:
    """Scripts, styles, images and fonts from this site only (no CDN, no inline code).

    The live boards open websockets to the site's own address (SITE_BASE_URL), listed
    explicitly for older Safari; `hosts` are other names of it on the same port (the
    embedded run answers on 127.0.0.1 and localhost alike).
    """
    site = urlsplit(site_base_url)
    scheme = "wss" if site.scheme == "https" else "ws"
    port = f":{site.port}" if site.port else ""
    sockets = [f"{scheme}://{site.netloc}"]
    for host in hosts:
        if host != "*" and not host.startswith(".") and host != site.hostname:
            sockets.append(f"{scheme}://{host}{port}")
    return {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF],
        "style-src": [CSP.SELF, *_inline_style_hashes(base_dir / "templates" / "500.html")],
        "img-src": [CSP.SELF],
        "font-src": [CSP.SELF],
        "connect-src": [CSP.SELF, *sockets],
        "object-src": [CSP.NONE],
        "base-uri": [CSP.NONE],
        "form-action": [CSP.SELF],
        "frame-ancestors": [CSP.NONE],
    }


def with_csp_middleware(middleware: list[str]) -> list[str]:
    """MIDDLEWARE with Django's CSP middleware right after SecurityMiddleware."""
    after = middleware.index("django.middleware.security.SecurityMiddleware") + 1
    return [
        *middleware[:after],
        "django.middleware.csp.ContentSecurityPolicyMiddleware",
        *middleware[after:],
    ]
