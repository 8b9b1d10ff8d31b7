"""The public registry's filters: the catalogue of programmes (its "open for enrolment" filter reads offerings,
which is why it lives here, above programmes and enrolments) and the registry of providers. Every filter lives in
the URL, so a filtered list can be shared; the API's catalogue takes the same ones."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from apps.core.i18n import current_language
from apps.core.widgets import FastSelect
from apps.enrolments.models import Offering
from apps.programmes.models import ParticipationMode, ProgrammeVersion
from apps.providers.models import Provider, ProviderKind
from apps.providers.selectors import AuthorizationState
from apps.reference.models import FieldOfStudy, Language, NQFLevel

STATUS_CHOICES = [
    (AuthorizationState.VALID, _("Authorized")),
    (AuthorizationState.SUSPENDED, _("Suspended")),
    (AuthorizationState.EXPIRED, _("Expired")),
    (AuthorizationState.ENDED, _("Ended")),
]


class ProviderFilter(django_filters.FilterSet):
    """The public registry's filters. The authorization status is computed (it depends on today's date and on
    later suspensions), so the view applies it after the database filters."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ProviderKind.choices, empty_label=_("Any kind"))
    level = django_filters.ModelChoiceFilter(
        label=_("NQF level"), queryset=NQFLevel.objects.all(), method="authorized_level", empty_label=_("Any level")
    )
    field = django_filters.ModelChoiceFilter(
        label=_("Field of study"),
        queryset=FieldOfStudy.objects.exclude(level="detailed"),
        method="authorized_field",
        empty_label=_("Any field"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Authorization"), choices=STATUS_CHOICES, method="no_database_filter", empty_label=_("Any status")
    )

    class Meta:
        model = Provider
        fields = ["q", "kind", "level", "field", "status"]

    def search(self, queryset, name, value):
        terms = Q()
        for word in value.split():
            terms &= (
                Q(legal_name_ka__icontains=word)
                | Q(legal_name_en__icontains=word)
                | Q(short_name__icontains=word)
                | Q(identification_code=word)
            )
        return queryset.filter(terms)

    def authorized_level(self, queryset, name, value):
        return queryset.filter(decisions__outcome="authorized", decisions__levels=value).distinct()

    def authorized_field(self, queryset, name, value):
        # A field asked about is covered by a scope that names it, a field above it, or fields under it.
        related = Q(decisions__fields_of_study__code__startswith=value.code) | Q(
            decisions__fields_of_study__code__in=[value.code[:2], value.code[:3]]
        )
        return queryset.filter(Q(decisions__outcome="authorized") & related).distinct()

    def no_database_filter(self, queryset, name, value):
        return queryset


SORTS = [
    ("title", _("Title")),
    ("-published", _("Newest first")),
    ("ects", _("ECTS: fewest first")),
    ("-ects", _("ECTS: most first")),
    ("level", _("NQF level")),
]


class CatalogueFilter(django_filters.FilterSet):
    """The public catalogue's filters; every one of them lives in the URL, so a filtered list can be shared."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    # ISCED-F codes ("06", "061"): strings in the API schema.
    broad_field = extend_schema_field(OpenApiTypes.STR)(django_filters.ModelChoiceFilter)(
        label=_("Broad field"),
        queryset=FieldOfStudy.objects.filter(level="broad"),
        method="in_field",
        empty_label=_("Any field"),
        widget=FastSelect,
    )
    narrow_field = extend_schema_field(OpenApiTypes.STR)(django_filters.ModelChoiceFilter)(
        label=_("Narrow field"),
        queryset=FieldOfStudy.objects.filter(level="narrow"),
        method="in_field",
        empty_label=_("Any field"),
        widget=FastSelect,
    )
    level = django_filters.ModelChoiceFilter(
        label=_("NQF level"),
        field_name="nqf_level",
        queryset=NQFLevel.objects.all(),
        empty_label=_("Any level"),
        widget=FastSelect,
    )
    eqf_level = django_filters.NumberFilter(label=_("EQF level"), field_name="nqf_level__eqf_level")
    ects_min = django_filters.NumberFilter(label=_("ECTS from"), field_name="ects_credits", lookup_expr="gte")
    ects_max = django_filters.NumberFilter(label=_("ECTS to"), field_name="ects_credits", lookup_expr="lte")
    mode = django_filters.ChoiceFilter(
        label=_("Form of participation"),
        field_name="participation_mode",
        choices=ParticipationMode.choices,
        empty_label=_("Any form"),
        widget=FastSelect,
    )
    provider = django_filters.ModelChoiceFilter(
        label=_("Provider"),
        field_name="programme__provider",
        queryset=Provider.objects.filter(
            Exists(ProgrammeVersion.objects.filter(programme__provider=OuterRef("pk"), status="published"))
        ),
        empty_label=_("Any provider"),
        widget=FastSelect,
    )
    language = django_filters.ModelChoiceFilter(
        label=_("Language"),
        field_name="languages",
        queryset=Language.objects.all(),
        empty_label=_("Any language"),
        widget=FastSelect,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORTS, method="sort_by", empty_label=None, widget=FastSelect
    )
    open_for_enrolment = django_filters.BooleanFilter(
        label=_("Has an offering open for enrolment"), method="with_open_offering", widget=forms.CheckboxInput
    )

    class Meta:
        model = ProgrammeVersion
        fields = []

    def search(self, queryset, name, value):
        terms = Q()
        for word in value.split():
            terms &= (
                Q(title_ka__icontains=word)
                | Q(title_en__icontains=word)
                | Q(summary_ka__icontains=word)
                | Q(summary_en__icontains=word)
                | Q(programme__code__iexact=word)
            )
        return queryset.filter(terms)

    def with_open_offering(self, queryset, name, value):
        if not value:
            return queryset
        today = timezone.localdate()
        open_now = Offering.objects.filter(
            version=OuterRef("pk"),
            enrolment_opens__lte=today,
            enrolment_closes__gte=today,
            results_finalised_at__isnull=True,
        )
        return queryset.filter(Exists(open_now))

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*sort_order(value))

    def in_field(self, queryset, name, value):
        return queryset.filter(field_of_study__code__startswith=value.code)


def sort_order(value: str | None) -> list[str]:
    """The ORDER BY of a catalogue sort; titles sort in the reader's language."""
    title = f"title_{current_language()}"
    orders = {
        "title": [title],
        "-published": ["-published_at"],
        "ects": ["ects_credits", title],
        "-ects": ["-ects_credits", title],
        "level": ["nqf_level_id", title],
    }
    return [*orders.get(value or "title", [title]), "pk"]
