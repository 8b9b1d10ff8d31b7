"""Scores by CSV for the gradebook: one row a learner (by e-mail), one column a component (by its number,
"1", "2"…, or its English or Georgian name). Checked in full and shown before anything is saved; then saved
in one transaction, or not at all."""

import csv
import io
import secrets

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.enrolments.csv_import import _decode, csv_rows, safe_cell, unsafe_cell

from .services import gradebook_save, parse_score

PREVIEW_SECONDS = 60 * 60


def template(offering) -> str:
    components = list(offering.version.components.order_by("order"))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # Names and addresses are written as text, never as formulas a spreadsheet would run.
    writer.writerow([safe_cell(v) for v in ("email", *[c.name_en for c in components])])
    for enrolment in offering.enrolments.filter(status="enrolled").select_related("learner").order_by("learner__email"):
        writer.writerow([safe_cell(enrolment.learner.email), *["" for _ in components]])
    return "\ufeff" + buffer.getvalue()


def check(*, offering, upload) -> tuple[dict, list[tuple[int, str]]]:
    """The cells to save, by (enrolment, component), and the problems by row."""
    text = _decode(upload)
    rows = csv_rows(text)
    header = [unsafe_cell(h.strip()) for h in next(rows, (1, []))[1]]
    if not header or header[0].lower() != "email":
        raise ValidationError(_('The first column must be "email". Use the template.'))
    components = list(offering.version.components.order_by("order"))
    names = {}
    for c in components:
        for key in (str(c.order), c.name_en.lower(), c.name_ka.lower()):
            names[key] = c
    columns = []
    for title in header[1:]:
        component = names.get(title.lower())
        if component is None:
            raise ValidationError(_("Unknown component column: %(column)s") % {"column": title})
        columns.append(component)
    learners = {e.learner.email: e for e in offering.enrolments.filter(status="enrolled").select_related("learner")}
    cells, problems, seen = {}, [], set()
    for number, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        email = unsafe_cell(row[0].strip()).lower()
        enrolment = learners.get(email)
        if enrolment is None:
            problems.append((number, _("email: no enrolled learner with this address")))
            continue
        if email in seen:
            problems.append((number, _("email: this learner is in the file twice")))
        seen.add(email)
        for component, raw in zip(columns, row[1:], strict=False):
            try:
                parse_score(raw)
            except ValidationError as error:
                problems.append((number, f"{component.name}: {error.messages[0]}"))
                continue
            cells[(enrolment.pk, component.pk)] = raw
    return cells, problems


def preview(*, offering, upload, session) -> dict:
    cells, problems = check(offering=offering, upload=upload)
    token = ""
    if not problems:
        token = secrets.token_urlsafe(16)
        cache.set(f"csv-scores:{token}", (offering.pk, list(cells.items())), PREVIEW_SECONDS)
        session["csv_scores_token"] = token
    return {"count": len({e for e, _c in cells}), "cells": len(cells), "problems": problems, "token": token}


@transaction.atomic
def commit(*, offering, assessor, token: str, session) -> int:
    stored = cache.get(f"csv-scores:{token}")
    if not stored or session.get("csv_scores_token") != token or stored[0] != offering.pk:
        raise ValidationError(_("This preview has expired. Upload the file again."))
    problems = gradebook_save(offering=offering, assessor=assessor, scores=dict(stored[1]))
    if problems:
        raise ValidationError(list(problems.values()))
    cache.delete(f"csv-scores:{token}")
    session.pop("csv_scores_token", None)
    return len(stored[1])
