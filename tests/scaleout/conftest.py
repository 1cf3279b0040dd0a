import os

import pytest


@pytest.fixture(autouse=True)
def _scaleout_services():
    """PostgreSQL and Redis are needed: without them these tests skip, or fail in CI."""
    database, redis = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if database.startswith("postgres") and redis:
        return
    message = "scale-out tests need DATABASE_URL (PostgreSQL) and REDIS_URL"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
