"""Certificates in the provider area (/provider/<id>/offerings/<id>/credentials/…), the learner's own
(/learner/credentials/…), and the signed PDF at /credentials/<code>.pdf."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from apps.core.forms import show_errors
from apps.core.ratelimit import rate_limited
from apps.enrolments.selectors import offering_for_staff
from apps.providers import access

from . import bulk_issuing, issuing, preparation_queue, revocation, selectors
from .forms import CredentialFilterForm, ReasonForm, RevokeForm, SignatoryFormSet, VisibilityForm
from .models import Credential
from .sharing import credential_set_visibility, may_download
from .signatories import signatories_save

# The PDF and the Open Badges files of a credential count together, per client address.
credential_file_limit = rate_limited("credential-files", "CREDENTIAL_FILE_RATE_LIMIT")


def _area(request, provider, **extra):
    return {
        "provider": provider,
        "role": access.role_of(request.user, provider),
        "tab": "offerings",
        **extra,
    }


@login_required
def offering_credentials(request, provider_id, offering_id):
    offering = offering_for_staff(user=request.user, provider_id=provider_id, offering_id=offering_id)
    provider = offering.version.programme.provider
    filters = CredentialFilterForm(request.GET or None)
    status = search = ""
    if filters.is_valid():
        status, search = filters.cleaned_data["status"], filters.cleaned_data["q"]
    credentials = selectors.credentials_of_offering(offering, status=status, search=search)
    awaiting = list(selectors.passed_without_credential(offering))
    batch = offering.issuance_batches.order_by("-created_at").first()
    return render(
        request,
        "certificates/offering_credentials.html",
        _area(
            request,
            provider,
            offering=offering,
            credentials=credentials,
            awaiting=awaiting,
            filters=filters,
            batch=batch,
            batch_progress=issuing.batch_progress(batch) if batch else None,
        ),
    )


@login_required
@require_POST
def issue_one(request, provider_id, offering_id, enrolment_id):
    offering = offering_for_staff(
        user=request.user, provider_id=provider_id, offering_id=offering_id, capability=access.Capability.ISSUE
    )
    enrolment = get_object_or_404(offering.enrolments, pk=enrolment_id)
    try:
        credential = issuing.credential_issue(enrolment=enrolment, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The certificate of %(name)s is being prepared (code %(code)s).")
            % {"name": enrolment.learner.get_full_name(), "code": credential.code},
        )
    return redirect("certificates:offering", provider_id, offering_id)


@login_required
@require_POST
def issue_bulk(request, provider_id, offering_id):
    offering = offering_for_staff(
        user=request.user, provider_id=provider_id, offering_id=offering_id, capability=access.Capability.ISSUE
    )
    try:
        batch = bulk_issuing.offering_bulk_issue(offering=offering, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("certificates:offering", provider_id, offering_id)
    return redirect("certificates:batch", provider_id, batch.pk)


@login_required
@never_cache
def batch(request, provider_id, batch_id):
    provider = access.provider_for(user=request.user, provider_id=provider_id)
    batch = selectors.batch_of_provider(provider=provider, batch_id=batch_id)
    progress = issuing.batch_progress(batch)
    if request.headers.get("Accept", "").startswith("application/json") or request.GET.get("format") == "json":
        return JsonResponse(progress)
    return render(
        request,
        "certificates/batch.html",
        _area(request, provider, batch=batch, offering=batch.offering, progress=progress),
    )


def _credential_action(request, provider_id, code, *, service, done: str, template_title: str, form_class=ReasonForm):
    provider = access.provider_for(user=request.user, provider_id=provider_id, capability=access.Capability.ISSUE)
    credential = selectors.credential_of_provider(provider=provider, code=code)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = service(credential=credential, acting_user=request.user, **form.service_arguments())
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, done % {"code": result.code})
            return redirect("certificates:offering", provider_id, credential.offering_id)
    return render(
        request,
        "certificates/credential_action.html",
        _area(request, provider, credential=credential, form=form, title=template_title),
    )


@login_required
def revoke(request, provider_id, code):
    return _credential_action(
        request,
        provider_id,
        code,
        service=revocation.credential_revoke,
        form_class=RevokeForm,
        done=_("Certificate %(code)s is revoked; the learner has been told."),
        template_title=_("Revoke a certificate"),
    )


@login_required
def reissue(request, provider_id, code):
    return _credential_action(
        request,
        provider_id,
        code,
        service=revocation.credential_reissue,
        done=_("The corrected certificate is being prepared under the new code %(code)s."),
        template_title=_("Re-issue a certificate with corrections"),
    )


@login_required
@require_POST
def retry(request, provider_id, code):
    provider = access.provider_for(user=request.user, provider_id=provider_id, capability=access.Capability.ISSUE)
    credential = selectors.credential_of_provider(provider=provider, code=code)
    try:
        preparation_queue.credential_retry(credential=credential, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Certificate %(code)s is queued again.") % {"code": code})
    return redirect("certificates:offering", provider_id, credential.offering_id)


@login_required
def signatories(request, provider_id):
    provider = access.provider_for(user=request.user, provider_id=provider_id, capability=access.Capability.MANAGE)
    formset = SignatoryFormSet(request.POST or None, request.FILES or None, instance=provider)
    if request.method == "POST" and formset.is_valid():
        signatories_save(provider=provider, acting_user=request.user, formset=formset)
        messages.success(request, _("The signatories are saved. New certificates show them."))
        return redirect("certificates:signatories", provider_id)
    return render(
        request, "certificates/signatories.html", {**_area(request, provider, formset=formset), "tab": "signatories"}
    )


# --- The learner's own -------------------------------------------------------------------------------------


@login_required
@require_POST
def visibility(request, code):
    credential = get_object_or_404(Credential, code=code, learner=request.user)
    form = VisibilityForm(request.POST)
    if form.is_valid():
        credential_set_visibility(credential=credential, learner=request.user, **form.flags())
        messages.success(request, _("Your choice is saved."))
    else:
        messages.error(request, " ".join(form.errors.get("share", [])))
    return redirect("learner:home")


# --- The PDF ---------------------------------------------------------------------------------------------


@never_cache
@credential_file_limit
def pdf(request, code):
    credential = Credential.objects.filter(code=code).first()
    if credential is None or not may_download(request.user, credential):
        role = access.role_of(request.user, credential.provider_id) if credential else None
        if credential and credential.pdf and role and role not in access.roles_for(access.Capability.ISSUE):
            raise PermissionDenied  # the provider's own staff know it exists; its issuers alone hold the file
        raise Http404  # no such file, none yet, or one that nobody lets this person see
    response = FileResponse(credential.pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="microcredential-{credential.code}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
