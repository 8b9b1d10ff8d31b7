from django import forms
from django.utils.translation import gettext_lazy as _

from apps.providers.models import Provider

from .models import CredentialStatus, Signatory

STATUS_FILTER_CHOICES = [
    ("", _("All")),
    *CredentialStatus.choices,
    ("expired", _("Expired")),
    ("failing", _("Preparation failed")),
]


class CredentialFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTER_CHOICES, required=False)
    q = forms.CharField(label=_("Name, e-mail or code"), required=False, max_length=100)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The learner is told the reason; the Center sees it in the record."),
    )


class VisibilityForm(forms.Form):
    show_pdf = forms.BooleanField(label=_("People with the code may download the PDF"), required=False)
    show_grade = forms.BooleanField(label=_("People with the code may see my grade"), required=False)


class SignatoryForm(forms.ModelForm):
    MAX_SIGNATURE_BYTES = 500 * 1024

    class Meta:
        model = Signatory
        fields = ["order", "name_ka", "name_en", "position_ka", "position_en", "signature"]

    def clean_signature(self):
        image = self.cleaned_data.get("signature")
        if image and getattr(image, "size", 0) > self.MAX_SIGNATURE_BYTES:
            raise forms.ValidationError(_("The signature image is larger than 500 KB."))
        return image


SignatoryFormSet = forms.inlineformset_factory(
    parent_model=Provider,
    model=Signatory,
    form=SignatoryForm,
    extra=1,
    max_num=4,
    validate_max=True,
    can_delete=True,
)
