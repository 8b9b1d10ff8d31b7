from django.urls import path

from . import views

app_name = "enrolments"
urlpatterns = [
    path("<int:provider_id>/offerings/", views.offering_list, name="offerings"),
    path("<int:provider_id>/gradebooks/", views.gradebooks, name="gradebooks"),
    path(
        "<int:provider_id>/programmes/<int:programme_id>/v<int:number>/offerings/new/",
        views.offering_new,
        name="offering_new",
    ),
    path("<int:provider_id>/offerings/<int:offering_id>/", views.offering_detail, name="offering"),
    path(
        "<int:provider_id>/offerings/<int:offering_id>/invitations/<int:invitation_id>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("<int:provider_id>/offerings/<int:offering_id>/import/", views.offering_import, name="import"),
    path("<int:provider_id>/offerings/<int:offering_id>/export.csv", views.offering_export, name="export"),
    path("enrolment-template.csv", views.csv_template, name="csv_template"),
]
