from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.forms import date_of_birth_field, privacy_acceptance_label, user_form_field
from apps.reference.models import Language

from .models import FundingSource, Offering
from .services import OFFERING_FIELDS


class OfferingForm(forms.ModelForm):
    online_link = forms.URLField(label=_("online link"), required=False, assume_scheme="https")
    funding_sources = forms.MultipleChoiceField(
        label=_("Accepted funding sources"), choices=FundingSource.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Offering
        fields = OFFERING_FIELDS
        widgets = {
            field: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for field in ("start_date", "end_date", "enrolment_opens", "enrolment_closes")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].queryset = Language.objects.all()


class EnrolForm(forms.Form):
    """Self-enrolment: how it is funded, and the date of birth when the account has none yet (the certificate
    prints it)."""

    funding_source = forms.ChoiceField(label=_("Funding"), choices=FundingSource.choices)

    def __init__(self, *args, offering=None, ask_date_of_birth=False, **kwargs):
        super().__init__(*args, **kwargs)
        if offering is not None:
            self.fields["funding_source"].choices = [
                c for c in FundingSource.choices if c[0] in offering.funding_sources
            ]
        if ask_date_of_birth:
            self.fields["date_of_birth"] = date_of_birth_field()


class DateOfBirthForm(forms.Form):
    """Accepting an invitation with an account that has no date of birth yet."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"] = date_of_birth_field()


class StaffEnrolForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    first_name_ka = user_form_field("first_name_ka")
    last_name_ka = user_form_field("last_name_ka")
    first_name_en = user_form_field("first_name_en")
    last_name_en = user_form_field("last_name_en")
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    personal_number = user_form_field("personal_number")
    funding_source = forms.ChoiceField(label=_("Funding"), choices=FundingSource.choices)


class InvitationSignupForm(forms.Form):
    """Someone without an account accepts an invitation, in one step: their names (the provider's typing, for them
    to correct), their date of birth (the certificate prints it), optionally their personal number, a password,
    and the privacy notice accepted, as at sign-up."""

    first_name_ka = user_form_field("first_name_ka")
    last_name_ka = user_form_field("last_name_ka")
    first_name_en = user_form_field("first_name_en", required=True)
    last_name_en = user_form_field("last_name_en", required=True)
    personal_number = user_form_field("personal_number")
    preferred_language = user_form_field("preferred_language")
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    accept_privacy = forms.BooleanField()

    field_order = [
        "first_name_ka",
        "last_name_ka",
        "first_name_en",
        "last_name_en",
        "date_of_birth",
        "personal_number",
        "preferred_language",
        "password",
        "accept_privacy",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"] = date_of_birth_field()
        self.order_fields(self.field_order)
        self.fields["accept_privacy"].label = privacy_acceptance_label()
        self.fields["accept_privacy"].error_messages["required"] = _(
            "You must accept the privacy notice to create an account."
        )
