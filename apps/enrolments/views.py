"""Offerings and enrolments: the provider's pages (/provider/<id>/offerings/…), and enrolling, answering an
invitation and withdrawing, which the learner area (apps/learner) routes to under /learner/."""

from functools import partial

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from apps.core import csv_upload
from apps.core.forms import show_errors
from apps.programmes.models import Status
from apps.programmes.selectors import version_for_member
from apps.providers import access

from . import csv_import, selectors, services
from .forms import DateOfBirthForm, EnrolForm, InvitationSignupForm, OfferingForm, StaffEnrolForm
from .models import Enrolment, EnrolmentInvitation, EnrolmentStatus, InvitationStatus, Offering


def _area(request, provider, tab="offerings", **extra):
    return {
        "provider": provider,
        "role": getattr(provider, "role", None) or access.role_of(request.user, provider),
        "tab": tab,
        **extra,
    }


@login_required
def offering_list(request, provider_id):
    """The Offerings tab: every offering of the provider with its dates, where it stands and how many are enrolled."""
    provider = access.provider_for(user=request.user, provider_id=provider_id)
    context = _area(
        request,
        provider,
        offerings=selectors.with_phase_labels(selectors.provider_offerings(provider=provider)),
        can_assess=provider.role in access.roles_for(access.Capability.ASSESS),
    )
    return render(request, "enrolments/offerings.html", context)


@login_required
def gradebooks(request, provider_id):
    """An assessor's work list: the offerings whose results are not final, each one click from its gradebook."""
    provider = access.provider_for(user=request.user, provider_id=provider_id, capability=access.Capability.ASSESS)
    context = _area(
        request,
        provider,
        tab="gradebooks",
        offerings=selectors.with_phase_labels(selectors.gradebooks_of(provider=provider)),
    )
    return render(request, "enrolments/gradebooks.html", context)


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
        request,
        "enrolments/offering_form.html",
        _area(request, version.programme.provider, tab="programmes", form=form, version=version),
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
    form, preview, count = csv_upload.preview_or_commit(
        request,
        preview=partial(csv_import.preview, offering=offering),
        commit=partial(csv_import.commit, offering=offering, acting_user=request.user),
    )
    if count is not None:
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


# --- The learner's side (routed by apps/learner/urls.py) ------------------------------------------------


def invitation(request, token):
    """The link in an invitation's e-mail: accept or decline, signed in as the addressee, or, for someone with no
    account yet, sign up and accept in one step (the link confirms the address; the privacy notice is accepted on
    the way) or decline. Whoever accepts without a date of birth on record gives it here."""
    invitation = get_object_or_404(
        EnrolmentInvitation.objects.select_related("offering__version__programme__provider"), token=token
    )
    if invitation.status != InvitationStatus.OPEN or invitation.offering.results_finalised_at:
        return render(request, "enrolments/invitation_closed.html", {"invitation": invitation}, status=410)
    has_account = get_user_model().objects.filter(email__iexact=invitation.email).exists()
    addressee = request.user.is_authenticated and request.user.email.lower() == invitation.email
    initial = {field: getattr(invitation, field) for field in services.PERSON_FIELDS}
    answer = request.POST.get("answer") if request.method == "POST" else None
    form = None
    if not has_account:
        form = InvitationSignupForm(
            request.POST if answer == "accept" else None,
            initial={**initial, "preferred_language": invitation.language},
        )
    elif addressee and request.user.date_of_birth is None:
        # The one-click "accept" of the learner area does not ask: the page asks, with no error yet.
        asked = answer == "accept" and "date_of_birth" in request.POST
        form = DateOfBirthForm(request.POST if asked else None, initial={"date_of_birth": invitation.date_of_birth})
    if request.method == "POST":
        try:
            if answer == "decline" and (addressee or not has_account):
                services.enrolment_invitation_decline(
                    invitation=invitation, acting_user=request.user if addressee else None
                )
                messages.success(request, _("You have declined the invitation."))
                return redirect("learner:home" if addressee else "core:home")
            if answer == "accept" and addressee and (form is None or form.is_valid()):
                enrolment = services.enrolment_invitation_accept(
                    invitation=invitation,
                    learner=request.user,
                    date_of_birth=form.cleaned_data["date_of_birth"] if form is not None else None,
                )
                return _accepted(request, enrolment)
            if answer == "accept" and not has_account and form.is_valid():
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
def enrol(request, offering_id):
    """Self-enrolment. The catalogue's form posts here in one click; when the account has no date of birth yet
    (the certificate prints it), this page asks for it first, with the funding already chosen."""
    offering = get_object_or_404(
        Offering.objects.select_related("version__programme__provider"),
        pk=offering_id,
        version__status=Status.PUBLISHED,
    )
    back = redirect("registry:programme", offering.version.programme_id)
    ask = request.user.date_of_birth is None
    if request.method != "POST":
        if not ask:
            return back
        form = EnrolForm(offering=offering, ask_date_of_birth=True)
        return render(request, "enrolments/enrol.html", {"offering": offering, "form": form})
    form = EnrolForm(request.POST, offering=offering, ask_date_of_birth=ask)
    from_this_page = "date_of_birth" in request.POST
    if not form.is_valid():
        if "funding_source" in form.errors and not from_this_page:
            messages.error(request, _("Choose how your participation is funded."))
            return back
        if not from_this_page:  # from the catalogue: ask, with nothing said wrong yet
            form = EnrolForm(
                initial={"funding_source": form.cleaned_data.get("funding_source")},
                offering=offering,
                ask_date_of_birth=True,
            )
        return render(request, "enrolments/enrol.html", {"offering": offering, "form": form})
    try:
        enrolment = services.enrol_self(
            offering=offering,
            learner=request.user,
            funding_source=form.cleaned_data["funding_source"],
            date_of_birth=form.cleaned_data.get("date_of_birth"),
        )
    except ValidationError as error:
        if ask and "date_of_birth" in getattr(error, "error_dict", {}):
            show_errors(form, error)
            return render(request, "enrolments/enrol.html", {"offering": offering, "form": form})
        for message in error.messages:
            messages.error(request, message)
        return back
    return _accepted(request, enrolment)


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
