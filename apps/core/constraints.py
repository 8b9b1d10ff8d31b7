"""A database constraint's message stands next to the field whose input breaks it.

Django's full_clean puts a unique constraint on one field next to that field (its violation_error_code is
"unique"), and every other constraint above the form. A model with this mixin names, in `constraint_fields`,
the field each of its other constraints concerns (the one a person would correct: the end date, not the start),
and the messages go there instead; a form then shows them at that field, and the API under that name. Every
constraint also carries its own translated violation_error_message, so that no constraint's name reaches anyone
(tests/core/test_constraints.py holds every model to that)."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class ConstraintErrorsOnFields:
    # constraint name -> the field its message goes to
    constraint_fields: dict[str, str] = {}

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise ValidationError(self._errors_on_fields(error.error_dict)) from None

    def _errors_on_fields(self, errors: dict) -> dict:
        by_code = {
            constraint.violation_error_code: field
            for _model, constraints in self.get_constraints()
            for constraint in constraints
            if (field := self.constraint_fields.get(constraint.name)) and constraint.violation_error_code
        }
        moved: dict[str, list] = {}
        for field, field_errors in errors.items():
            for item in field_errors:
                target = by_code.get(item.code, field) if field == NON_FIELD_ERRORS else field
                moved.setdefault(target, []).append(item)
        return moved
