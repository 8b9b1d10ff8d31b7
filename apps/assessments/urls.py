from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("<int:provider_id>/offerings/<int:offering_id>/gradebook/", views.gradebook_view, name="gradebook"),
    path("<int:provider_id>/offerings/<int:offering_id>/finalise/", views.finalise, name="finalise"),
    path("<int:provider_id>/offerings/<int:offering_id>/scores/import/", views.scores_import, name="scores_import"),
    path("<int:provider_id>/offerings/<int:offering_id>/scores/correct/", views.correct, name="correct"),
]
