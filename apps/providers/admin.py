"""NCEQE's side: the review queue and decisions, in the Georgian/English admin. Reviewers read everything and
decide through the forms below; nobody edits a decision once made, and every change is in the history."""

import datetime

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.db import models
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from apps.core.admin_decisions import DecisionForm, ReviewQueueAdminMixin, decision_form_view
from apps.core.admin_history import LocalizedHistoryAdmin
from apps.core.admin_readonly import ReadOnlyAdmin, ReadOnlyInline
from apps.reference.models import FieldOfStudy, NQFLevel

from . import access, authorizing, identity_changes, selectors
from .models import (
    IDENTITY_FIELDS,
    ApplicationDocument,
    AuthorizationApplication,
    AuthorizationDecision,
    IdentityChangeRequest,
    IdentityChangeStatus,
    Outcome,
    Provider,
    ProviderMembership,
)


class MembershipInline(ReadOnlyInline):
    model = ProviderMembership
    fields = ["user", "role", "created_at"]
    readonly_fields = fields


class DecisionInline(ReadOnlyInline):
    model = AuthorizationDecision
    fk_name = "provider"
    fields = [
        "decided_at",
        "outcome",
        "valid_from",
        "valid_until",
        "effective_from",
        "reasons_ka",
        "reasons_en",
        "decided_by",
    ]
    readonly_fields = fields
    show_change_link = True


class IdentityChangeInline(ReadOnlyInline):
    model = IdentityChangeRequest
    fields = ["requested_at", "status", "legal_name_ka", "legal_name_en", "identification_code", "decided_at"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Provider)
