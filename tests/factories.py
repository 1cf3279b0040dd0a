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
    # Verified, as UserFactory's email is: pass phone_verified_at=None for a phone that is not.
    phone_verified_at = factory.LazyFunction(timezone.now)


class ContestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contest

    title = "Cuộc thi tìm hiểu về cải cách hành chính"
    slug = factory.Sequence(lambda n: f"cuoc-thi-{n}")
    is_active = True


# --- Quizzes ------------------------------------------------------------------
from datetime import timedelta  # noqa: E402

from quizzes.models import Bank, Choice, Question, Round, Topic, TopicQuota  # noqa: E402


class BankFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bank

    name = factory.Sequence(lambda n: f"Ngân hàng câu hỏi {n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    bank = factory.SubFactory(BankFactory)
    name = factory.Sequence(lambda n: f"Chủ đề {n}")


def make_question(topic, *, correct=(0,), choices=4, text=None):
    """A question of `topic` with `choices` choices, those at `correct` positions right."""
    question = Question.objects.create(
        bank=topic.bank,
        topic=topic,
        text=text or f"Câu hỏi {Question.objects.count() + 1} về cải cách hành chính?",
        explanation="Theo Nghị quyết 76/NQ-CP.",
    )
    Choice.objects.bulk_create(
        Choice(question=question, text=f"Phương án {i + 1}", is_correct=i in correct, position=i)
        for i in range(choices)
    )
    return question


def make_round(*, contest=None, questions_per_topic=(3, 2), bank_size=5, **fields):
    """An open round drawing from a fresh bank with one topic per entry of questions_per_topic."""
    bank = BankFactory()
    now = timezone.now()
    defaults = {
        "title": "Đợt 1",
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=7),
        "time_limit_minutes": 20,
        "max_attempts": 2,
    }
    defaults.update(fields)
    round = Round.objects.create(contest=contest or ContestFactory(), bank=bank, **defaults)
    for count in questions_per_topic:
        topic = TopicFactory(bank=bank)
        for _i in range(bank_size):
            make_question(topic)
        TopicQuota.objects.create(round=round, topic=topic, count=count)
    return round
