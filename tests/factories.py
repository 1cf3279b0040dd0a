import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from contest.models import Contest, Participant, Unit
from contest.roles import ORGANIZERS

PASSWORD = "correct-horse-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class OrganizerFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def organizer_group(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get(name=ORGANIZERS))


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Sở Ngành {n}")
    kind = Unit.Kind.DEPARTMENT
    headcount = 50


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    user = factory.SubFactory(UserFactory)
    full_name = "Nguyễn Văn An"
    phone = factory.Sequence(lambda n: f"09{n:08d}")
    participant_type = Participant.Type.CIVIL_SERVANT
    unit = factory.SubFactory(UnitFactory)
    consent_given_at = factory.LazyFunction(timezone.now)


class ContestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contest

    title = "Cuộc thi tìm hiểu về cải cách hành chính"
    slug = factory.Sequence(lambda n: f"cuoc-thi-{n}")
    is_active = True
