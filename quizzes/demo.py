"""Demo quiz data for `seed_demo`: the bank, a closed and published round, an open one."""

import random
from datetime import timedelta

from django.utils import timezone

from contest.models import Contest, Participant
from quizzes.models import Attempt, Bank, Choice, Question, Round, Topic, TopicQuota
from quizzes.services.attempts import answer_save, attempt_finish, attempt_start
from quizzes.services.ranking import round_close, round_publish

from .demo_bank import QUESTIONS, TOPICS

BANK_NAME = "Ngân hàng câu hỏi CCHC (demo)"
PER_TOPIC = 4


def _bank() -> Bank:
    bank, _ = Bank.objects.get_or_create(name=BANK_NAME)
    if bank.questions.exists():
        return bank
    topics = {name: Topic.objects.create(bank=bank, name=name) for name in TOPICS}
    for entry in QUESTIONS:
        question = Question.objects.create(
            bank=bank,
            topic=topics[entry["topic"]],
            text=entry["text"],
            explanation=entry["explanation"],
            difficulty=entry["difficulty"],
        )
        Choice.objects.bulk_create(
            Choice(question=question, text=text, is_correct=correct, position=i)
            for i, (text, correct) in enumerate(entry["choices"])
        )
    return bank


def _round(contest, bank, title, opens_at, closes_at) -> tuple[Round, bool]:
    round, created = Round.objects.get_or_create(
        contest=contest,
        title=title,
        defaults={
            "bank": bank,
            "opens_at": opens_at,
            "closes_at": closes_at,
            "time_limit_minutes": 20,
            "max_attempts": 2,
            "prizes_first": 1,
            "prizes_second": 2,
            "prizes_third": 3,
            "prizes_consolation": 4,
        },
    )
    if created:
        for topic in bank.topics.all():
            TopicQuota.objects.create(round=round, topic=topic, count=PER_TOPIC)
    return round, created


def _take(round, participant, start, rng) -> Attempt:
    attempt = attempt_start(participant=participant, round=round, now=start)
    for item in attempt.items.all():
        correct = [key for key, cid in item.choice_keys if Choice.objects.get(pk=cid).is_correct]
        wrong = [key for key, _cid in item.choice_keys if key not in correct]
        keys = correct if rng.random() < 0.85 else wrong[:1]
        answer_save(attempt=attempt, position=item.position, keys=keys, now=start)
    return attempt_finish(
        attempt=attempt,
        now=start + timedelta(seconds=rng.randint(240, 1100)),
        prediction=rng.randint(2, 12),
    )


def seed_quizzes(contest: Contest) -> str:
    rng = random.Random(2026)  # the same demo every time
    now = timezone.now()
    bank = _bank()
    participants = list(Participant.objects.order_by("phone"))
    week_ago = now - timedelta(days=8)
    closed, created = _round(
        contest, bank, "Đợt 1 – Tuần 1", week_ago, week_ago + timedelta(days=6, hours=15)
    )
    if created:
        for index, person in enumerate(participants):
            _take(closed, person, week_ago + timedelta(hours=2 + index), rng)
        round_close(round=closed, now=closed.closes_at + timedelta(minutes=5))
        round_publish(round=closed, now=closed.closes_at + timedelta(hours=1))
    opens = now.replace(hour=7, minute=0, second=0, microsecond=0) - timedelta(days=1)
    current, created = _round(contest, bank, "Đợt 2 – Tuần 2", opens, opens + timedelta(days=14))
    if created:
        for index, person in enumerate(participants[:8]):
            _take(current, person, opens + timedelta(minutes=30 * (index + 1)), rng)
    rounds = Round.objects.filter(contest=contest).count()
    return f"{bank.questions.count()} questions, {rounds} rounds"
