"""Every factory makes a row the models accept as it is: what a test builds with one is a valid thing."""

import inspect

import factory
import pytest

from tests import factories

pytestmark = pytest.mark.django_db

FACTORIES = [
    f
    for _name, f in inspect.getmembers(factories, inspect.isclass)
    if issubclass(f, factory.django.DjangoModelFactory) and f.__module__ == factories.__name__
]


# Filled in by a later step (a revocation), though the model does not say the field may be blank.
LATER = {"Credential": {"revoked_by"}}


@pytest.mark.parametrize("model_factory", FACTORIES, ids=lambda f: f.__name__)
def test_each_factory_makes_a_valid_row(model_factory):
    made = model_factory()
    made.full_clean(exclude=LATER.get(type(made).__name__))
    assert type(made).objects.filter(pk=made.pk).exists()


def test_two_of_a_kind_do_not_collide():
    for model_factory in FACTORIES:
        first, second = model_factory.create_batch(2)
        assert first.pk != second.pk
