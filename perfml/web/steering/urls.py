from django.urls import path

from perfml.web.steering import views

app_name = "steering"
urlpatterns = [
    path("pilotage/", views.overview, name="overview"),
    path("ml/<str:code_ml>/", views.ml_page, name="ml"),
    path("pilotage/entonnoirs/", views.funnels, name="funnels"),
    path("ml/<str:code_ml>/entonnoirs/", views.ml_funnels, name="ml_funnels"),
]
