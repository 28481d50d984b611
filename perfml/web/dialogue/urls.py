from django.urls import path

from perfml.web.dialogue import export, views

app_name = "dialogue"
urlpatterns = [
    path("", views.campaigns, name="campaigns"),
    path("journal/", views.journal, name="journal"),
    path("cibles.csv", export.targets_csv, name="export_csv"),
    path("cibles.xlsx", export.targets_xlsx, name="export_xlsx"),
    path("<str:code_ml>/", views.ml_dialogue, name="ml"),
    path("<str:code_ml>/journal/", views.journal, name="ml_journal"),
    path("<str:code_ml>/<str:action>/", views.transition, name="transition"),
]
