import secrets
from datetime import timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contest.models import Contest, Participant


class Bank(models.Model):
    """A question bank that rounds draw from."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="quizzes_bank_name_ci_unique")]

    def __str__(self):
        return self.name


class Topic(models.Model):
    bank = models.ForeignKey(Bank, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("bank", Lower("name"), name="quizzes_topic_name_ci_unique"),
        ]

    def __str__(self):
        return self.name


class QuestionQuerySet(models.QuerySet):
    def current(self):
        """Questions rounds may draw: not retired and not replaced by a newer version."""
        return self.filter(retired_at__isnull=True)


class Question(models.Model):
    class Difficulty(models.TextChoices):
        EASY = "easy", _("Easy")
        MEDIUM = "medium", _("Medium")
        HARD = "hard", _("Hard")

    bank = models.ForeignKey(Bank, on_delete=models.CASCADE, related_name="questions")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="questions")
    text = models.TextField(_("question"))
    explanation = models.TextField(_("explanation"), blank=True)
    difficulty = models.CharField(
        _("difficulty"), max_length=10, choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    # Editing a question that attempts already drew makes a new version; the old one retires.
    previous_version = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    # When its correct choices first reached a participant (a result page or a data export):
    # from then on the answer is out, and a round still drawing the question is unfair.
    key_shown_at = models.DateTimeField(_("answer shown to participants at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["topic__name", "id"]

    def __str__(self):
        return self.text[:80]

    @property
    def correct_choice_ids(self) -> set[int]:
        return {choice.id for choice in self.choices.all() if choice.is_correct}

    @property
    def has_several_answers(self) -> bool:
        return len(self.correct_choice_ids) > 1


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("choice"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["position", "id"]

    def __str__(self):
        return self.text


class RoundQuerySet(models.QuerySet):
    def open_at(self, moment):
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)


class Round(models.Model):
    """A quiz round (đợt thi) of the contest."""

    class Prediction(models.TextChoices):
        NONE = "none", _("No prediction question")
        PERFECT = "perfect", _("Number of people with a perfect score")
        PARTICIPANTS = "participants", _("Number of participants")

    class RankingOrder(models.TextChoices):
        ERROR_FIRST = "score,error,time", _("Score, then prediction error, then time")
        TIME_FIRST = "score,time,error", _("Score, then time, then prediction error")

    class AnswersShown(models.TextChoices):
        AFTER_CLOSE = "close", _("After the round closes")
        AFTER_PUBLISH = "publish", _("After the results are published")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(_("title"), max_length=160)
    bank = models.ForeignKey(Bank, on_delete=models.PROTECT, related_name="rounds")
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=2, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    # On a phone, a single-answer question moves on by itself once its answer is saved.
    auto_advance = models.BooleanField(
        _("move to the next question after an answer"),
        default=False,
        help_text=_(
            "Only for questions with one correct answer, once the answer is saved; "
            "participants can still go back."
        ),
    )
    prediction = models.CharField(
        _("prediction question"),
        max_length=12,
        choices=Prediction.choices,
        default=Prediction.PERFECT,
    )
    ranking_order = models.CharField(
        _("ranking order"),
        max_length=20,
        choices=RankingOrder.choices,
        default=RankingOrder.ERROR_FIRST,
    )
    answers_shown = models.CharField(
        _("correct answers shown"),
        max_length=10,
        choices=AnswersShown.choices,
        default=AnswersShown.AFTER_CLOSE,
    )
    prizes_first = models.PositiveSmallIntegerField(_("first prizes"), default=1)
    prizes_second = models.PositiveSmallIntegerField(_("second prizes"), default=2)
    prizes_third = models.PositiveSmallIntegerField(_("third prizes"), default=3)
    prizes_consolation = models.PositiveSmallIntegerField(_("consolation prizes"), default=10)
    # Collective prizes (giải tập thể) go to the units with the highest participation rate.
    collective_prizes = models.PositiveSmallIntegerField(_("collective prizes"), default=3)
    collective_min_rate = models.PositiveSmallIntegerField(
        _("minimum participation rate for a collective prize (%)"),
        default=25,
        validators=[MaxValueValidator(100)],
    )
    # Prize tiers shown so far at the ceremony, in the order they were revealed.
    revealed = models.JSONField(default=list, blank=True)
    # Set by the close service: the frozen official ranking and N.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    prediction_target = models.PositiveIntegerField(
        _("N (the number to predict)"), null=True, blank=True
    )
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    # Organizers chose to show every answer of this round even though open or coming rounds
    # can still draw some of its questions (audited); see selectors.key_shown_ids.
    answers_released_at = models.DateTimeField(_("answers released at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["opens_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="quizzes_round_closes_after_opening"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def time_limit(self) -> timedelta:
        return timedelta(minutes=self.time_limit_minutes)

    @property
    def question_count(self) -> int:
        return sum(quota.count for quota in self.quotas.all())

    @property
    def asks_prediction(self) -> bool:
        return self.prediction != self.Prediction.NONE

    def is_open(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at and self.closed_at is None

    def status(self, moment=None) -> str:
        """ "upcoming", "open" or "closed": the chip on the round's pages."""
        moment = moment or timezone.now()
        if self.closed_at is None and moment < self.opens_at:
            return "upcoming"
        return "open" if self.is_open(moment) else "closed"

    def phase(self, moment=None) -> str:
        """What the projector says of the round: "upcoming", "open", "closed", or
        "revealing" once the prize ceremony has begun."""
        return "revealing" if self.revealed else self.status(moment)

    def answers_visible(self) -> bool:
        if self.answers_shown == self.AnswersShown.AFTER_PUBLISH:
            return self.published_at is not None
        return self.closed_at is not None or timezone.now() >= self.closes_at


