from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("providers/", views.providers, name="providers"),
    path("providers/<int:provider_id>/", views.provider_detail, name="provider"),
]
