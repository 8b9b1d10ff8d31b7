from django.urls import path

from . import views

app_name = "verification"
urlpatterns = [
    path("", views.start, name="start"),
    path("file/", views.upload, name="upload"),
    path("<str:code>/", views.result, name="result"),
]
