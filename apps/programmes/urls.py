from django.urls import path

from . import views

app_name = "programmes"
base = "<int:provider_id>/programmes/<int:programme_id>/v<int:number>/"
urlpatterns = [
    path("<int:provider_id>/programmes/", views.programme_list, name="list"),
    path(base, views.version_detail, name="version"),
    path(base + "preview/", views.preview, name="preview"),
    path(base + "specimen/", views.specimen, name="specimen"),
    path(base + "submit/", views.submit, name="submit"),
    path(base + "withdraw/", views.withdraw, name="withdraw"),
    path(base + "publish/", views.publish, name="publish"),
    path(base + "archive/", views.archive, name="archive"),
    path(base + "new-version/", views.new_version, name="new_version"),
]
