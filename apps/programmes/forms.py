import secrets

from django import forms
from django.db.models import Q
from django.forms import formset_factory
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.admin_decisions import DecisionForm
from apps.providers.models import Provider
from apps.reference.models import FieldOfStudy, NQFLevel

from .models import ProgrammeVersion, ReviewOutcome
from .rules import authorized_scope
from .services import CONTENT_FIELDS, M2M_FIELDS


class NewProgrammeForm(forms.Form):
    code = forms.CharField(label=_("Programme code"), max_length=32, help_text=_("Your organisation's own code."))


class DecimalCommaField(forms.DecimalField):
    """A decimal that accepts the comma Georgian writers use ("3,5")."""

    def to_python(self, value):
        return super().to_python(value.replace(",", ".") if isinstance(value, str) else value)


class VersionForm(forms.ModelForm):
    class Meta:
        model = ProgrammeVersion
        fields = CONTENT_FIELDS + M2M_FIELDS
        field_classes = {"ects_credits": DecimalCommaField}
        widgets = {
            "summary_ka": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "description_ka": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "assessment_type_ka": forms.Textarea(attrs={"rows": 2}),
            "assessment_type_en": forms.Textarea(attrs={"rows": 2}),
            "prerequisites_ka": forms.Textarea(attrs={"rows": 2}),
            "prerequisites_en": forms.Textarea(attrs={"rows": 2}),
            "further_information_ka": forms.Textarea(attrs={"rows": 2}),
            "further_information_en": forms.Textarea(attrs={"rows": 2}),
            "languages": forms.CheckboxSelectMultiple,
            "ects_credits": forms.TextInput(attrs={"inputmode": "decimal"}),
        }

    def __init__(self, *args, provider=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nqf_level"].queryset = NQFLevel.objects.all()
        self.fields["field_of_study"].queryset = FieldOfStudy.objects.filter(level="detailed")
        if provider:
            self._offer_only_the_authorized_scope(provider)
        others = Provider.objects.exclude(pk=provider.pk) if provider else Provider.objects.all()
        self.fields["co_awarding_providers"].queryset = others.filter(decisions__outcome="authorized").distinct()
        self.fields["co_awarding_providers"].required = False
        self.fields["languages"].required = False

    def _offer_only_the_authorized_scope(self, provider):
        """The level and field lists offer what NCEQE's authorizations in force cover, and say so. The value saved
        before stays offered (an authorization that ended must not blank a draft); submission checks it again."""
        scope = authorized_scope(provider)
        level, field = self.fields["nqf_level"], self.fields["field_of_study"]
        level.queryset = scope.level_choices() | NQFLevel.objects.filter(pk=self.instance.nqf_level_id)
        field.queryset = scope.field_choices() | FieldOfStudy.objects.filter(
            Q(pk=self.instance.field_of_study_id), level="detailed"
        )
        level.error_messages["invalid_choice"] = gettext(
            "NCEQE's authorization of your organisation does not cover this NQF level."
        )
        field.error_messages["invalid_choice"] = gettext(
            "NCEQE's authorization of your organisation does not cover this field of study."
        )
        if not scope.levels or not scope.fields:
            note = gettext(
                "Your organisation has no authorization by NCEQE in force today, so there is nothing to choose here. "
                "You can still write the draft and submit it once an authorization is in force."
            )
            level.help_text = field.help_text = note
            return
        level.help_text = gettext(
            "Only the levels that NCEQE's authorization of your organisation covers, and at which "
            "micro-credentials may be offered, are listed: %(levels)s."
        ) % {"levels": ", ".join(str(number) for number in scope.levels)}
        # Django's field template marks help text safe; the names of fields come from the database.
        field.help_text = gettext(
            "Only the fields of study within NCEQE's authorization of your organisation are listed (%(fields)s). "
            "To offer a programme in another field, your organisation applies to NCEQE to widen its authorization."
        ) % {"fields": escape("; ".join(str(f) for f in scope.fields))}


class OutcomeForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    text_ka = forms.CharField(label=_("Learning outcome (Georgian)"), widget=forms.Textarea(attrs={"rows": 2}))
    text_en = forms.CharField(label=_("Learning outcome (English)"), widget=forms.Textarea(attrs={"rows": 2}))
    esco_uri = forms.URLField(label=_("ESCO skill URI"), required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].initial = self.fields["key"].initial or f"n{secrets.token_hex(4)}"


class ComponentForm(forms.Form):
    name_ka = forms.CharField(label=_("Name (Georgian)"), max_length=255)
    name_en = forms.CharField(label=_("Name (English)"), max_length=255)
    weight = forms.IntegerField(label=_("Weight (%)"), min_value=1, max_value=100)
    pass_mark = forms.IntegerField(label=_("Pass mark (0–100)"), min_value=0, max_value=100)
    outcomes = forms.MultipleChoiceField(
        label=_("Learning outcomes assessed"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, outcome_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcomes"].choices = outcome_choices


OutcomeFormSet = formset_factory(OutcomeForm, extra=0, can_order=True, can_delete=True)
ComponentFormSet = formset_factory(ComponentForm, extra=0, can_order=True, can_delete=True)


def kept_in_order(formset) -> list[dict]:
    """The formset's rows that were not removed, in the order the author put them."""
    return [form.cleaned_data for form in formset.ordered_forms if not form.cleaned_data.get("DELETE")]


class ReviewForm(DecisionForm):
    outcomes = [
        (ReviewOutcome.APPROVED, _("Approve")),
        (ReviewOutcome.CHANGES_REQUESTED, _("Request changes")),
        (ReviewOutcome.REJECTED, _("Reject")),
    ]
