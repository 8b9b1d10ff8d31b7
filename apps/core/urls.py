from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("i18n/<str:language>/", views.switch_language, name="switch_language"),
]
