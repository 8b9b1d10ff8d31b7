from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """One shape for API errors: a service's ValidationError becomes a 400 with its field messages."""
    if isinstance(exc, DjangoValidationError):
        exc = api_error(exc)
    return drf_exception_handler(exc, context)


def api_error(error: DjangoValidationError) -> exceptions.ValidationError:
    """A service's ValidationError as the API's 400, with its field messages."""
    detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
    return exceptions.ValidationError(detail=detail)
