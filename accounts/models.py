from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        # Phone accounts have no email: their phone lives on the profile (contest.Participant).
        email = self.normalize_email(email).lower() if email else None
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person's account; people sign in with their phone or their email, no username.

    The phone is the profile's (contest.Participant.phone, verified by a code there): one
    column, read by accounts.adapter for allauth. The email is optional (None when not
    given), unique when set, whatever its case.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def save(self, *args, **kwargs):
        # allauth writes "" for "no email"; NULL lets many accounts have none (unique).
        if not self.email:
            self.email = None
        super().save(*args, **kwargs)

    def __str__(self):
        if self.email:
            return self.email
        profile = getattr(self, "participant", None)
        return profile.phone if profile and profile.phone else f"#{self.pk}"

    def get_full_name(self):
        profile = getattr(self, "participant", None)
        return profile.full_name if profile else str(self)

    def get_short_name(self):
        return self.get_full_name()
