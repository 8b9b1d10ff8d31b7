"""The learner area. Enrolling, invitations and withdrawing are enrolments' views, the sharing choice a
certificate's: this URLconf gathers them under /learner/ beside the home page."""

from django.urls import path

from apps.certificates import views as certificate_views
from apps.enrolments import views as enrolment_views

from . import views

app_name = "learner"
urlpatterns = [
    path("", views.home, name="home"),
    path("enrol/<int:offering_id>/", enrolment_views.enrol, name="enrol"),
    path("invitations/<str:token>/", enrolment_views.invitation, name="invitation"),
    path("enrolments/<int:enrolment_id>/withdraw/", enrolment_views.withdraw, name="withdraw"),
    path("credentials/<str:code>/visibility/", certificate_views.visibility, name="credential_visibility"),
]
