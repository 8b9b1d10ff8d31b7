"""The provider area (/provider/…): HEI staff register their organisation, manage staff and apply to NCEQE.

Every view finds its objects through the member's own providers, so another provider's object is a 404."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.forms import show_errors

from . import access, authorizing, memberships, selectors, services
from .forms import ApplicationForm, DocumentForm, InvitationForm, NewAccountForm, ProviderDetailsForm, ProviderForm
from .models import ApplicationDocument, Invitation, ProviderMembership, Role


def _area(request, provider, tab: str, **context) -> dict:
    """What every page of one provider's area needs: the provider, the member's role, the current tab."""
    role = getattr(provider, "role", None) or access.role_of(request.user, provider)
    return {"provider": provider, "role": role, "role_label": Role(role).label if role else "", "tab": tab, **context}


@login_required
def home(request):
    memberships = list(selectors.memberships_of(request.user))
    if len(memberships) == 1 and memberships[0].role == Role.ASSESSOR:
        # An assessor's work is the gradebooks: their landing in the provider area lists them.
        return redirect("enrolments:gradebooks", provider_id=memberships[0].provider_id)
    return render(request, "providers/home.html", {"memberships": memberships})


@login_required
def register(request):
    form = ProviderForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            provider = services.provider_register(acting_user=request.user, data=form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The organisation is registered. Next, apply to NCEQE for authorization."))
            return redirect("providers:dashboard", provider_id=provider.pk)
    return render(request, "providers/register.html", {"form": form})


@login_required
def dashboard(request, provider_id):
    provider = access.provider_for(user=request.user, provider_id=provider_id)
    standing = selectors.provider_standing(selectors.providers_with_authorizations().get(pk=provider.pk))
    context = _area(request, provider, "dashboard", standing=standing, decisions=selectors.decisions_of(provider)[:5])
    return render(request, "providers/dashboard.html", context)


@login_required
def edit(request, provider_id):
    provider = access.provider_for(user=request.user, provider_id=provider_id, capability=access.Capability.MANAGE)
    locked, pending = selectors.identity_is_locked(provider), selectors.pending_identity_change(provider)
    form = ProviderDetailsForm(
        request.POST or None, request.FILES or None, instance=provider, identity_locked=locked, pending=pending
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        note = data.pop("identity_note", "")
        try:
            change = services.provider_edit(provider=provider, acting_user=request.user, data=data, note=note)
        except ValidationError as error:
            show_errors(form, error)
        else:
            if change is None:
                messages.success(request, _("The organisation's details are saved."))
            else:
                messages.success(
                    request,
                    _(
                        "The details are saved. The change of the organisation's identity is sent to the Center; "
                        "until it decides, the authorized identity stands."
                    ),
                )
            return redirect("providers:edit" if change else "providers:dashboard", provider_id=provider.pk)
    context = _area(request, provider, "edit", form=form, identity_locked=locked, pending=pending)
    return render(request, "providers/edit.html", context)


@login_required
def staff(request, provider_id):
    provider = access.provider_for(user=request.user, provider_id=provider_id, capability=access.Capability.MANAGE)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            memberships.invitation_send(
                provider=provider,
                acting_user=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                language=get_language(),
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The invitation is on its way to %(email)s.") % form.cleaned_data)
            return redirect("providers:staff", provider_id=provider.pk)
    context = _area(
        request,
        provider,
        "staff",
        form=form,
        memberships=provider.memberships.select_related("user").order_by("role", "user__email"),
        invitations=[
            i for i in provider.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True) if i.is_open
        ],
    )
    return render(request, "providers/staff.html", context)


@login_required
@require_POST
def staff_remove(request, provider_id, membership_id):
    provider = access.provider_for(user=request.user, provider_id=provider_id, capability=access.Capability.MANAGE)
    membership = get_object_or_404(ProviderMembership, pk=membership_id, provider=provider)
    try:
        memberships.membership_remove(membership=membership, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(person)s no longer works for the organisation in the portal.") % {"person": membership.user}
        )
    return redirect("providers:staff", provider_id=provider.pk)


def invitation(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("provider"), token=token)
    if not invitation.is_open:
        return render(request, "providers/invitation_closed.html", {"invitation": invitation}, status=410)
    has_account = get_user_model().objects.filter(email__iexact=invitation.email).exists()
    form = NewAccountForm(request.POST or None) if not has_account else None
    if request.method == "POST":
        try:
            if has_account:
                if not request.user.is_authenticated:
                    return redirect(f"{_login_url()}?next={request.path}")
                memberships.invitation_accept(invitation=invitation, user=request.user)
            elif form.is_valid():
                data = dict(form.cleaned_data)
                password = data.pop("password")
                data.pop("accept_privacy")
                user, _membership = memberships.invitation_accept_with_new_account(
                    invitation=invitation, profile=data, password=password
                )
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            else:
                raise ValidationError("")
        except ValidationError as error:
            if form is not None and any(error.messages):
                show_errors(form, error)
            elif any(error.messages):
                messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Welcome to the staff of %(provider)s.") % {"provider": invitation.provider})
            return redirect("providers:dashboard", provider_id=invitation.provider_id)
    context = {"invitation": invitation, "form": form, "has_account": has_account}
    return render(request, "providers/invitation.html", context)


def _login_url():
    return reverse("account_login")


# --- Applications ------------------------------------------------------------------------------------------


@login_required
def applications(request, provider_id):
    provider = access.provider_for(user=request.user, provider_id=provider_id, capability=access.Capability.MANAGE)
    if request.method == "POST":
        application = authorizing.application_create(provider=provider, acting_user=request.user)
        return redirect("providers:application", provider_id=provider.pk, application_id=application.pk)
    context = _area(request, provider, "applications", applications=selectors.applications_of(provider))
    return render(request, "providers/applications.html", context)


@login_required
def application(request, provider_id, application_id):
    application = selectors.application_for_admin(
        user=request.user, provider_id=provider_id, application_id=application_id
    )
    initial = {
        "levels": list(application.levels.all()),
        "fields_of_study": list(application.fields_of_study.all()),
        "self_evaluation": application.self_evaluation,
    }
    form = ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            authorizing.application_update(application=application, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The application is saved."))
            return redirect("providers:application", provider_id=provider_id, application_id=application.pk)
    context = _area(
        request,
        application.provider,
        "applications",
        application=application,
        form=form,
        document_form=DocumentForm(),
        missing=authorizing.application_missing(application) if application.is_editable else [],
        decisions=application.decisions.prefetch_related("levels", "fields_of_study").order_by("-decided_at"),
    )
    return render(request, "providers/application.html", context)


@login_required
@require_POST
def application_document_add(request, provider_id, application_id):
    application = selectors.application_for_admin(
        user=request.user, provider_id=provider_id, application_id=application_id
    )
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            authorizing.application_add_document(
                application=application,
                acting_user=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The document is attached."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("providers:application", provider_id=provider_id, application_id=application.pk)


@login_required
@require_POST
def application_document_remove(request, provider_id, application_id, document_id):
    application = selectors.application_for_admin(
        user=request.user, provider_id=provider_id, application_id=application_id
    )
    document = get_object_or_404(application.documents, pk=document_id)
    try:
        authorizing.application_remove_document(document=document, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("providers:application", provider_id=provider_id, application_id=application.pk)


def _run_on_application(request, provider_id, application_id, service, success: str):
    """Apply a service to one of the member's applications, report the outcome, and go back to it."""
    application = selectors.application_for_admin(
        user=request.user, provider_id=provider_id, application_id=application_id
    )
    try:
        service(application=application, acting_user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("providers:application", provider_id=provider_id, application_id=application.pk)


@login_required
@require_POST
def application_submit(request, provider_id, application_id):
    return _run_on_application(
        request,
        provider_id,
        application_id,
        authorizing.application_submit,
        _("The application is submitted to NCEQE."),
    )


@login_required
@require_POST
def application_withdraw(request, provider_id, application_id):
    return _run_on_application(
        request, provider_id, application_id, authorizing.application_withdraw, _("The application is withdrawn.")
    )


@login_required
def document_download(request, document_id):
    """A supporting document, for the provider's administrators and for NCEQE reviewers only."""
    document = get_object_or_404(ApplicationDocument.objects.select_related("application"), pk=document_id)
    if not access.center_may(request.user, "providers.view_applicationdocument"):
        access.check(request.user, access.Capability.MANAGE, document.application.provider_id)
    response = FileResponse(document.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="document-{document.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def decisions(request, provider_id):
    provider = access.provider_for(user=request.user, provider_id=provider_id)
    context = _area(request, provider, "decisions", decisions=selectors.decisions_of(provider))
    return render(request, "providers/decisions.html", context)
