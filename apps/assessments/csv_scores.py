"""Scores by CSV for the gradebook: one row a learner (by e-mail), one column a component (by its number,
"1", "2"…, or its English or Georgian name). Checked in full and shown before anything is saved; then saved
in one transaction, or not at all."""

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core import csv_upload
from apps.core.csv_upload import safe_cell, unsafe_cell

from .services import gradebook_save, parse_score

PREVIEWS = csv_upload.Previews("scores")


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
    rows = csv_upload.rows(csv_upload.read(upload))
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
        token = PREVIEWS.keep(session=session, scope=offering.pk, payload=list(cells.items()))
    return {"count": len({e for e, _c in cells}), "cells": len(cells), "problems": problems, "token": token}


@transaction.atomic
def commit(*, offering, assessor, token: str, session) -> int:
    with PREVIEWS.confirmed(session=session, scope=offering.pk, token=token) as cells:
        problems = gradebook_save(offering=offering, assessor=assessor, scores=dict(cells))
        if problems:
            raise ValidationError(list(problems.values()))
        return len(cells)