class TopicQuota(models.Model):
    """How many questions each attempt draws from a topic (stratified draw)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="quotas")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveSmallIntegerField(
        _("questions drawn"), validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("questions per topic")
        verbose_name_plural = _("questions per topic")
        constraints = [
            models.UniqueConstraint(fields=["round", "topic"], name="quizzes_quota_unique_topic"),
        ]

    def __str__(self):
        return f"{self.topic}: {self.count}"


def new_token() -> str:
    return secrets.token_urlsafe(16)


class AttemptQuerySet(models.QuerySet):
    def finished(self):
        return self.filter(finished_at__isnull=False)

    def in_progress(self):
        return self.filter(finished_at__isnull=True)

    def live_ranking(self):
        """Each person's best finished attempt, in the live order (score, time, submission, id)."""
        return self.filter(is_best=True).order_by("-score", "time_taken", "finished_at", "id")


class Attempt(models.Model):
    class Finish(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        TIMED_OUT = "timeout", _("Time ran out")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="attempts")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    # The attempt's address: unguessable, so one person cannot reach another's attempt.
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    finish_reason = models.CharField(max_length=10, choices=Finish.choices, blank=True)
    question_count = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    time_taken = models.DurationField(null=True, blank=True)
    prediction = models.PositiveIntegerField(null=True, blank=True)
    is_best = models.BooleanField(default=False)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "participant", "number"], name="quizzes_attempt_number_unique"
            ),
            models.UniqueConstraint(
                fields=["round", "participant"],
                condition=Q(finished_at__isnull=True),
                name="quizzes_one_open_attempt",
            ),
            models.UniqueConstraint(
                fields=["round", "participant"],
                condition=Q(is_best=True),
                name="quizzes_one_best_attempt",
            ),
        ]
        indexes = [
            models.Index(
                F("round"),
                F("is_best"),
                F("score").desc(),
                F("time_taken"),
                F("finished_at"),
                F("id"),
                name="quizzes_attempt_board",
            ),
            # The sweep's query every few seconds: only the unfinished attempts are indexed.
            models.Index(
                fields=["deadline"],
                condition=Q(finished_at__isnull=True),
                name="quizzes_attempt_due",
            ),
        ]

    def __str__(self):
        return f"{self.participant} – {self.round} #{self.number}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    def remaining_seconds(self, moment=None) -> int:
        moment = moment or timezone.now()
        return max(0, int((self.deadline - moment).total_seconds()))


class AttemptItem(models.Model):
    """One drawn question of an attempt, with its choices' order and the answer given."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    # [[opaque key, choice id], ...] in display order; keys differ in every attempt.
    choice_keys = models.JSONField()
    multiple = models.BooleanField(default=False)  # several correct choices: checkboxes
    selected = models.JSONField(default=list)  # choice ids
    answered_at = models.DateTimeField(null=True, blank=True)
    is_correct = models.BooleanField(null=True)  # set once, when the attempt is scored

    class Meta:
        verbose_name = _("question of an attempt")
        verbose_name_plural = _("questions of attempts")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="quizzes_item_position_unique"
            ),
        ]

    def __str__(self):
        return f"{self.attempt_id}/{self.position}"

    def key_to_choice(self) -> dict[str, int]:
        return dict(self.choice_keys)


class RankingEntry(models.Model):
    """The frozen official ranking of a closed round; later edits do not change it."""

    class Prize(models.TextChoices):
        FIRST = "first", _("First prize")
        SECOND = "second", _("Second prize")
        THIRD = "third", _("Third prize")
        CONSOLATION = "consolation", _("Consolation prize")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ranking")
    rank = models.PositiveIntegerField()
    attempt = models.ForeignKey(Attempt, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    full_name = models.CharField(max_length=120)
    unit_name = models.CharField(max_length=200)
    participant_type = models.CharField(max_length=10)
    phone = models.CharField(max_length=10)
    score = models.PositiveSmallIntegerField()
    question_count = models.PositiveSmallIntegerField()
    time_taken = models.DurationField()
    prediction = models.PositiveIntegerField(null=True)
    prediction_error = models.PositiveIntegerField(null=True)
    submitted_at = models.DateTimeField()
    decided_by = models.CharField(max_length=12, blank=True)
    prize = models.CharField(max_length=12, choices=Prize.choices, blank=True)
    eligible = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("official ranking row")
        verbose_name_plural = _("official ranking rows")
        ordering = ["round", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["round", "rank"], name="quizzes_ranking_rank_unique"),
            models.UniqueConstraint(
                fields=["round", "participant"], name="quizzes_ranking_participant_unique"
            ),
        ]

    def __str__(self):
        return f"{self.rank}. {self.full_name}"


class UnitResult(models.Model):
    """A unit's participation in a closed round, frozen with the ranking."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="unit_results")
    rank = models.PositiveIntegerField()
    unit = models.ForeignKey("contest.Unit", on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField(max_length=200)
    participants = models.PositiveIntegerField()
    headcount = models.PositiveIntegerField(null=True)
    rate = models.FloatField(null=True)  # participants / headcount
    average_score = models.FloatField()
    prize = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("unit result")
        verbose_name_plural = _("unit results")
        ordering = ["round", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="quizzes_unit_result_unique"),
        ]

    def __str__(self):
        return f"{self.rank}. {self.unit_name}"
