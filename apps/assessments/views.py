"""The gradebook of an offering (/provider/<id>/offerings/<id>/gradebook/): assessors type scores, provider
administrators and assessors finalise."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.enrolments.selectors import gradebook, offering_for_staff
from apps.providers.selectors import membership_role

from . import services
from .grading import grade_name


@login_required
def gradebook_view(request, provider_id, offering_id):
    offering = offering_for_staff(
        user=request.user, provider_id=provider_id, offering_id=offering_id, roles=services.ASSESSING_ROLES
    )
    problems = {}
    typed = {}
    if request.method == "POST":
        for name, value in request.POST.items():
            if name.startswith("score-"):
                _prefix, enrolment_id, component_id = name.split("-")
                typed[(int(enrolment_id), int(component_id))] = value
        try:
            problems = services.gradebook_save(offering=offering, assessor=request.user, scores=typed)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if problems:
                messages.error(request, _("Some scores were not saved: correct the marked cells."))
            else:
                messages.success(request, _("The scores are saved."))
                return redirect("assessments:gradebook", provider_id, offering_id)
    enrolments, components = gradebook(offering)
    rows = []
    for enrolment in enrolments:
        first = {r.component_id: r for r in enrolment.results.all() if r.attempt == 1}
        second = {r.component_id: r for r in enrolment.results.all() if r.attempt == 2}
        cells = []
        for component in components:
            key = (enrolment.pk, component.pk)
            value = typed.get(key, first[component.pk].score if component.pk in first else "")
            cells.append(
                {
                    "name": f"score-{enrolment.pk}-{component.pk}",
                    "value": value,
                    "problem": problems.get(key),
                    "resit": second.get(component.pk),
                }
            )
        outcome = services.evaluation(enrolment, components)
        rows.append(
            {
                "enrolment": enrolment,
                "cells": cells,
                "outcome": outcome,
                "grade_name": grade_name(outcome.grade) if outcome else "",
            }
        )
    context = {
        "provider": offering.version.programme.provider,
        "role": membership_role(user=request.user, provider=offering.version.programme.provider),
        "tab": "programmes",
        "offering": offering,
        "components": components,
        "rows": rows,
        "final": offering.results_finalised_at is not None,
    }
    return render(request, "assessments/gradebook.html", context)


@login_required
@require_POST
def finalise(request, provider_id, offering_id):
    offering = offering_for_staff(
        user=request.user, provider_id=provider_id, offering_id=offering_id, roles=services.ASSESSING_ROLES
    )
    try:
        counts = services.offering_finalise(offering=offering, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The results are final: %(completed)s completed, %(failed)s failed.") % counts)
    return redirect("assessments:gradebook", provider_id, offering_id)


@login_required
def scores_import(request, provider_id, offering_id):
    """Scores from a CSV file: a preview with every row's problems first; then all of them, or none."""
    from django.http import HttpResponse

    from apps.enrolments.forms import CsvUploadForm

    from . import csv_scores

    offering = offering_for_staff(
        user=request.user, provider_id=provider_id, offering_id=offering_id, roles=services.ASSESSING_ROLES
    )
    if request.GET.get("template"):
        response = HttpResponse(csv_scores.template(offering), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="offering-{offering.pk}-scores.csv"'
        return response
    form = CsvUploadForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and "confirm" in request.POST:
        try:
            count = csv_scores.commit(
                offering=offering, assessor=request.user, token=request.POST["confirm"], session=request.session
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(count)s scores are saved.") % {"count": count})
            return redirect("assessments:gradebook", provider_id, offering_id)
    elif request.method == "POST" and form.is_valid():
        try:
            preview = csv_scores.preview(offering=offering, upload=form.cleaned_data["file"], session=request.session)
        except ValidationError as error:
            form.add_error("file", error.messages)
    provider = offering.version.programme.provider
    context = {
        "provider": provider,
        "role": membership_role(user=request.user, provider=provider),
        "tab": "programmes",
        "offering": offering,
        "form": form,
        "preview": preview,
    }
    return render(request, "assessments/scores_import.html", context)


@login_required
@require_POST
def correct(request, provider_id, offering_id):
    """A change to a final score (with its reason), or the one re-sit of an FX learner."""
    from django.shortcuts import get_object_or_404

    from apps.enrolments.models import Enrolment
    from apps.programmes.models import AssessmentComponent

    offering = offering_for_staff(
        user=request.user, provider_id=provider_id, offering_id=offering_id, roles=services.ASSESSING_ROLES
    )
    enrolment = get_object_or_404(Enrolment, pk=request.POST.get("enrolment"), offering=offering)
    component = get_object_or_404(AssessmentComponent, pk=request.POST.get("component"), version=offering.version)
    try:
        if request.POST.get("kind") == "resit":
            services.resit_record(
                enrolment=enrolment, component=component, acting_user=request.user, score=request.POST.get("score")
            )
        else:
            result = get_object_or_404(enrolment.results, component=component, attempt=1)
            services.result_correct(
                result=result,
                acting_user=request.user,
                score=request.POST.get("score"),
                reason=request.POST.get("reason", ""),
            )
    except ValidationError as error:
        for message in (
            m for ms in (error.message_dict.values() if hasattr(error, "error_dict") else [error.messages]) for m in ms
        ):
            messages.error(request, message)
    else:
        messages.success(request, _("The result is recorded."))
    return redirect("assessments:gradebook", provider_id, offering_id)
