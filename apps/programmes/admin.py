"""NCEQE's review of programmes in the admin: the queue, each version with its Georgian and English side by
side, decisions with reasons, and what changed since the previous version."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from apps.core.admin_decisions import ReviewQueueAdminMixin, decision_form_view
from apps.core.admin_history import LocalizedHistoryAdmin
from apps.core.admin_readonly import ReadOnlyAdmin

from . import selectors, services
from .diff import version_changes
from .forms import ReviewForm
from .models import Programme, ProgrammeReview, ProgrammeVersion, ReviewOutcome, Status
from .rules import version_problems


@admin.register(ProgrammeVersion)
class ProgrammeVersionAdmin(ReviewQueueAdminMixin, LocalizedHistoryAdmin):
    reviewer_permission = "programmes.add_programmereview"
    history_value_labels = dict(ReviewOutcome.choices)
    list_display = ["__str__", "provider", "number", "status", "submitted_at", "waiting_days"]
    list_filter = ["status", "programme__provider", "nqf_level", "participation_mode"]
    search_fields = ["title_ka", "title_en", "programme__code", "programme__provider__short_name"]
    list_select_related = ["programme__provider"]
    ordering = ["submitted_at", "pk"]
    change_form_template = "admin/programmes/version_change_form.html"

    def get_queryset(self, request):
        return selectors.with_everything(super().get_queryset(request))

    @admin.display(description=_("provider"), ordering="programme__provider__short_name")
    def provider(self, obj):
        return obj.programme.provider.short_name

    def change_view(self, request, object_id, form_url="", extra_context=None):
        version = get_object_or_404(self.get_queryset(request), pk=object_id)
        previous = selectors.previous_version(version)
        extra_context = {
            **(extra_context or {}),
            "version": version,
            "previous": previous,
            "problems": version_problems(version) if version.status in (Status.SUBMITTED, Status.UNDER_REVIEW) else {},
            "reviews": version.reviews.select_related("decided_by"),
            "is_reviewer": self.is_reviewer(request),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def start_review(self, obj, reviewer):
        services.version_start_review(version=obj, reviewer=reviewer)

    def get_urls(self):
        return [
            path(
                "<int:pk>/start-review/",
                self.admin_site.admin_view(self.start_review_view),
                name="programmes_version_start_review",
            ),
            path("<int:pk>/decide/", self.admin_site.admin_view(self.decide_view), name="programmes_version_decide"),
            path("<int:pk>/changes/", self.admin_site.admin_view(self.changes_view), name="programmes_version_changes"),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk):
        self.reviewer_only(request)
        version = get_object_or_404(self.get_queryset(request), pk=pk)
        url = reverse("admin:programmes_programmeversion_change", args=[pk])
        return decision_form_view(
            request,
            self,
            form=ReviewForm(request.POST or None),
            record=lambda **data: services.version_decide(version=version, reviewer=request.user, **data),
            done_url=url,
            title=_("Review of %(version)s") % {"version": version},
            subject=version,
            subject_url=url,
            version=version,
            summary_template="admin/programmes/version_summary.html",
        )

    def changes_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        version = get_object_or_404(self.get_queryset(request), pk=pk)
        previous = selectors.previous_version(version)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Changes in %(version)s") % {"version": version},
            "version": version,
            "previous": previous,
            "changes": version_changes(previous, version) if previous else [],
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/programmes/version_changes.html", context)


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    deletable = True  # with the delete permission; a version that was reviewed, offered or certified protects it
    list_display = ["code", "provider", "created_at"]
    list_filter = ["provider"]
    search_fields = ["code", "versions__title_ka", "versions__title_en"]


@admin.register(ProgrammeReview)
class ProgrammeReviewAdmin(ReadOnlyAdmin):
    list_display = ["decided_at", "version", "outcome", "decided_by"]
    list_filter = ["outcome"]
    list_select_related = ["version__programme__provider", "decided_by"]
