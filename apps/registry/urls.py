from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("providers/", views.providers, name="providers"),
    path("providers/<int:provider_id>/", views.provider_detail, name="provider"),
    path("programmes/", views.programmes, name="programmes"),
    path("programmes/<int:programme_id>/", views.programme_detail, name="programme"),
    path("programmes/<int:programme_id>/v<int:number>/", views.programme_detail, name="programme_version"),
]
