from django.urls import path

from . import views

app_name = "providers"
urlpatterns = [
    path("", views.home, name="home"),
    path("register/", views.register, name="register"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("documents/<int:document_id>/", views.document_download, name="document"),
    path("<int:provider_id>/", views.dashboard, name="dashboard"),
    path("<int:provider_id>/edit/", views.edit, name="edit"),
    path("<int:provider_id>/staff/", views.staff, name="staff"),
    path("<int:provider_id>/staff/<int:membership_id>/remove/", views.staff_remove, name="staff_remove"),
    path("<int:provider_id>/applications/", views.applications, name="applications"),
    path("<int:provider_id>/applications/<int:application_id>/", views.application, name="application"),
    path(
        "<int:provider_id>/applications/<int:application_id>/documents/",
        views.application_document_add,
        name="application_document_add",
    ),
    path(
        "<int:provider_id>/applications/<int:application_id>/documents/<int:document_id>/remove/",
        views.application_document_remove,
        name="application_document_remove",
    ),
    path(
        "<int:provider_id>/applications/<int:application_id>/submit/",
        views.application_submit,
        name="application_submit",
    ),
    path(
        "<int:provider_id>/applications/<int:application_id>/withdraw/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path("<int:provider_id>/decisions/", views.decisions, name="decisions"),
]
