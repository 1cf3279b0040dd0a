"""Organizer pages of the question banks: list, detail, question form, import and export."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from contest.decorators import organizer_required
from contest.feedback import run_with_messages
from contest.numbers import parse_id
from contest.xlsx import workbook_response

from .bank_forms import NameForm, QuestionForm, QuestionImportForm
from .models import AttemptItem, Bank, Question, Topic, TopicQuota
from .services.bank_io import (
    MAX_BYTES,
    bank_export_workbook,
    questions_import,
    questions_template_workbook,
)
from .services.questions import (
    bank_create,
    open_round_uses,
    question_restore,
    question_retire,
    question_save,
    topic_create,
)


@dataclass
class TopicGroup:
    topic: Topic
    questions: list[Question]

    @property
    def current(self) -> int:
        return sum(question.retired_at is None for question in self.questions)


def _posted(request):
    # Bound on every POST, even one without fields, so that it reports what is missing.
    return request.POST if request.method == "POST" else None


def _topic_form(data=None) -> NameForm:
    return NameForm(data, label=_("New topic"), prefix="topic")


def _bank_url(bank_id: int, topic_id: int | None = None) -> str:
    url = reverse("quizzes:bank-detail", args=[bank_id])
    return f"{url}#topic-{topic_id}" if topic_id else url


@organizer_required
def bank_list_view(request):
    form = NameForm(_posted(request), label=_("Name of the new bank"))
    if request.method == "POST" and form.is_valid():
        try:
            bank = bank_create(name=form.cleaned_data["name"])
        except ValidationError as exc:
            form.add_error("name", exc)
        else:
            messages.success(request, _("The question bank has been created. Add its topics."))
            return redirect("quizzes:bank-detail", pk=bank.pk)
    banks = Bank.objects.annotate(
        current_count=Count("questions", filter=Q(questions__retired_at__isnull=True))
    ).prefetch_related("topics")
    return render(request, "quizzes/organizer/bank_list.html", {"banks": banks, "form": form})


def _bank_detail(request, bank: Bank, topic_form: NameForm):
    # Earlier versions stay for the results of past rounds; the page lists the latest ones.
    replaced = Question.objects.filter(previous_version=OuterRef("pk"))
    questions = (
        bank.questions.filter(~Exists(replaced))
        .prefetch_related("choices")
        .order_by(F("retired_at").asc(nulls_first=True), "id")
    )
    groups = {topic.pk: TopicGroup(topic, []) for topic in bank.topics.all()}
    for question in questions:
        groups[question.topic_id].questions.append(question)
    return render(
        request,
        "quizzes/organizer/bank_detail.html",
        {
            "bank": bank,
            "groups": list(groups.values()),
            "current_count": sum(group.current for group in groups.values()),
            "topic_form": topic_form,
        },
    )


@organizer_required
def bank_detail_view(request, pk):
    bank = get_object_or_404(Bank, pk=pk)
    return _bank_detail(request, bank, _topic_form())


@require_POST
@organizer_required
def topic_create_view(request, pk):
    bank = get_object_or_404(Bank, pk=pk)
    form = _topic_form(request.POST)
    if form.is_valid():
        try:
            topic = topic_create(bank=bank, name=form.cleaned_data["name"])
        except ValidationError as exc:
            form.add_error("name", exc)
        else:
            messages.success(
                request, _("The topic “%(topic)s” has been added.") % {"topic": topic.name}
            )
            return redirect(_bank_url(bank.pk, topic.pk))
    return _bank_detail(request, bank, form)


def _question_page(request, *, bank: Bank, question: Question | None):
    initial = {}
    if question is None and "topic" in request.GET:  # "Add a question" from a topic's list
        initial["topic"] = parse_id(request.GET["topic"])
    form = QuestionForm(_posted(request), bank=bank, question=question, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = question_save(
                question=question, bank=bank, actor=request.user, **form.service_arguments()
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            if question is None:
                messages.success(request, _("The question has been added."))
            elif saved.pk != question.pk:
                messages.success(
                    request,
                    _(
                        "Saved as a new version of the question. The old version is retired "
                        "and kept as it was for the results of past rounds."
                    ),
                )
            else:
                messages.success(request, _("The question has been saved."))
            return redirect(_bank_url(bank.pk, saved.topic_id))
    context = {"bank": bank, "question": question, "form": form}
    if question is not None:
        context["newer"] = Question.objects.filter(previous_version=question).first()
        context["open_uses"] = open_round_uses(question=question)
        context["drawn"] = AttemptItem.objects.filter(question=question).exists()
    return render(request, "quizzes/organizer/question_form.html", context)


@organizer_required
def question_create_view(request, pk):
    bank = get_object_or_404(Bank, pk=pk)
    return _question_page(request, bank=bank, question=None)


@organizer_required
def question_edit_view(request, pk):
    question = get_object_or_404(Question.objects.select_related("bank"), pk=pk)
    return _question_page(request, bank=question.bank, question=question)


def _short_rounds(topic: Topic) -> list[TopicQuota]:
    """Quotas of rounds still to run that the topic can no longer fill."""
    current = topic.questions.current().count()
    return list(
        TopicQuota.objects.filter(
            topic=topic,
            count__gt=current,
            round__closed_at__isnull=True,
            round__closes_at__gt=timezone.now(),
        ).select_related("round")
    )


@require_POST
@organizer_required
def question_retire_view(request, pk):
    question = get_object_or_404(Question.objects.select_related("topic"), pk=pk)
    question_retire(question=question, actor=request.user)
    messages.success(
        request,
        _(
            "The question is retired: new attempts no longer draw it. "
            "Attempts that drew it keep it."
        ),
    )
    for quota in _short_rounds(question.topic):
        messages.warning(
            request,
            _(
                "The round “%(round)s” draws %(count)d questions from the topic “%(topic)s”, "
                "which now has fewer. Participants cannot start it until you add questions."
            )
            % {"round": quota.round.title, "count": quota.count, "topic": question.topic.name},
        )
    return redirect(_bank_url(question.bank_id, question.topic_id))


@require_POST
@organizer_required
def question_restore_view(request, pk):
    question = get_object_or_404(Question, pk=pk)
    run_with_messages(
        request,
        lambda: question_restore(question=question, actor=request.user),
        _("The question is restored: new attempts may draw it again."),
    )
    return redirect(_bank_url(question.bank_id, question.topic_id))


@organizer_required
def bank_import_view(request, pk):
    bank = get_object_or_404(Bank, pk=pk)
    form = QuestionImportForm(_posted(request), request.FILES or None, bank=bank)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        topic = form.cleaned_data["default_topic"]
        report = questions_import(
            bank=bank,
            # One byte past the limit is enough for the service to refuse the file.
            data=upload.read(MAX_BYTES + 1),
            filename=upload.name,
            default_topic=topic.name if topic else "",
            create_topics=form.cleaned_data["create_topics"],
            actor=request.user,
        )
        if report.ok:
            message = ngettext(
                "%(count)d question imported.", "%(count)d questions imported.", report.created
            ) % {"count": report.created}
            if report.topics_created:
                message += " " + _("New topics: %(topics)s.") % {
                    "topics": ", ".join(report.topics_created)
                }
            messages.success(request, message)
            return redirect("quizzes:bank-detail", pk=bank.pk)
    return render(
        request,
        "quizzes/organizer/bank_import.html",
        {"bank": bank, "form": form, "report": report},
    )


@organizer_required
def bank_export_view(request, pk):
    bank = get_object_or_404(Bank, pk=pk)
    return workbook_response(bank_export_workbook(bank=bank), f"ngan-hang-cau-hoi-{bank.pk}.xlsx")


@organizer_required
def bank_template_view(request):
    return workbook_response(questions_template_workbook(), "mau-cau-hoi.xlsx")
