"""Offerings and enrolments: the provider's pages (/provider/<id>/offerings/…) and the learner's (/learner/)."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from apps.core.forms import show_errors
from apps.programmes.models import Status
from apps.programmes.selectors import version_for_member
from apps.providers import access

from . import csv_import, selectors, services
from .forms import CsvUploadForm, EnrolForm, InvitationSignupForm, OfferingForm, StaffEnrolForm
from .models import Enrolment, EnrolmentInvitation, EnrolmentStatus, InvitationStatus, Offering


def _area(request, provider, **extra):
    return {
        "provider": provider,
        "role": access.role_of(request.user, provider),
        "tab": "programmes",
        **extra,
    }


@login_required
def offering_new(request, provider_id, programme_id, number):
    version = version_for_member(
        user=request.user,
        provider_id=provider_id,
        programme_id=programme_id,
        number=number,
        capability=access.Capability.RUN,
    )
    if version.status != Status.PUBLISHED:
        raise Http404
    form = OfferingForm(
        request.POST or None, initial={"language": "ka", "participation_mode": version.participation_mode}
    )
    if request.method == "POST" and form.is_valid():
        try:
            offering = services.offering_create(version=version, acting_user=request.user, data=form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The offering is created."))
            return redirect("enrolments:offering", provider_id, offering.pk)
    return render(
        request, "enrolments/offering_form.html", _area(request, version.programme.provider, form=form, version=version)
    )


@login_required
def offering_detail(request, provider_id, offering_id):
    offering = selectors.offering_for_staff(user=request.user, provider_id=provider_id, offering_id=offering_id)
    provider = offering.version.programme.provider
    form = StaffEnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        funding = data.pop("funding_source")
        try:
            services.enrolment_invite(offering=offering, acting_user=request.user, person=data, funding_source=funding)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("An invitation is sent to %(email)s. They are enrolled once they accept it.")
                % {"email": data["email"].strip().lower()},
            )
            return redirect("enrolments:offering", provider_id, offering.pk)
    enrolments = offering.enrolments.select_related("learner").order_by("status", "learner__last_name_en")
    invitations = selectors.invitations_awaiting(offering)
    return render(
        request,
        "enrolments/offering.html",
        _area(request, provider, offering=offering, enrolments=enrolments, invitations=invitations, form=form),
    )


@login_required
@require_POST
def invitation_withdraw(request, provider_id, offering_id, invitation_id):
    offering = selectors.offering_for_staff(
        user=request.user, provider_id=provider_id, offering_id=offering_id, capability=access.Capability.RUN
    )
    invitation = get_object_or_404(offering.invitations, pk=invitation_id)
    try:
        services.enrolment_invitation_withdraw(invitation=invitation, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email})
    return redirect("enrolments:offering", provider_id, offering.pk)


@login_required
def offering_import(request, provider_id, offering_id):
    """CSV enrolment: a preview with every row's problems first; then all rows in one transaction, or none."""
    offering = selectors.offering_for_staff(
        user=request.user, provider_id=provider_id, offering_id=offering_id, capability=access.Capability.RUN
    )
    form = CsvUploadForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and "confirm" in request.POST:
        try:
            count = csv_import.commit(
                offering=offering, acting_user=request.user, token=request.POST["confirm"], session=request.session
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s invitation is sent. Learners are enrolled once they accept.",
                    "%(count)s invitations are sent. Learners are enrolled once they accept.",
                    count,
                )
                % {"count": count},
            )
            return redirect("enrolments:offering", provider_id, offering.pk)
    elif request.method == "POST" and form.is_valid():
        try:
            preview = csv_import.preview(offering=offering, upload=form.cleaned_data["file"], session=request.session)
        except ValidationError as error:
            form.add_error("file", error.messages)
    provider = offering.version.programme.provider
    return render(
        request, "enrolments/import.html", _area(request, provider, offering=offering, form=form, preview=preview)
    )


