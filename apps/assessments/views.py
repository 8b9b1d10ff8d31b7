"""The gradebook of an offering (/provider/<id>/offerings/<id>/gradebook/): assessors type scores, provider
administrators and assessors finalise."""

import re
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import csv_upload
from apps.enrolments.models import Enrolment
from apps.enrolments.selectors import offering_for_staff
from apps.programmes.models import AssessmentComponent
from apps.providers import access

from . import csv_scores, services
from .grading import grade_name
from .selectors import gradebook

SCORE_FIELD = re.compile(r"score-(?P<enrolment>[0-9]{1,18})-(?P<component>[0-9]{1,18})")


def _int(value) -> int | None:
    """A row id from a form: digits only (no sign, spaces or other numerals), within PostgreSQL's bigint."""
    return int(value) if isinstance(value, str) and re.fullmatch(r"[0-9]{1,18}", value) else None


@login_required
def gradebook_view(request, provider_id, offering_id):
    offering = offering_for_staff(
        user=request.user, provider_id=provider_id, offering_id=offering_id, capability=access.Capability.ASSESS
    )
    problems = {}
    typed = {}
    status = 200
    if request.method == "POST":
        malformed = False
        for name, value in request.POST.items():
            if name.startswith("score-"):
                cell = SCORE_FIELD.fullmatch(name)
                if cell is None:
                    malformed = True
                    continue
                typed[(int(cell["enrolment"]), int(cell["component"]))] = value
        if malformed:
            # Not a form this page made: nothing is saved, so that no typing lands in the wrong cell.
            status = 400
            typed = {}
            messages.error(
                request, _("The form was not understood, so nothing was saved. Reload the page and type again.")
            )
        else:
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
        "role": access.role_of(request.user, offering.version.programme.provider),
        "tab": "gradebooks",
        "offering": offering,
        "components": components,
        "rows": rows,
        "final": offering.results_finalised_at is not None,
        # Finalising completes or fails each of them: the confirmation says how many.
        "finalise_count": sum(1 for row in rows if row["enrolment"].status == "enrolled"),
    }
    if problems and any(key not in {(r["enrolment"].pk, c.pk) for r in rows for c in components} for key in problems):
        messages.error(request, _("Some scores are for learners or components that are not in this gradebook."))
    return render(request, "assessments/gradebook.html", context, status=status)


@login_required
@require_POST
def finalise(request, provider_id, offering_id):
    offering = offering_for_staff(
        user=request.user, provider_id=provider_id, offering_id=offering_id, capability=access.Capability.ASSESS
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
    offering = offering_for_staff(
        user=request.user, provider_id=provider_id, offering_id=offering_id, capability=access.Capability.ASSESS
    )
    if request.GET.get("template"):
        response = HttpResponse(csv_scores.template(offering), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="offering-{offering.pk}-scores.csv"'
        return response
    form, preview, count = csv_upload.preview_or_commit(
        request,
        preview=partial(csv_scores.preview, offering=offering),
        commit=partial(csv_scores.commit, offering=offering, assessor=request.user),
    )
    if count is not None:
        messages.success(request, _("%(count)s scores are saved.") % {"count": count})
        return redirect("assessments:gradebook", provider_id, offering_id)
    provider = offering.version.programme.provider
    context = {
        "provider": provider,
        "role": access.role_of(request.user, provider),
        "tab": "gradebooks",
        "offering": offering,
        "form": form,
        "preview": preview,
    }
    return render(request, "assessments/scores_import.html", context)


@login_required
@require_POST
def correct(request, provider_id, offering_id):
    """A change to a final score (with its reason), or the one re-sit of an FX learner."""
    offering = offering_for_staff(
        user=request.user, provider_id=provider_id, offering_id=offering_id, capability=access.Capability.ASSESS
    )
    enrolment_id, component_id = _int(request.POST.get("enrolment")), _int(request.POST.get("component"))
    if enrolment_id is None or component_id is None:
        messages.error(request, _("Choose a learner and a component of this gradebook."))
        return redirect("assessments:gradebook", provider_id, offering_id)
    enrolment = get_object_or_404(Enrolment, pk=enrolment_id, offering=offering)
    component = get_object_or_404(AssessmentComponent, pk=component_id, version=offering.version)
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
