from tests.programmes.conftest import author, authorized_a  # noqa: F401
from tests.providers.conftest import admin_a, admin_b, assessor_a, author_a, provider_a, provider_b  # noqa: F401
