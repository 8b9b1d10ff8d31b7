"""One way for NCEQE to record a decision in the admin: a form, a service that records it, the errors of the
service on the form's fields, and a message when it is done."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.admin_readonly import ReadOnlyAdminMixin
from apps.core.center import center_may, require_center
from apps.core.forms import show_errors
from apps.core.reasons import missing_reasons


def decision_form_view(
    request,
    model_admin,
    *,
    form,
    record,
    done_url,
    title: str,
    done_message=None,
    template: str = "admin/decision_form.html",
    **context,
):
    """Show `form` in `template`; on a valid POST call `record(**cleaned_data)`, say `done_message` and go to
    `done_url`. Either of the two may be a function of what `record` returned (a re-issue's new certificate)."""
    if request.method == "POST" and form.is_valid():
        try:
            result = record(**form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            message = done_message or _("The decision is recorded and the provider has been told.")
            model_admin.message_user(request, message(result) if callable(message) else message, messages.SUCCESS)
            return redirect(done_url(result) if callable(done_url) else done_url)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "opts": model_admin.model._meta,
        **context,
    }
    return TemplateResponse(request, template, context)


class ReviewStatusFilter(admin.SimpleListFilter):
    """The status filter of a review queue. Its first choice is what awaits review (the queue's
    `pending_statuses`; a queue with one such status needs no extra choice), where the queue opens, and it is
    the highlighted choice when it is what the list shows. "All" is a choice of its own (?status__exact=all),
    so that choosing it shows everything instead of opening the queue again."""

    title = gettext_lazy("status")
    parameter_name = "status__exact"  # the name Django's own status filter uses, so older links keep working
    AWAITING, ALL = "awaiting", "all"

    def lookups(self, request, model_admin):
        self.pending = tuple(model_admin.pending_statuses)
        awaiting = [] if len(self.pending) == 1 else [(self.AWAITING, gettext_lazy("awaiting review"))]
        return awaiting + list(model_admin.model._meta.get_field("status").flatchoices)

    @classmethod
    def default(cls, model_admin) -> str:
        pending = tuple(model_admin.pending_statuses)
        return pending[0] if len(pending) == 1 else cls.AWAITING

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.AWAITING:
            return queryset.filter(status__in=self.pending)
        if value and value != self.ALL:
            return queryset.filter(status=value)
        return queryset

    def choices(self, changelist):
        choices = super().choices(changelist)
        everything = next(choices)
        yield {
            **everything,
            "selected": self.value() in (None, self.ALL),
            "query_string": changelist.get_query_string({self.parameter_name: self.ALL}),
        }
        yield from choices


def awaiting_review_by_default(request, model_admin):
    """A review queue opens on what awaits review; any filter the reviewer picks (or "All") shows the rest."""
    if request.method == "GET" and not request.GET:
        default = ReviewStatusFilter.default(model_admin)
        return HttpResponseRedirect(f"{request.path}?{ReviewStatusFilter.parameter_name}={default}")
    return None


class DecisionForm(forms.Form):
    """A decision of the Center: its outcome, one of the subclass's `outcomes`, and its reasons in both languages,
    checked with the rest of the form so that every error shows at once. What else a decision sets follows
    these, unless the subclass orders its fields in `field_order`."""

    outcomes: list[tuple] = []  # (value, label)

    outcome = forms.ChoiceField(label=gettext_lazy("Decision"), widget=forms.RadioSelect)
    reasons_ka = forms.CharField(
        label=gettext_lazy("Reasons (Georgian)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    reasons_en = forms.CharField(
        label=gettext_lazy("Reasons (English)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = self.outcomes

    def clean(self):
        cleaned = super().clean()
        missing = missing_reasons(reasons_ka=cleaned.get("reasons_ka"), reasons_en=cleaned.get("reasons_en"))
        for field, message in missing.items():
            self.add_error(field, message)
        return cleaned


class ReviewQueueAdminMixin(ReadOnlyAdminMixin):
    """What NCEQE's review queues share: they open on pending work, show how long each item has waited,
    let a reviewer take an item up, and let only reviewers decide, through the decision form; nobody edits an
    item in the admin. A subclass names the permission that makes a reviewer and the service that takes an
    item up."""

    reviewer_permission = ""
    pending_statuses = ("submitted", "under_review")
    waiting_since = "submitted_at"  # when the item joined the queue

    def start_review(self, obj, reviewer):  # pragma: no cover - each queue names its own service
        raise NotImplementedError

    def changelist_view(self, request, extra_context=None):
        return awaiting_review_by_default(request, self) or super().changelist_view(request, extra_context)

    def get_list_filter(self, request):
        return [ReviewStatusFilter if name == "status" else name for name in super().get_list_filter(request)]

    def is_reviewer(self, request) -> bool:
        return center_may(request.user, self.reviewer_permission)

    def reviewer_only(self, request) -> None:
        require_center(request.user, self.reviewer_permission)

    @admin.display(description=gettext_lazy("days waiting"))
    def waiting_days(self, obj):
        since = getattr(obj, self.waiting_since)
        if obj.status in self.pending_statuses and since:
            return (timezone.now() - since).days
        return "—"

    def start_review_view(self, request, pk):
        self.reviewer_only(request)
        obj = get_object_or_404(self.model, pk=pk)
        if request.method == "POST":
            try:
                self.start_review(obj, request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, _("You have taken up this item for review."), messages.SUCCESS)
        opts = self.model._meta
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", pk)
