from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("<int:provider_id>/offerings/<int:offering_id>/credentials/", views.offering_credentials, name="offering"),
    path(
        "<int:provider_id>/offerings/<int:offering_id>/credentials/issue/<int:enrolment_id>/",
        views.issue_one,
        name="issue_one",
    ),
    path("<int:provider_id>/offerings/<int:offering_id>/credentials/issue-all/", views.issue_bulk, name="issue_bulk"),
    path("<int:provider_id>/credential-batches/<int:batch_id>/", views.batch, name="batch"),
    path("<int:provider_id>/credentials/<str:code>/revoke/", views.revoke, name="revoke"),
    path("<int:provider_id>/credentials/<str:code>/reissue/", views.reissue, name="reissue"),
    path("<int:provider_id>/credentials/<str:code>/retry/", views.retry, name="retry"),
    path("<int:provider_id>/signatories/", views.signatories, name="signatories"),
]
