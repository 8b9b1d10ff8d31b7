"""Credentials in the admin: NCEQE sees every one, can revoke or re-issue with a reason, and retries a
preparation that failed. Signing identities are shown, never edited here (the signing_* commands manage them)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.admin_decisions import decision_form_view
from apps.core.admin_readonly import ReadOnlyAdmin

from . import issuing, permissions, preparation_queue, revocation
from .forms import ReasonForm, RevokeForm
from .models import EXPIRED, FAILING, Credential, CredentialStatus, IssuanceBatch, Signatory, SigningIdentity


class PreparationFilter(admin.SimpleListFilter):
    title = _("preparation")
    parameter_name = "preparation"

    def lookups(self, request, model_admin):
        return [(FAILING, _("Preparation failed")), (EXPIRED, _("Expired"))]

    def queryset(self, request, queryset):
        if self.value() in (FAILING, EXPIRED):
            return queryset.with_status(self.value())
        return queryset


@admin.register(Credential)
class CredentialAdmin(ReadOnlyAdmin):
    list_display = ["code", "learner_name", "provider", "status_now", "issued_at", "expires_at", "signed_by"]
    list_filter = ["status", PreparationFilter, "provider"]
    search_fields = ["code", "learner__email", "learner__last_name_en", "learner__last_name_ka"]
    list_select_related = ["learner", "provider", "signed_by"]
    date_hierarchy = "issued_at"
    actions = ["retry_preparation"]
    change_form_template = "admin/certificates/credential_change_form.html"
    exclude = ["snapshot"]
    readonly_fields = ["certified_content"]

    @admin.display(description=_("learner"), ordering="learner__last_name_en")
    def learner_name(self, obj):
        return obj.learner.get_full_name()

    @admin.display(description=_("status"), ordering="status")
    def status_now(self, obj):
        return obj.effective_status_label

    @admin.display(description=_("certified content"))
    def certified_content(self, obj):
        s = obj.snapshot
        return format_html(
            "{} / {}<br>{} / {}<br>{} {} · {} {}",
            s["learner"]["first_name_ka"] + " " + s["learner"]["last_name_ka"],
            s["learner"]["first_name_en"] + " " + s["learner"]["last_name_en"],
            s["title"]["ka"],
            s["title"]["en"],
            s["grade"]["letter"],
            s["grade"]["total"],
            s["ects"],
            "ECTS",
        )

    @admin.action(description=_("Try preparing the selected certificates again"))
    def retry_preparation(self, request, queryset):
        count = 0
        for credential in queryset.filter(status=CredentialStatus.PENDING):
            preparation_queue.credential_retry(credential=credential, acting_user=request.user)
            count += 1
        self.message_user(request, gettext("%(count)s certificates are queued again.") % {"count": count})

    def get_urls(self):
        return [
            path(
                "<int:pk>/revoke/", self.admin_site.admin_view(self.revoke_view), name="certificates_credential_revoke"
            ),
            path(
                "<int:pk>/reissue/",
                self.admin_site.admin_view(self.reissue_view),
                name="certificates_credential_reissue",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "may_revoke": permissions.is_nceqe(request.user)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _action_view(self, request, pk, *, service, title, done, form_class=ReasonForm):
        if not permissions.is_nceqe(request.user):
            raise PermissionDenied
        credential = get_object_or_404(self.get_queryset(request), pk=pk)
        return decision_form_view(
            request,
            self,
            form=form_class(request.POST or None),
            record=lambda **data: service(credential=credential, acting_user=request.user, **data),
            done_url=lambda result: reverse("admin:certificates_credential_change", args=[result.pk]),
            done_message=lambda result: done % {"code": result.code},
            title=title,
            template="admin/certificates/credential_action.html",
            credential=credential,
            subject_url=reverse("admin:certificates_credential_change", args=[pk]),
        )

    def revoke_view(self, request, pk):
        return self._action_view(
            request,
            pk,
            service=revocation.credential_revoke,
            form_class=RevokeForm,
            title=gettext("Revoke a certificate"),
            done=gettext("Certificate %(code)s is revoked; the learner has been told."),
        )

    def reissue_view(self, request, pk):
        return self._action_view(
            request,
            pk,
            service=revocation.credential_reissue,
            title=gettext("Re-issue a certificate with corrections"),
            done=gettext("The corrected certificate is being prepared under the new code %(code)s."),
        )


@admin.register(SigningIdentity)
class SigningIdentityAdmin(ReadOnlyAdmin):
    list_display = [
        "name",
        "owner",
        "short_key_id",
        "trusted",
        "active",
        "valid_until",
        "compromised_at",
        "compromised_by",
    ]
    list_filter = ["active", "trusted", "provider"]
    list_select_related = ["provider", "compromised_by"]
    exclude = ["certificate_pem", "chain_pem"]

    @admin.display(description=_("owner"))
    def owner(self, obj):
        return obj.owner_label

    @admin.display(description=_("key id"))
    def short_key_id(self, obj):
        return obj.key_id[:16]


@admin.register(IssuanceBatch)
class IssuanceBatchAdmin(ReadOnlyAdmin):
    list_display = ["offering", "total", "progress", "created_by", "created_at"]
    list_select_related = ["offering__version", "created_by"]

    @admin.display(description=_("progress"))
    def progress(self, obj):
        p = issuing.batch_progress(obj)
        return f"{p['done']} / {p['total']}"


@admin.register(Signatory)
class SignatoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "provider", "order"]
    list_filter = ["provider"]
