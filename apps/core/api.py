from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, permissions, serializers
from rest_framework.authentication import SessionAuthentication
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


# The bodies of the API's errors, as DRF writes them: {"detail": "..."} for 403, 404 and 429, and for 400 the
# messages by field (a list of messages; a nested object or a list of them for nested data; "non_field_errors" for
# the request as a whole), or {"detail": "..."} when the body could not be parsed.
class ErrorSerializer(serializers.Serializer):
    """An error that concerns the request as a whole."""

    detail = serializers.CharField()

    class Meta:
        ref_name = "Error"


VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": _("What is wrong, by field; `non_field_errors` for the request as a whole."),
    "additionalProperties": {
        "anyOf": [
            {"type": "string"},
            {"type": "array", "items": {}},
            {"type": "object"},
        ]
    },
}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, with the error answers every operation can give written down: 400 where there is a
    body or filters to get wrong, 403 where a signed-in user (with the CSRF token, for a change) and a role are
    needed, 404 where an object is named in the path or a page of a list is asked for. An operation's own
    `extend_schema(responses=...)` for a code wins."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, description in self._error_responses():
            if code in responses:
                continue
            if code == "400":
                component = ResolvedComponent(
                    name="ValidationError",
                    type=ResolvedComponent.SCHEMA,
                    schema=VALIDATION_ERROR_SCHEMA,
                    object="ValidationError",
                )
                self.registry.register_on_missing(component)
                schema = component.ref
            else:
                schema = self.resolve_serializer(ErrorSerializer(), "response").ref
            responses[code] = {"content": {"application/json": {"schema": schema}}, "description": description}
        return dict(sorted(responses.items()))

    def _error_responses(self):
        is_list = self.method == "GET" and self._is_list_view()
        if self.method in ("POST", "PUT", "PATCH") or (is_list and self._has_filters()):
            yield "400", _("The request is not valid: the messages say what to change.")
        if self._needs_permission():
            yield "403", _("Not signed in, no CSRF token with a change, or the role does not allow it.")
        if "{" in self.path or (is_list and self._get_paginator() is not None):
            yield "404", _("No such object, or one the user may not know exists; or no such page.")

    def _has_filters(self):
        return any(
            getattr(self.view, attribute, None)
            for attribute in ("filterset_class", "filterset_fields", "search_fields", "ordering_fields")
        )

    def _needs_permission(self):
        unsafe = self.method not in permissions.SAFE_METHODS
        public = (permissions.AllowAny,) if unsafe else (permissions.AllowAny, permissions.IsAuthenticatedOrReadOnly)
        if not all(isinstance(p, public) for p in self.view.get_permissions()):
            return True
        # SessionAuthentication asks a signed-in user's change for its CSRF token.
        return unsafe and any(isinstance(a, SessionAuthentication) for a in self.view.get_authenticators())


def documented(tag, **operations):
    """Documents a view for the API docs: every operation under `tag` (one of SPECTACULAR_SETTINGS["TAGS"]), and
    each action's or method's (summary, description). Translatable, so the docs read in the reader's language."""
    return extend_schema_view(
        **{
            name: extend_schema(summary=summary, description=description, tags=[tag])
            for name, (summary, description) in operations.items()
        }
    )
