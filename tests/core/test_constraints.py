"""No database constraint's name reaches a person: every constraint of every model of ours says what is wrong, in
Georgian and English, next to the field to correct."""

import pytest
from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import BaseConstraint, UniqueConstraint
from django.utils import translation

from apps.core.constraints import ConstraintErrorsOnFields

DEFAULT = BaseConstraint.default_violation_error_message


def our_constraints():
    for model in apps.get_models():
        if model.__module__.startswith("apps.") and not model.__name__.startswith("Historical"):
            for constraint in model._meta.constraints:
                yield model, constraint


def test_every_constraint_has_its_own_message_in_both_languages_on_a_field():
    seen = 0
    for model, constraint in our_constraints():
        seen += 1
        where = f"{model.__name__}.{constraint.name}"
        assert constraint.violation_error_message != DEFAULT, f"{where} has no message of its own"
        with translation.override("en"):
            english = constraint.get_violation_error_message()
        with translation.override("ka"):
            georgian = constraint.get_violation_error_message()
        assert constraint.name not in english, where
        assert georgian != english, f"{where}: “{english}” is not translated into Georgian"
        if isinstance(constraint, UniqueConstraint) and len(constraint.fields) == 1:
            field = constraint.fields[0]  # Django puts it there when its code is "unique"
            assert constraint.violation_error_code == "unique", where
        else:
            assert issubclass(model, ConstraintErrorsOnFields), f"{model.__name__} does not place its messages"
            field = model.constraint_fields.get(constraint.name)
            assert field, f"{where} names no field for its message"
            assert constraint.violation_error_code, where
        model._meta.get_field(field)  # a real field of the model
    assert seen >= 45


def test_a_check_and_a_unique_constraint_on_several_fields_speak_at_their_field(db):
    from apps.providers.models import ProviderMembership
    from tests.factories import MembershipFactory

    membership = MembershipFactory()
    twice = ProviderMembership(provider=membership.provider, user=membership.user, role="author")
    with translation.override("ka"), pytest.raises(ValidationError) as refused:
        twice.full_clean()
    errors = refused.value.message_dict
    assert errors["user"] == ["ეს პირი ამ დაწესებულების პერსონალში უკვე ირიცხება."]
    assert NON_FIELD_ERRORS not in errors
