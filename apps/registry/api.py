"""The public catalogue in /api/v1/programmes/: the published programmes with the catalogue page's filters.
Anyone may read it, without signing in."""

from django.utils.translation import gettext_lazy as _
from rest_framework import pagination, permissions, serializers, viewsets

from apps.core.api import documented
from apps.programmes.models import ProgrammeVersion
from apps.programmes.selectors import catalogue

from .filters import CatalogueFilter, sort_order


class CataloguePagination(pagination.PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class CatalogueSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="programme_id")
    version = serializers.IntegerField(source="number")
    code = serializers.CharField(source="programme.code")
    provider = serializers.SerializerMethodField()
    nqf_level = serializers.IntegerField(source="nqf_level_id")
    eqf_level = serializers.IntegerField(source="nqf_level.eqf_level")
    field_of_study = serializers.CharField(source="field_of_study_id")
    languages = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    url = serializers.SerializerMethodField()

    class Meta:
        model = ProgrammeVersion
        fields = [
            "id",
            "version",
            "code",
            "title_ka",
            "title_en",
            "summary_ka",
            "summary_en",
            "provider",
            "ects_credits",
            "workload_hours",
            "nqf_level",
            "eqf_level",
            "field_of_study",
            "languages",
            "participation_mode",
            "published_at",
            "url",
        ]

    def get_provider(self, version) -> dict:
        provider = version.programme.provider
        return {"id": provider.pk, "legal_name_ka": provider.legal_name_ka, "legal_name_en": provider.legal_name_en}

    def get_url(self, version) -> str:
        return f"/registry/programmes/{version.programme_id}/v{version.number}/"


@documented(
    _("Catalogue"),
    list=(
        _("List published programmes"),
        _(
            "Anyone, without signing in: the micro-credential programmes published now, 20 a page (`page_size` up "
            "to 100), with the catalogue's filters: `q` (words of the title or summary, or the programme code), "
            "`broad_field` and `narrow_field` (ISCED-F codes), `level`, `eqf_level`, `ects_min`, `ects_max`, `mode`, "
            "`provider`, `language`, `open_for_enrolment` and `sort` (`title`, `-published`, `ects`, `-ects`, "
            "`level`). A filter value that is not valid is a 400."
        ),
    ),
    retrieve=(
        _("Read a published programme"),
        _(
            "Anyone: the version of a programme published now, by the programme's stable id (`id` in the list). "
            "404 when the programme has no published version."
        ),
    ),
)
class CatalogueViewSet(viewsets.ReadOnlyModelViewSet):
    """Published micro-credential programmes. Filters: q, broad_field, narrow_field, level, eqf_level, ects_min,
    ects_max, mode, provider, language, sort (title, -published, ects, -ects, level)."""

    serializer_class = CatalogueSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = CataloguePagination
    filterset_class = CatalogueFilter
    lookup_field = "programme_id"

    def get_queryset(self):
        queryset = catalogue()
        if not self.request.query_params.get("sort"):
            queryset = queryset.order_by(*sort_order("title"))
        return queryset