class ProviderAdmin(LocalizedHistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["short_name", "legal_name_ka", "legal_name_en", "identification_code", "kind", "standing"]
    list_filter = ["kind"]
    search_fields = ["legal_name_ka", "legal_name_en", "short_name", "identification_code"]
    inlines = [MembershipInline, DecisionInline, IdentityChangeInline]
    readonly_fields = ["created_at", "created_by"]

    def get_queryset(self, request):
        return selectors.providers_with_authorizations()

    def get_readonly_fields(self, request, obj=None):
        # The authorized identity changes only through an identity change request and the Center's decision.
        if obj is not None and selectors.identity_is_locked(obj):
            return [*IDENTITY_FIELDS, *self.readonly_fields]
        return self.readonly_fields

    @admin.display(description=_("authorization"))
    def standing(self, obj):
        return selectors.provider_standing(obj).label


class DocumentInline(ReadOnlyInline):
    model = ApplicationDocument
    fields = ["title", "download", "size", "sha256", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html(
            '<a href="{}" target="_blank">{}</a>', reverse("providers:document", args=[obj.pk]), _("Open PDF")
        )


class ApplicationDecisionInline(ReadOnlyInline):
    model = AuthorizationDecision
    fk_name = "application"
    fields = ["decided_at", "outcome", "reasons_ka", "reasons_en", "decided_by"]
    readonly_fields = fields


class WaitingFilter(admin.SimpleListFilter):
    """What has waited in a review queue for longer than a week, a month or three months."""

    title = _("waiting time")
    parameter_name = "waiting"
    OPTIONS = [("7", _("more than a week")), ("30", _("more than a month")), ("90", _("more than three months"))]

    def __init__(self, request, params, model, model_admin):
        self.queue = model_admin  # its pending statuses and the field that says since when an item waits
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return self.OPTIONS

    def queryset(self, request, queryset):
        if self.value() in dict(self.OPTIONS):
            cutoff = timezone.now() - timezone.timedelta(days=int(self.value()))
            return queryset.filter(
                status__in=self.queue.pending_statuses, **{f"{self.queue.waiting_since}__lt": cutoff}
            )
        return queryset


class BroadFieldFilter(admin.SimpleListFilter):
    title = _("field of study")
    parameter_name = "field"

    def lookups(self, request, model_admin):
        return [(f.code, str(f)) for f in FieldOfStudy.objects.filter(level="broad")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(fields_of_study__code__startswith=self.value()).distinct()
        return queryset


class AuthorizationDecisionForm(DecisionForm):
    outcomes = [
        (Outcome.AUTHORIZED, _("Authorize")),
        (Outcome.CHANGES_REQUESTED, _("Request changes")),
        (Outcome.REJECTED, _("Reject")),
    ]
    conditions_ka = forms.CharField(
        label=_("Conditions (Georgian)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    conditions_en = forms.CharField(
        label=_("Conditions (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    levels = forms.ModelMultipleChoiceField(
        label=_("Authorized NQF levels"),
        queryset=NQFLevel.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fields_of_study = forms.ModelMultipleChoiceField(
        label=_("Authorized fields of study"),
        queryset=FieldOfStudy.objects.all(),
        required=False,
        widget=FilteredSelectMultiple(_("fields of study"), is_stacked=False),
    )


class StatusChangeForm(DecisionForm):
    field_order = ["outcome", "effective_from", "reasons_ka", "reasons_en"]
    outcomes = [
        (Outcome.SUSPENDED, _("Suspend")),
        (Outcome.REINSTATED, _("Lift the suspension")),
        (Outcome.ENDED, _("End the authorization")),
    ]
    effective_from = forms.DateField(label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"}))


@admin.register(AuthorizationApplication)
class AuthorizationApplicationAdmin(ReviewQueueAdminMixin, LocalizedHistoryAdmin):
    reviewer_permission = "providers.add_authorizationdecision"
    list_display = [
        "__str__",
        "provider_name",
        "status",
        "submitted_at",
        "waiting_days",
        "scope_levels",
        "document_count",
    ]
    list_filter = ["status", "provider__kind", "levels", BroadFieldFilter, WaitingFilter]
    search_fields = [
        "provider__legal_name_ka",
        "provider__legal_name_en",
        "provider__short_name",
        "provider__identification_code",
    ]
    history_value_labels = dict(Outcome.choices)
    list_select_related = ["provider"]
    inlines = [DocumentInline, ApplicationDecisionInline]
    fields = [
        "provider",
        "status",
        "levels",
        "fields_of_study",
        "self_evaluation",
        "created_by",
        "created_at",
        "submitted_at",
    ]
    readonly_fields = fields
    ordering = ["submitted_at"]
    change_form_template = "admin/providers/application_change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("levels").annotate(documents_count=Count("documents"))

    @admin.display(description=_("provider"), ordering="provider__legal_name_ka")
    def provider_name(self, obj):
        return format_html("{}<br>{}", obj.provider.legal_name, obj.provider.identification_code)

    @admin.display(description=_("NQF levels"))
    def scope_levels(self, obj):
        return ", ".join(str(level.level) for level in obj.levels.all())

    @admin.display(description=_("documents"), ordering="documents_count")
    def document_count(self, obj):
        return obj.documents_count

    def start_review(self, obj, reviewer):
        authorizing.application_start_review(application=obj, reviewer=reviewer)

    def get_urls(self):
        return [
            path(
                "<int:pk>/start-review/",
                self.admin_site.admin_view(self.start_review_view),
                name="providers_application_start_review",
            ),
            path("<int:pk>/decide/", self.admin_site.admin_view(self.decide_view), name="providers_application_decide"),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk):
        self.reviewer_only(request)
        application = get_object_or_404(AuthorizationApplication.objects.select_related("provider"), pk=pk)
        today = timezone.localdate()
        initial = {
            "levels": list(application.levels.all()),
            "fields_of_study": list(application.fields_of_study.all()),
            "valid_from": today,
            "valid_until": today + datetime.timedelta(days=5 * 365),
        }
        return decision_form_view(
            request,
            self,
            form=AuthorizationDecisionForm(request.POST or None, initial=initial),
            record=lambda **data: authorizing.application_decide(
                application=application, reviewer=request.user, **data
            ),
            done_url=reverse("admin:providers_authorizationapplication_change", args=[pk]),
            title=_("Decide on %(application)s") % {"application": application},
            application=application,
            summary_template="admin/providers/application_summary.html",
            help=_(
                "Validity and scope apply to an authorization; by default the scope is what the provider asked for."
            ),
            subject=application,
            subject_url=reverse("admin:providers_authorizationapplication_change", args=[pk]),
        )


@admin.register(AuthorizationDecision)
class AuthorizationDecisionAdmin(ReadOnlyAdmin):
    list_display = ["decided_at", "provider", "outcome", "valid_from", "valid_until", "effective_from", "decided_by"]
    list_filter = ["outcome", "provider__kind"]
    search_fields = ["provider__legal_name_ka", "provider__legal_name_en", "provider__short_name"]
    list_select_related = ["provider", "decided_by"]
    readonly_fields = [
        "provider",
        "application",
        "authorization",
        "outcome",
        "reasons_ka",
        "reasons_en",
        "conditions_ka",
        "conditions_en",
        "scope",
        "valid_from",
        "valid_until",
        "effective_from",
        "decided_by",
        "decided_at",
    ]
    fields = readonly_fields
    change_form_template = "admin/providers/decision_change_form.html"

    @admin.display(description=_("scope"))
    def scope(self, obj):
        levels = ", ".join(str(level) for level in obj.levels.all())
        fields = format_html_join(", ", "{}", ((str(f),) for f in obj.fields_of_study.all()))
        return format_html("{}<br>{}", levels, fields) if levels else "—"

    def get_urls(self):
        return [
            path(
                "<int:pk>/change-status/",
                self.admin_site.admin_view(self.change_status_view),
                name="providers_decision_change_status",
            ),
            *super().get_urls(),
        ]

    def change_status_view(self, request, pk):
        access.require_center(request.user, "providers.add_authorizationdecision")
        authorization = get_object_or_404(
            AuthorizationDecision.objects.select_related("provider"), pk=pk, outcome=Outcome.AUTHORIZED
        )
        return decision_form_view(
            request,
            self,
            form=StatusChangeForm(request.POST or None, initial={"effective_from": timezone.localdate()}),
            record=lambda **data: authorizing.authorization_change(
                authorization=authorization, reviewer=request.user, **data
            ),
            done_url=reverse("admin:providers_authorizationdecision_change", args=[pk]),
            title=_("Suspend, reinstate or end: %(authorization)s") % {"authorization": authorization},
            subject=authorization,
            subject_url=reverse("admin:providers_authorizationdecision_change", args=[pk]),
        )


class IdentityChangeDecisionForm(DecisionForm):
    outcomes = [
        (IdentityChangeStatus.APPROVED, _("Approve the new identity")),
        (IdentityChangeStatus.REJECTED, _("Reject: keep the authorized identity")),
    ]


@admin.register(IdentityChangeRequest)
class IdentityChangeRequestAdmin(ReviewQueueAdminMixin, LocalizedHistoryAdmin):
    """The queue of authorized providers' requests to change their identity, oldest first."""

    reviewer_permission = "providers.change_identitychangerequest"
    pending_statuses = (IdentityChangeStatus.PENDING,)
    history_value_labels = dict(IdentityChangeStatus.choices)
    list_display = ["__str__", "status", "requested_at", "waiting_days", "requested_identity", "identification_code"]
    list_filter = ["status", "provider__kind"]
    search_fields = [
        "provider__legal_name_ka",
        "provider__legal_name_en",
        "provider__short_name",
        "provider__identification_code",
        "legal_name_ka",
        "legal_name_en",
        "identification_code",
    ]
    list_select_related = ["provider"]
    fields = [
        "provider",
        "status",
        "changes",
        *IDENTITY_FIELDS,
        "note",
        "requested_by",
        "requested_at",
        "reasons_ka",
        "reasons_en",
        "decided_by",
        "decided_at",
    ]
    readonly_fields = fields
    waiting_since = "requested_at"
    ordering = ["requested_at"]
    change_form_template = "admin/providers/identity_change_change_form.html"

    @admin.display(description=_("requested identity"))
    def requested_identity(self, obj):
        return format_html("{}<br>{}", obj.legal_name_ka, obj.legal_name_en)

    @admin.display(description=_("changes (authorized → requested)"))
    def changes(self, obj):
        if not obj.is_pending:
            return "—"
        return format_html_join(
            mark_safe("<br>"), "{}: {} → {}", ((label, old, new) for label, old, new in obj.changes())
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="providers_identitychange_decide",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk):
        self.reviewer_only(request)
        change = get_object_or_404(IdentityChangeRequest.objects.select_related("provider", "requested_by"), pk=pk)
        change_url = reverse("admin:providers_identitychangerequest_change", args=[pk])
        return decision_form_view(
            request,
            self,
            form=IdentityChangeDecisionForm(request.POST or None),
            record=lambda **data: identity_changes.identity_change_decide(change=change, reviewer=request.user, **data),
            done_url=change_url,
            title=_("Decide on %(change)s") % {"change": change},
            change=change,
            summary_template="admin/providers/identity_change_summary.html",
            help=_(
                "An approval applies the requested identity to the provider at once; "
                "a rejection keeps the authorized one."
            ),
            subject=change,
            subject_url=change_url,
        )
