from django.urls import path

from . import views

app_name = "learner"
urlpatterns = [
    path("", views.learner_home, name="home"),
    path("enrol/<int:offering_id>/", views.enrol, name="enrol"),
    path("enrolments/<int:enrolment_id>/withdraw/", views.withdraw, name="withdraw"),
]
