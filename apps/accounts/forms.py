from django import forms
from django.contrib.auth.forms import AdminPasswordChangeForm as BaseAdminPasswordChangeForm
from django.contrib.auth.forms import AdminUserCreationForm as BaseAdminUserCreationForm
from django.contrib.auth.forms import SetUnusablePasswordMixin
from django.contrib.auth.forms import UserChangeForm as BaseUserChangeForm
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Language, User
from .validators import OLDEST_LEARNER_AGE

GEORGIAN_NAME_HELP = _("As written in your Georgian ID card, if you have one.")
LATIN_NAME_HELP = _("As written in your passport.")


def user_form_field(name, **kwargs):
    """The form field of a User field, with the model field's validators (formfield() leaves them out)."""
    model_field = User._meta.get_field(name)
    field = model_field.formfield(**kwargs)
    field.validators = [*field.validators, *model_field.validators]
    return field


def date_of_birth_field(**kwargs):
    """The learner's date of birth, as their certificates print it: a date picker with the model's checks (the
    picker's bounds only help; the validator decides). Call it when a form is made, so that "today" is today."""
    today = timezone.localdate()
    oldest = today.replace(month=1, day=1, year=today.year - OLDEST_LEARNER_AGE - 1)
    return user_form_field(
        "date_of_birth",
        required=True,
        help_text=_("As in your ID document. Your certificates print it."),
        widget=forms.DateInput(
            attrs={"type": "date", "max": today.isoformat(), "min": oldest.isoformat(), "autocomplete": "bday"},
            format="%Y-%m-%d",
        ),
        **kwargs,
    )


def privacy_acceptance_label():
    return format_html(
        '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
        _("I have read and accept the"),
        reverse_lazy("core:privacy"),
        _("privacy notice"),
    )


class SignupForm(forms.Form):
    """The extra fields of allauth's sign-up form: names in both scripts, language, privacy acceptance."""

    first_name_ka = user_form_field(
        "first_name_ka", help_text=_("As written in your Georgian ID card, if you have one.")
    )
    last_name_ka = user_form_field("last_name_ka")
    first_name_en = user_form_field("first_name_en", required=True, help_text=LATIN_NAME_HELP)
    last_name_en = user_form_field("last_name_en", required=True)
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=Language.choices)
    accept_privacy = forms.BooleanField(required=True)

    field_order = [
        "email",
        "first_name_ka",
        "last_name_ka",
        "first_name_en",
        "last_name_en",
        "preferred_language",
        "password1",
        "password2",
        "accept_privacy",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = (get_language() or "ka")[:2]
        self.fields["accept_privacy"].label = privacy_acceptance_label()
        self.fields["accept_privacy"].error_messages["required"] = _(
            "You must accept the privacy notice to create an account."
        )

    def signup(self, request, user):
        """Called by allauth inside the sign-up; the adapter has already saved the user."""


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name_ka", "last_name_ka", "first_name_en", "last_name_en", "preferred_language"]
        help_texts = {"first_name_ka": GEORGIAN_NAME_HELP, "first_name_en": LATIN_NAME_HELP}


class AdminUserCreationForm(BaseAdminUserCreationForm):
    class Meta(BaseAdminUserCreationForm.Meta):
        model = User
        fields = ("email",)


class AdminUserChangeForm(BaseUserChangeForm):
    class Meta(BaseUserChangeForm.Meta):
        model = User
        fields = "__all__"


class AdminPasswordChangeForm(BaseAdminPasswordChangeForm):
    # Django writes this warning in English only; the same words, translatable.
    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )
