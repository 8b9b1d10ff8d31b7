import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.providers.models import Provider, ProviderKind
from apps.providers.selectors import AuthorizationState
from apps.reference.models import FieldOfStudy, NQFLevel

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
