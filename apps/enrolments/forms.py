from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.forms import user_form_field
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
    funding_source = forms.ChoiceField(label=_("Funding"), choices=FundingSource.choices)

    def __init__(self, *args, offering=None, **kwargs):
        super().__init__(*args, **kwargs)
        if offering is not None:
            self.fields["funding_source"].choices = [
                c for c in FundingSource.choices if c[0] in offering.funding_sources
            ]


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
    """Someone without an account accepts an invitation: their names (the provider's typing, for them to
    correct), optionally their date of birth and personal number, and a password."""

    first_name_ka = user_form_field("first_name_ka")
    last_name_ka = user_form_field("last_name_ka")
    first_name_en = user_form_field("first_name_en", required=True)
    last_name_en = user_form_field("last_name_en", required=True)
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    personal_number = user_form_field("personal_number")
    preferred_language = user_form_field("preferred_language")
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    accept_privacy = forms.BooleanField(label=_("I accept the privacy notice"))


class CsvUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("UTF-8, comma or semicolon separated, at most 5 MB."))
