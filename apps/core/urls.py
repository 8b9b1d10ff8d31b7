from django.urls import path

from . import views

app_name = "core"
# The language switch's form, core:set_language at i18n/setlang/, is added to these in config/urls.py: its view
# is accounts' (it also saves a signed-in user's choice in their profile), and core knows nothing of accounts.
urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("i18n/<str:language>/", views.switch_language, name="switch_language"),
]
