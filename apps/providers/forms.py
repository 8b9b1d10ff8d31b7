from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.forms import user_form_field
from apps.reference.models import FieldOfStudy, NQFLevel

from .models import IDENTITY_FIELDS, Provider, Role
from .services import PROVIDER_FIELDS
from .validators import validate_pdf


class ProviderForm(forms.ModelForm):
    # A web address typed without a scheme is https.
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Provider
        fields = PROVIDER_FIELDS
        widgets = {"identification_code": forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]{9}"})}

    def validate_unique(self):
        """Uniqueness is checked by the service (and held by the database)."""


class ProviderDetailsForm(ProviderForm):
    """The organisation's details page. Once its identity is locked, a different identity is a request to the Center
    (with an explanation); while one awaits the Center's decision, the identity fields cannot be changed."""

    identity_note = forms.CharField(
        label=_("Explanation for the Center"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only if you change the organisation's identity: why it changes, and the document that attests it "
            "(for example, an extract from the Registry of Entrepreneurs and Non-Entrepreneurial Legal Entities)."
        ),
    )

    def __init__(self, *args, identity_locked: bool = False, pending=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.identity_locked = identity_locked
        if pending is not None:
            for name in IDENTITY_FIELDS:
                self.fields[name].disabled = True
        if not identity_locked or pending is not None:
            del self.fields["identity_note"]

    def identity_fields(self):
        return [self[name] for name in IDENTITY_FIELDS]

    def other_fields(self):
        return [field for field in self if field.name not in IDENTITY_FIELDS and field.name != "identity_note"]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.AUTHOR)


class ApplicationForm(forms.Form):
    levels = forms.ModelMultipleChoiceField(
        label=_("NQF levels"),
        queryset=NQFLevel.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    fields_of_study = forms.ModelMultipleChoiceField(
        label=_("Fields of study (ISCED-F 2013)"),
        queryset=FieldOfStudy.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        required=False,
        help_text=_("A broad or narrow field covers every field under it. Hold Ctrl (or ⌘) to choose several."),
    )
    self_evaluation = forms.CharField(
        label=_("Self-evaluation"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text=_("How the organisation meets the standards for offering micro-credentials in this scope."),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    file = forms.FileField(
        label=_("PDF file (at most 10 MB)"),
        validators=[validate_pdf],
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


class NewAccountForm(forms.Form):
    """The names and password of someone who joins a provider's staff through an invitation."""

    first_name_ka = user_form_field("first_name_ka")
    last_name_ka = user_form_field("last_name_ka")
    first_name_en = user_form_field("first_name_en", required=True)
    last_name_en = user_form_field("last_name_en", required=True)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    accept_privacy = forms.BooleanField(label=_("I accept the privacy notice"))