def csv_template(request):
    response = HttpResponse(csv_import.template(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="microcred-enrolments-template.csv"'
    return response


@login_required
def offering_export(request, provider_id, offering_id):
    offering = selectors.offering_for_staff(
        user=request.user, provider_id=provider_id, offering_id=offering_id, capability=access.Capability.RUN
    )
    response = HttpResponse(csv_import.export(offering), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="offering-{offering.pk}-enrolments.csv"'
    return response


# --- The learner's side ----------------------------------------------------------------------------------


@login_required
def learner_home(request):
    from apps.assessments.services import evaluation
    from apps.certificates.selectors import learner_enrolments_with_credentials
    from apps.certificates.services import verify_url
    from apps.certificates.views import linkedin_url

    rows = []
    for enrolment in learner_enrolments_with_credentials(selectors.learner_enrolments(request.user)):
        final = enrolment.offering.results_finalised_at is not None
        components = list(enrolment.offering.version.components.all())
        credential = enrolment.live_credentials[0] if enrolment.live_credentials else None
        rows.append(
            {
                "enrolment": enrolment,
                "final": final,
                "outcome": evaluation(enrolment, components) if final else None,
                "results": enrolment.results.all() if final else [],
                "credential": credential,
                "share_url": verify_url(credential.code) if credential else "",
                "linkedin_url": linkedin_url(credential) if credential and credential.is_valid else "",
            }
        )
    invitations = selectors.invitations_for(request.user)
    return render(request, "enrolments/learner_home.html", {"rows": rows, "invitations": invitations})


def invitation(request, token):
    """The link in an invitation's e-mail: accept or decline, signed in as the addressee, or, for someone with no
    account yet, sign up and accept at once (the link confirms the address) or decline."""
    invitation = get_object_or_404(
        EnrolmentInvitation.objects.select_related("offering__version__programme__provider"), token=token
    )
    if invitation.status != InvitationStatus.OPEN or invitation.offering.results_finalised_at:
        return render(request, "enrolments/invitation_closed.html", {"invitation": invitation}, status=410)
    has_account = get_user_model().objects.filter(email__iexact=invitation.email).exists()
    addressee = request.user.is_authenticated and request.user.email.lower() == invitation.email
    initial = {field: getattr(invitation, field) for field in services.PERSON_FIELDS}
    form = None
    if not has_account:
        form = InvitationSignupForm(
            request.POST if request.POST.get("answer") == "accept" else None,
            initial={**initial, "preferred_language": invitation.language},
        )
    if request.method == "POST":
        answer = request.POST.get("answer")
        try:
            if answer == "decline" and (addressee or not has_account):
                services.enrolment_invitation_decline(
                    invitation=invitation, acting_user=request.user if addressee else None
                )
                messages.success(request, _("You have declined the invitation."))
                return redirect("learner:home" if addressee else "core:home")
            if answer == "accept" and addressee:
                enrolment = services.enrolment_invitation_accept(invitation=invitation, learner=request.user)
                return _accepted(request, enrolment)
            if answer == "accept" and form is not None and form.is_valid():
                data = dict(form.cleaned_data)
                password = data.pop("password")
                data.pop("accept_privacy")
                user, enrolment = services.enrolment_invitation_accept_with_new_account(
                    invitation=invitation, profile=data, password=password
                )
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return _accepted(request, enrolment)
            if answer not in ("accept", "decline"):
                messages.error(request, _("Choose whether to accept or decline the invitation."))
        except ValidationError as error:
            if form is not None and hasattr(error, "error_dict"):
                show_errors(form, error)
            else:
                messages.error(request, " ".join(error.messages))
    context = {"invitation": invitation, "form": form, "has_account": has_account, "addressee": addressee}
    return render(request, "enrolments/invitation.html", context)


def _accepted(request, enrolment):
    if enrolment.status == EnrolmentStatus.WAITLISTED:
        messages.success(request, _("The offering is full: you are on its waiting list."))
    else:
        messages.success(request, _("You are enrolled."))
    return redirect("learner:home")


@login_required
@require_POST
def enrol(request, offering_id):
    offering = get_object_or_404(
        Offering.objects.select_related("version__programme"), pk=offering_id, version__status=Status.PUBLISHED
    )
    form = EnrolForm(request.POST, offering=offering)
    if not form.is_valid():
        messages.error(request, _("Choose how your participation is funded."))
        return redirect("registry:programme", offering.version.programme_id)
    try:
        enrolment = services.enrol_self(
            offering=offering, learner=request.user, funding_source=form.cleaned_data["funding_source"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("registry:programme", offering.version.programme_id)
    if enrolment.status == "waitlisted":
        messages.success(request, _("The offering is full: you are on its waiting list."))
    else:
        messages.success(request, _("You are enrolled."))
    return redirect("learner:home")


@login_required
@require_POST
def withdraw(request, enrolment_id):
    enrolment = get_object_or_404(Enrolment, pk=enrolment_id, learner=request.user)
    try:
        services.enrolment_withdraw(enrolment=enrolment, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You have withdrawn."))
    return redirect("learner:home")
