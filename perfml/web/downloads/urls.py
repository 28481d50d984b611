from django.urls import path

from perfml.web.downloads import views

app_name = "downloads"
urlpatterns = [
    path("", views.index, name="index"),
    path("ml/<str:code_ml>.pdf", views.ml_pdf, name="ml_pdf"),
    path("tableau-de-bord/national.xlsx", views.dashboard_national, name="dashboard_national"),
    path(
        "tableau-de-bord/region/<str:code_region>.xlsx",
        views.dashboard_region,
        name="dashboard_region",
    ),
    path("tableau-de-bord/ml/<str:code_ml>.xlsx", views.dashboard_ml, name="dashboard_ml"),
]
