from allauth.account.decorators import secure_admin_login
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from apps.accounts import views as account_views
from apps.certificates import ob3_views
from apps.certificates import views as certificate_views
from apps.core import urls as core_urls
from apps.core import views as core_views

admin.site.site_header = _("MicroCred Georgia: administration")
admin.site.site_title = _("MicroCred Georgia")
admin.site.index_title = _("National registry of micro-credentials")
# The admin signs in through the portal's own login (allauth: its rate limits and the second factor), never
# through Django's password-only form: /admin/login/ sends a visitor there and back with ?next=.
admin.site.login = secure_admin_login(admin.site.login)

# Swagger UI's page loads its start-up script from the same URL (?script), so no inline script runs; its page
# carries one inline <style> block, which only this path may apply.
api_docs = csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema"))

# The core's pages with the language switch's form, which keeps its name (core:set_language) and its view in accounts
# (it also saves a signed-in user's choice in their profile). First: "i18n/<language>/" would take "setlang".
core_patterns = [path("i18n/setlang/", account_views.set_language, name="set_language"), *core_urls.urlpatterns]

urlpatterns = [
    # The public verification first: it is the most requested page, and URL resolution tries patterns in order.
    path("verify/", include("apps.verification.urls")),
    path("", include((core_patterns, core_urls.app_name))),
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("account/", include("allauth.urls")),
    path("account/", include("apps.accounts.urls")),
    path("provider/", include("apps.providers.urls")),
    path("provider/", include("apps.programmes.urls")),
    path("provider/", include("apps.enrolments.urls")),
    path("provider/", include("apps.assessments.urls")),
    path("provider/", include("apps.certificates.urls")),
    path("credentials/<str:code>.pdf", certificate_views.pdf, name="credential_pdf"),
    path("credentials/<str:code>/ob3.json", ob3_views.credential_json, name="ob3_json"),
    path("credentials/<str:code>/ob3.jwt", ob3_views.credential_jwt, name="ob3_jwt"),
    path("credentials/status/<int:list_id>/", ob3_views.status_list, name="ob3_status_list"),
    path("issuers/<int:provider_id>/", ob3_views.issuer, name="ob3_issuer"),
    path("achievements/<int:programme_id>/v<int:number>/", ob3_views.achievement, name="ob3_achievement"),
    path("keys/<str:kid>.jwk", ob3_views.key, name="ob3_key"),
    path(".well-known/jwks.json", ob3_views.jwks, name="ob3_jwks"),
    path("learner/", include("apps.learner.urls")),
    path("registry/", include("apps.registry.urls")),
    path("api/v1/", include("config.api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
]

handler404 = "apps.core.views.error_404"
handler500 = "apps.core.views.error_500"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
