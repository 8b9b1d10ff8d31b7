"""The Open Badges 3.0 addresses: credentials as JSON and VC-JWT, issuer profiles and achievements (JSON for
clients that ask for it, the catalogue's HTML otherwise), the public keys, and the signed status lists.

Each is rate-limited per client address. Issuers and achievements answer for what the public registry shows
and nothing more: a provider NCEQE authorized (now or before) and a version that was published."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.core.ratelimit import rate_limited
from apps.programmes.selectors import public_version
from apps.providers.selectors import AuthorizationState, provider_standing, providers_with_authorizations

from . import ob3_build, ob3_keys, ob3_sign
from .models import Credential, StatusList
from .sharing import may_download, sees_everything
from .snapshot import version_part
from .views import credential_file_limit

document_limit = rate_limited("open-badges", "OPEN_BADGES_RATE_LIMIT")

JSON_TYPES = ("application/json", "application/ld+json", "application/vc+ld+json")


def wants_json(request) -> bool:
    accept = request.headers.get("Accept", "")
    return request.GET.get("format") == "json" or any(t in accept for t in JSON_TYPES)


def _json(data, status=200, content_type="application/ld+json") -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = f"{content_type}; charset=utf-8"
    response["Access-Control-Allow-Origin"] = "*"  # public documents that wallets and verifiers fetch
    return response


def _credential_for(request, code) -> Credential:
    credential = Credential.objects.select_related("provider").filter(code=code).first()
    if credential is None or not may_download(request.user, credential, open_badge=True):
        raise Http404
    return credential


@never_cache
@require_GET
@credential_file_limit
def credential_json(request, code):
    credential = _credential_for(request, code)
    response = _json(ob3_build.credential_json(credential, public=not sees_everything(request.user, credential)))
    response["Content-Disposition"] = f'inline; filename="openbadge-{credential.code}.json"'
    return response


@never_cache
@require_GET
@credential_file_limit
def credential_jwt(request, code):
    credential = _credential_for(request, code)
    token = ob3_sign.credential_jwt(credential, public=not sees_everything(request.user, credential))
    response = HttpResponse(token, content_type="application/vc+jwt")
    response["Content-Disposition"] = f'inline; filename="openbadge-{credential.code}.jwt"'
    return response


@require_GET
@document_limit
def issuer(request, provider_id):
    """As the registry's provider page: an organisation NCEQE never authorized (pending, rejected) is a 404."""
    provider = get_object_or_404(providers_with_authorizations(), pk=provider_id)
    standing = provider_standing(provider)
    if standing.state == AuthorizationState.NONE:
        raise Http404
    if not wants_json(request):
        return redirect("registry:provider", provider_id)
    return _json(ob3_build.issuer_profile(provider, standing=standing))


@require_GET
@document_limit
def achievement(request, programme_id, number):
    """As the registry's version page: a version that was published (archived ones too, which credentials
    cite); drafts and approved versions not yet published are a 404."""
    version = public_version(programme_id=programme_id, number=number)
    if not wants_json(request):
        return redirect("registry:programme_version", programme_id, number)
    language = "ka" if request.GET.get("lang") == "ka" else "en"
    data = ob3_build.achievement(version_part(version), language)
    return _json({"@context": ob3_build.CONTEXT, **data})


@require_GET
@document_limit
def key(request, kid):
    identity = ob3_keys.publishable_identities().filter(key_id=kid).first()
    if identity is None:
        raise Http404
    return _json(ob3_keys.jwk(identity), content_type="application/jwk+json")


@require_GET
@document_limit
def jwks(request):
    return _json(ob3_keys.jwks(), content_type="application/jwk-set+json")


@never_cache
@require_GET
@document_limit
def status_list(request, list_id):
    """The signed BitstringStatusListCredential (a VC-JWT); its JSON with ?format=json. Built on every
    request: a revocation flips its bit at once."""
    status_list = get_object_or_404(StatusList, pk=list_id)
    if wants_json(request):
        return _json(ob3_build.status_list_credential(status_list))
    return HttpResponse(ob3_sign.status_list_jwt(status_list), content_type="application/vc+jwt")
