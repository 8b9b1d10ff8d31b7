from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from apps.enrolments.forms import EnrolForm
from apps.enrolments.selectors import open_offerings_of
from apps.programmes.selectors import public_version
from apps.providers.selectors import AuthorizationState, decisions_of, provider_standing, providers_with_authorizations

from .filters import CatalogueFilter, ProviderFilter, sort_order
from .selectors import catalogue_with_offerings, next_offering, published_programmes_of


def providers(request):
    """Providers that NCEQE has authorized, now or before (expired, suspended and ended ones are shown as
    such); an organisation never authorized is not in the public registry."""
    filterset = ProviderFilter(request.GET or None, queryset=providers_with_authorizations().order_by("legal_name_ka"))
    rows = []
    for provider in filterset.qs:
        standing = provider_standing(provider)
        if standing.state == AuthorizationState.NONE:
            continue
        if filterset.form.is_valid() and filterset.form.cleaned_data.get("status") not in (None, "", standing.state):
            continue
        rows.append((provider, standing))
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/providers.html",
        {"filter": filterset, "page": page, "query": query.urlencode(), "count": len(rows)},
    )


def provider_detail(request, provider_id):
    provider = get_object_or_404(providers_with_authorizations(), pk=provider_id)
    standing = provider_standing(provider)
    if standing.state == AuthorizationState.NONE:
        return render(request, "404.html", status=404)
    history = [d for d in decisions_of(provider) if d.outcome not in ("changes_requested", "rejected")]
    context = {
        "provider": provider,
        "standing": standing,
        "history": history,
        "programmes": published_programmes_of(provider),
    }
    return render(request, "registry/provider_detail.html", context)


def programmes(request):
    """The public catalogue of published micro-credential programmes."""
    filterset = CatalogueFilter(request.GET or None, queryset=catalogue_with_offerings())
    queryset = filterset.qs
    if not (filterset.form.is_valid() and filterset.form.cleaned_data.get("sort")):
        queryset = queryset.order_by(*sort_order("title"))
    page = Paginator(queryset, _page_size(request)).get_page(request.GET.get("page"))
    for version in page:
        version.next = next_offering(version)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/programmes.html",
        {"filter": filterset, "page": page, "query": query.urlencode(), "count": page.paginator.count},
    )


def _page_size(request) -> int:
    try:
        return min(max(int(request.GET.get("per_page", 20)), 1), 100)
    except ValueError:
        return 20


def programme_detail(request, programme_id, number=None):
    """A programme by its stable id (the version published now), or one version by number (which credentials
    cite): every Annex I element."""
    version = public_version(programme_id=programme_id, number=number)
    offerings = open_offerings_of(version) if version.status == "published" else []
    for offering in offerings:
        offering.free = max(offering.capacity - offering.taken, 0)
        offering.form = EnrolForm(offering=offering, auto_id=f"id_{offering.pk}_%s")
    context = {"version": version, "pinned": number is not None, "offerings": offerings}
    return render(request, "registry/programme_detail.html", context)
