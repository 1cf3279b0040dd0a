"""The SECRET_KEY of a site nobody configured: generated once, kept beside the code."""

import secrets
from pathlib import Path


def generated_secret_key(path: Path) -> str:
    """The key in `path`, written there (readable by this user only) on first use.

    Outside git (.gitignore); deleting the file signs everybody out.
    """
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()
