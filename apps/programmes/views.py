"""Authoring micro-credential programmes in the provider area (/provider/<id>/programmes/…)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.forms import show_errors
from apps.providers import access

from . import selectors, services
from .forms import ComponentFormSet, NewProgrammeForm, OutcomeFormSet, VersionForm, kept_in_order
from .rules import ects_bounds_message, version_problems

EDITORS = access.roles_for(access.Capability.AUTHOR)


def _context(request, provider, **extra):
    role = access.role_of(request.user, provider)
    return {"provider": provider, "role": role, "tab": "programmes", "can_edit": role in EDITORS, **extra}


@login_required
def programme_list(request, provider_id):
    capability = access.Capability.AUTHOR if request.method == "POST" else access.Capability.VIEW
    provider = access.provider_for(user=request.user, provider_id=provider_id, capability=capability)
    form = NewProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.programme_create(
                provider=provider, acting_user=request.user, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error.message_dict.get("code", error.messages))
        else:
            return redirect("programmes:version", provider.pk, version.programme_id, version.number)
    context = _context(request, provider, programmes=selectors.programmes_of(provider), form=form)
    return render(request, "programmes/list.html", context)


def _outcome_choices(outcome_formset):
    """The outcomes a component may assess: the rows of the outcome formset, by key, numbered as shown."""
    choices = []
    for number, form in enumerate(_shown_rows(outcome_formset), start=1):
        key = form.data.get(f"{form.prefix}-key") if form.is_bound else form.initial.get("key")
        choices.append((key, str(number)))
    return choices


def _formsets(version, data=None):
    if data is None:
        outcomes = OutcomeFormSet(
            prefix="outcomes",
            initial=[
                {"key": str(o.pk), "text_ka": o.text_ka, "text_en": o.text_en, "esco_uri": o.esco_uri, "ORDER": o.order}
                for o in version.outcomes.all()
            ],
        )
        components = ComponentFormSet(
            prefix="components",
            initial=[
                {
                    "name_ka": c.name_ka,
                    "name_en": c.name_en,
                    "weight": c.weight,
                    "pass_mark": c.pass_mark,
                    "outcomes": [str(o.pk) for o in c.outcomes.all()],
                    "ORDER": c.order,
                }
                for c in version.components.all()
            ],
            form_kwargs={"outcome_choices": [(str(o.pk), str(o.order)) for o in version.outcomes.all()]},
        )
        return outcomes, components
    outcomes = OutcomeFormSet(data, prefix="outcomes")
    components = ComponentFormSet(
        data, prefix="components", form_kwargs={"outcome_choices": _outcome_choices(outcomes)}
    )
    return outcomes, components


def _save(request, version, form, outcomes, components) -> bool:
    """Save the draft as typed, or put what is wrong on the fields. Nothing is saved unless all of it is valid."""
    if not (form.is_valid() & outcomes.is_valid() & components.is_valid()):
        return False
    try:
        with transaction.atomic():
            services.version_save(
                version=version,
                acting_user=request.user,
                data=form.cleaned_data,
                outcomes=kept_in_order(outcomes),
                components=kept_in_order(components),
            )
    except ValidationError as error:
        show_errors(form, error)
        return False
    return True


def _submit(request, version, form) -> dict[str, list[str]] | None:
    """Submit the saved draft; on refusal, the rules it does not meet go on the fields they are about, and the
    problems of a whole section (learning outcomes, components) are returned to be shown at that section."""
    try:
        services.version_submit(version=version, acting_user=request.user)
    except ValidationError as error:
        problems = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
        sections = {field: problems.pop(field) for field in SECTIONS if field in problems}
        show_errors(form, ValidationError(problems))
        return sections
    return None


@login_required
def version_detail(request, provider_id, programme_id, number):
    capability = access.Capability.AUTHOR if request.method == "POST" else access.Capability.VIEW
    version = selectors.version_for_member(
        user=request.user, provider_id=provider_id, programme_id=programme_id, number=number, capability=capability
    )
    provider = version.programme.provider
    role = access.role_of(request.user, provider)
    editing = version.is_editable and role in EDITORS
    form = VersionForm(request.POST or None, instance=version, provider=provider) if editing else None
    outcomes, components = (
        _formsets(version, request.POST if request.method == "POST" else None) if editing else (None, None)
    )
    sections: dict[str, list[str]] = {}
    # Whether the page shows what the author typed rather than what is saved (the browser warns before leaving).
    unsaved = False
    submitted = request.method == "POST" and request.POST.get("action") == "submit"
    if request.method == "POST" and editing:
        # Submit sends what the author sees: the draft is saved first, so nothing typed is ever thrown away.
        unsaved = not _save(request, version, form, outcomes, components)
        if not unsaved and not submitted:
            messages.success(request, _("The draft is saved."))
            return redirect("programmes:version", provider.pk, programme_id, number)
        if not unsaved:
            version.refresh_from_db()
            sections = _submit(request, version, form)
            if sections is None:
                messages.success(request, _("Your changes are saved and the version is submitted to NCEQE for review."))
                return redirect("programmes:version", provider.pk, programme_id, number)
    failed = request.method == "POST" and editing
    context = _context(
        request,
        provider,
        version=version,
        form=form,
        outcomes=outcomes,
        components=components,
        sections=sections,
        error_summary=_error_summary(form, outcomes, components, sections) if failed else [],
        # Failed: nothing was saved (unsaved), or the draft was saved and not submitted.
        failed=("save" if unsaved else "submit") if failed else "",
        unsaved=unsaved,
        # After a failed save or submission the errors are on the fields; the checklist speaks of what is saved.
        problems=_labelled(version_problems(version), form) if version.is_editable and not failed else [],
        reviews=version.reviews.order_by("-decided_at"),
        versions=version.programme.versions.order_by("-number"),
        hours_per_ects=settings.HOURS_PER_ECTS,
        workload_tolerance=settings.WORKLOAD_TOLERANCE_PERCENT,
        min_ects=f"{settings.MICROCREDENTIAL_MIN_ECTS:g}",
        max_ects=f"{settings.MICROCREDENTIAL_MAX_ECTS:g}",
        ects_message=ects_bounds_message(),
    )
    return render(request, "programmes/version.html", context)


SECTIONS = {"outcomes": "outcomes-heading", "components": "components-heading"}


def _error_summary(form, outcomes, components, sections) -> list[tuple[str, str, str]]:
    """Every error on the page as (id of the element it is shown at, what it is about, message), in page order,
    for the summary above the form that links to each."""
    summary = [("programme-editor", "", message) for message in form.non_field_errors()]
    summary += [
        (form[name].auto_id, form[name].label, message) for name in form.fields for message in form.errors.get(name, [])
    ]
    section_names = {"outcomes": _("Learning outcome %(number)s"), "components": _("Assessment component %(number)s")}
    for name, formset in (("outcomes", outcomes), ("components", components)):
        summary += [(SECTIONS[name], "", message) for message in sections.get(name, [])]
        summary += [(SECTIONS[name], "", message) for message in formset.non_form_errors()]
        for number, row in enumerate(_shown_rows(formset), start=1):
            summary += [
                (
                    row[field].auto_id if field in row.fields else SECTIONS[name],
                    f"{section_names[name] % {'number': number}}: {row[field].label}" if field in row.fields else "",
                    message,
                )
                for field, messages in row.errors.items()
                for message in messages
            ]
    return summary


def _shown_rows(formset):
    """The rows the page shows, in the order it shows them (removed rows stay in the page, hidden)."""
    removed = forms.BooleanField(required=False).to_python
    return [f for f in formset.forms if not removed(f.data.get(f"{f.prefix}-DELETE"))]


def _labelled(problems: dict, form) -> list[tuple[str, str, str]]:
    """Each problem that stops a submission, with the id of what it is about and its name, for the checklist."""
    sections = {"outcomes": _("Learning outcomes"), "components": _("Assessment components")}
    return [
        (
            form[field].auto_id if form and field in form.fields else SECTIONS.get(field, ""),
            form[field].label if form and field in form.fields else sections.get(field, ""),
            message,
        )
        for field, messages in problems.items()
        for message in messages
    ]


def _action(service, success: str, needs_programme: bool = False):
    @login_required
    @require_POST
    def view(request, provider_id, programme_id, number):
        version = selectors.version_for_member(
            user=request.user,
            provider_id=provider_id,
            programme_id=programme_id,
            number=number,
            capability=access.Capability.AUTHOR,
        )
        try:
            if needs_programme:
                result = service(programme=version.programme, acting_user=request.user)
            else:
                result = service(version=version, acting_user=request.user)
        except ValidationError as error:
            for field_errors in error.message_dict.values() if hasattr(error, "error_dict") else [error.messages]:
                for message in field_errors:
                    messages.error(request, message)
            return redirect("programmes:version", provider_id, programme_id, number)
        messages.success(request, success)
        return redirect("programmes:version", provider_id, programme_id, result.number)

    return view


submit = _action(services.version_submit, _("Submitted to NCEQE for review."))
withdraw = _action(services.version_withdraw, _("The submission is withdrawn; the version is a draft again."))
publish = _action(services.version_publish, _("Published in the catalogue."))
archive = _action(services.version_archive, _("Archived: the programme is no longer in the catalogue."))
new_version = _action(services.version_new, _("A new version is started as a draft."), needs_programme=True)


@login_required
def preview(request, provider_id, programme_id, number):
    version = selectors.version_for_member(
        user=request.user, provider_id=provider_id, programme_id=programme_id, number=number
    )
    return render(request, "registry/programme_detail.html", {"version": version, "preview": True, "pinned": True})


@login_required
def specimen(request, provider_id, programme_id, number):
    """What the certificate will carry, marked as a specimen (the signed PDF arrives with certificates)."""
    version = selectors.version_for_member(
        user=request.user, provider_id=provider_id, programme_id=programme_id, number=number
    )
    return render(request, "programmes/specimen.html", {"version": version})
