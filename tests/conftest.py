import pytest

from tests.factories import OrganizerFactory, ParticipantFactory, UnitFactory, UserFactory


@pytest.fixture(autouse=True)
def _vietnamese_first(settings):
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def organizer(db):
    return OrganizerFactory()


@pytest.fixture
def unit(db):
    return UnitFactory(name="Sở Nội vụ", headcount=62)


@pytest.fixture
def participant(db):
    return ParticipantFactory()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters must not leak between tests (the cache is Redis when scaled out)."""
    from django.core.cache import cache

    cache.clear()
    yield
