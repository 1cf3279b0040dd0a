"""The demo campaign `make run` loads: the contest's base, then each app's part on it."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from banners.demo import seed_banners
from contest.demo import seed_contest
from contest.models import Contest, Participant, Unit
from gallery.demo import seed_gallery
from gallery.models import GalleryConfig
from invites.demo import seed_invites
from quizzes.demo import seed_quizzes

from .contact_demo import seed_unit_contacts
from .models import Certificate, CertificateTemplate
from .services.certificates import (
    certificates_issue_gallery,
    certificates_issue_round,
    image_read,
    template_for,
    template_save,
)


def seed_demo() -> list[str]:
    """Load every part of the demo (idempotent); one summary line per part."""
    contest = seed_contest()
    quizzes = seed_quizzes(contest)  # the quiz demo needs the participants above
    banners = seed_banners(contest)  # and the banners the quiz rounds
    gallery = seed_gallery(contest)
    return [
        f"Demo contest “{contest.title}”: {Unit.objects.count()} units, "
        f"{Participant.objects.count()} participants, {quizzes}, {banners}.",
        gallery,
        seed_certificates(contest),
        seed_unit_contacts(contest),
        seed_invites(contest),
    ]


def _seal() -> SimpleUploadedFile:
    """A drawn stand-in for a scanned signature and seal (red ring, blue stroke)."""
    image = Image.new("RGB", (600, 360), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((190, 30, 490, 330), outline="#c8102e", width=16)
    draw.ellipse((235, 75, 445, 285), outline="#c8102e", width=5)
    draw.line((40, 250, 300, 170, 560, 130), fill="#1a3a8a", width=9, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile("con-dau-demo.png", buffer.getvalue(), content_type="image/png")


def seed_certificates(contest: Contest) -> str:
    """The contest's certificate template (first run only) and the certificates of every
    published round and gallery: issuing again adds nothing."""
    if not CertificateTemplate.objects.filter(contest=contest).exists():
        template = template_for(contest)
        template.place = "Cần Thơ"
        template.signer_title = "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
        template.signer_name = "Nguyễn Văn Bình"
        template_save(template=template, signature=image_read(_seal()))
    for round in contest.rounds.filter(published_at__isnull=False):
        certificates_issue_round(round=round)
    gallery = GalleryConfig.objects.filter(contest=contest, results_published_at__isnull=False)
    for published in gallery:
        certificates_issue_gallery(gallery=published)
    return f"Certificates: {Certificate.objects.filter(contest=contest).count()} issued."
