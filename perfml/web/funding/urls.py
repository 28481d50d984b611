from django.urls import path

from perfml.web.funding import views

app_name = "funding"
urlpatterns = [path("", views.simulation, name="simulation")]
