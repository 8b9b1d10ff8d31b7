from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apps.core.constraints import ConstraintErrorsOnFields
from apps.core.i18n import localized

from .roles import REVIEWER_GROUP_NAME
from .validators import (
    validate_date_of_birth,
    validate_georgian_script,
    validate_latin_script,
    validate_personal_number,
)


class Language(models.TextChoices):
    GEORGIAN = "ka", _("Georgian")
    ENGLISH = "en", _("English")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(ConstraintErrorsOnFields, AbstractBaseUser, PermissionsMixin):
    """A person. Every account is a learner; staff roles come from groups and provider memberships."""

    email = models.EmailField(
        _("e-mail address"),
        max_length=254,
        unique=True,
        error_messages={"unique": _("An account with this e-mail address already exists.")},
    )
    first_name_ka = models.CharField(
        _("first name (Georgian script)"), max_length=150, blank=True, validators=[validate_georgian_script]
    )
    last_name_ka = models.CharField(
        _("last name (Georgian script)"), max_length=150, blank=True, validators=[validate_georgian_script]
    )
    first_name_en = models.CharField(
        _("first name (Latin script)"), max_length=150, blank=True, validators=[validate_latin_script]
    )
    last_name_en = models.CharField(
        _("last name (Latin script)"), max_length=150, blank=True, validators=[validate_latin_script]
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True, validators=[validate_date_of_birth])
    personal_number = models.CharField(
        _("personal number"),
        max_length=11,
        blank=True,
        validators=[validate_personal_number],
        help_text=_("The 11-digit Georgian personal number. Never shown publicly."),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.GEORGIAN
    )
    privacy_accepted_at = models.DateTimeField(_("privacy notice accepted"), null=True, blank=True)
    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("Designates whether the user can log into the admin site.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    constraint_fields = {
        "accounts_user_email_ci_unique": "email",
    }

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_code="accounts_user_email_ci_unique",
                violation_error_message=_("An account with this e-mail address already exists."),
            ),
            # One person, one account: a personal number belongs to one account at most.
            models.UniqueConstraint(
                fields=["personal_number"],
                condition=~models.Q(personal_number=""),
                name="accounts_user_personal_number_unique",
                violation_error_code="unique",
                violation_error_message=_("This personal number belongs to another account."),
            ),
        ]

    def __str__(self):
        return self.email

    def clean(self):
        super().clean()
        self.email = self.email.strip().lower()

    def save(self, *args, **kwargs):
        # E-mail addresses are one per person whatever their case; keep them in one canonical form.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def full_name_ka(self):
        return " ".join(p for p in (self.first_name_ka, self.last_name_ka) if p)

    @property
    def full_name_en(self):
        return " ".join(p for p in (self.first_name_en, self.last_name_en) if p)

    def get_full_name(self):
        """The name in the script of the active language, falling back to the other script, then the e-mail."""
        first, second = (
            (self.full_name_ka, self.full_name_en)
            if (get_language() or "ka").startswith("ka")
            else (self.full_name_en, self.full_name_ka)
        )
        return first or second or self.email

    def get_short_name(self):
        return self.get_full_name()

    @property
    def is_reviewer(self):
        return self.groups.filter(name=REVIEWER_GROUP_NAME).exists()


class TwoFactorAuthenticator(Authenticator):
    """allauth's authenticators, shown in the admin under the accounts with names in both languages (allauth
    gives them an English-only name). Support staff see who has which factor and can remove a lost one."""

    class Meta:
        proxy = True
        verbose_name = _("two-factor authenticator")
        verbose_name_plural = _("two-factor authenticators")


class NotificationKind(models.TextChoices):
    APPLICATION_SUBMITTED = "application_submitted", _("Application for authorization submitted")
    PROGRAMME_SUBMITTED = "programme_submitted", _("Programme submitted for review")
    AUTHORIZATION_DECISION = "authorization_decision", _("Decision on authorization")
    PROGRAMME_REVIEW = "programme_review", _("Decision on a programme")
    IDENTITY_CHANGE_DECISION = "identity_change_decision", _("Decision on an identity change")


class Notification(ConstraintErrorsOnFields, models.Model):
    """Something a person should know of, kept for them in the portal (/account/notifications/) besides the
    e-mail. The message is written at the time in both languages, so it reads the same whenever it is opened."""

    recipient = models.ForeignKey(
        User, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    message_ka = models.CharField(_("message (Georgian)"), max_length=500)
    message_en = models.CharField(_("message (English)"), max_length=500)
    link = models.CharField(_("link"), max_length=500, blank=True, help_text=_("A path in the portal."))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    constraint_fields = {"notification_link_is_a_path": "link"}

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_recipient_unread")]
        constraints = [
            # A path in the portal, never another site (the page redirects to it).
            models.CheckConstraint(
                condition=models.Q(link="") | (models.Q(link__startswith="/") & ~models.Q(link__startswith="//")),
                name="notification_link_is_a_path",
                violation_error_code="notification_link_is_a_path",
                violation_error_message=_("The link must be a path in the portal, starting with a single /."),
            ),
        ]

    def __str__(self):
        return self.message

    @property
    def message(self) -> str:
        return localized(self, "message")

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
