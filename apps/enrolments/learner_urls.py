from django.urls import path

from apps.certificates import views as certificate_views

from . import views

app_name = "learner"
urlpatterns = [
    path("", views.learner_home, name="home"),
    path("enrol/<int:offering_id>/", views.enrol, name="enrol"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("enrolments/<int:enrolment_id>/withdraw/", views.withdraw, name="withdraw"),
    path("credentials/<str:code>/visibility/", certificate_views.visibility, name="credential_visibility"),
]
