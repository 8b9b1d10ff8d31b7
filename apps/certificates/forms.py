from django import forms
from django.utils.translation import gettext_lazy as _

from apps.providers.models import Provider

from .models import EXPIRED, FAILING, STAFF_REVOCATION_CATEGORIES, CredentialStatus, Signatory

STATUS_FILTER_CHOICES = [
    ("", _("All")),
    *CredentialStatus.choices,
    (EXPIRED, _("Expired")),
    (FAILING, _("Preparation failed")),
]


class CredentialFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTER_CHOICES, required=False)
    q = forms.CharField(label=_("Name, e-mail or code"), required=False, max_length=100)


class ReasonForm(forms.Form):
    """A re-issue's reason: the learner is told it; the public reads only that a corrected certificate replaced
    the old one."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "The learner is told the reason; the provider's staff and the Center see it in the record. Everyone"
            " who checks the old code reads only that a corrected certificate replaced it."
        ),
    )

    def service_arguments(self) -> dict:
        return {"reason": self.cleaned_data["reason"]}


class RevokeForm(ReasonForm):
    """A revocation: a category that everyone who checks the certificate reads, and the words that only the
    learner, the provider's staff and the Center do."""

    category = forms.ChoiceField(
        label=_("What the public is told"),
        choices=[("", "---------"), *STAFF_REVOCATION_CATEGORIES],
        help_text=_("Everyone who checks the certificate sees this category and the date of revocation."),
        error_messages={"required": _("Choose what the public is told about the revocation.")},
    )
    field_order = ["category", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _(
            "Private: only the learner (who is told it by e-mail), the provider's staff and the Center see these"
            " words. The public never does."
        )

    def service_arguments(self) -> dict:
        return {"reason": self.cleaned_data["reason"], "category": self.cleaned_data["category"]}


class Sharing:
    """What people with the code get, in three steps that each include the one before. The verification page
    and the Open Badges files carry the grade only from the second; the PDF is one signed file that prints the
    grade and the date of birth, so it goes only with everything."""

    CODE = "code"
    GRADE = "grade"
    EVERYTHING = "everything"

    CHOICES = [
        (CODE, _("Only the check by code")),
        (GRADE, _("The check by code and my grade")),
        (EVERYTHING, _("Everything, with the signed PDF")),
    ]
    DESCRIPTIONS = {
        CODE: _(
            "Anyone with the code or the link can check that the certificate is valid and see your name, the"
            " micro-credential, the provider and the dates, on the verification page and in the Open Badges"
            " files. Not your grade and not your date of birth."
        ),
        GRADE: _(
            "The same, and your grade: its letter, and on the verification page your score out of 100 too. Not"
            " your date of birth."
        ),
        EVERYTHING: _(
            "The same with your grade, and they may download the signed PDF. The PDF shows everything printed on"
            " your certificate, including your grade and your date of birth."
        ),
    }
    FLAGS = {CODE: (False, False), GRADE: (False, True), EVERYTHING: (True, True)}  # (show_pdf, show_grade)

    @classmethod
    def of(cls, credential) -> str:
        """The step that describes what people with the code get now."""
        if credential.show_grade:
            return cls.EVERYTHING if credential.show_pdf else cls.GRADE
        return cls.CODE  # a PDF shared without the grade (an older choice) is not given to them

    @classmethod
    def options(cls, credential) -> list[dict]:
        """The choices with what each reveals, for the learner's sharing form."""
        current = cls.of(credential)
        return [
            {"value": value, "label": label, "description": cls.DESCRIPTIONS[value], "checked": value == current}
            for value, label in cls.CHOICES
        ]


class VisibilityForm(forms.Form):
    share = forms.ChoiceField(
        label=_("What people with the code may see"),
        choices=Sharing.CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what people with the code may see.")},
    )

    def flags(self) -> dict:
        show_pdf, show_grade = Sharing.FLAGS[self.cleaned_data["share"]]
        return {"show_pdf": show_pdf, "show_grade": show_grade}


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
