import pytest

from tests.servers import Daphne, manage, server_env


def production_env(folder, **overrides) -> dict:
    """The production profile as docs/deploy.md sets it up, on an SQLite file in `folder`."""
    settings = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "production-profile-tests-" + "k" * 40,
        "SITE_BASE_URL": "https://cuocthi.example.gov.vn",
        "ALLOWED_HOSTS": "127.0.0.1,cuocthi.example.gov.vn",
        "EMAIL_HOST": "smtp.example.gov.vn",
        "SQLITE_PATH": str(folder / "db.sqlite3"),
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
    }
    return server_env(**{**settings, **overrides})


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    """daphne with config.settings.production, as nginx reaches a worker on loopback."""
    folder = tmp_path_factory.mktemp("production")
    env = production_env(folder)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    server = Daphne(env, folder / "daphne.log")
    yield server
    server.stop()
