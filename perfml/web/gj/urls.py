from django.urls import path

from perfml.web.gj import views

app_name = "gj"
urlpatterns = [path("", views.follow_up_page, name="follow_up")]
