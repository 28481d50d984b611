from django.apps import AppConfig


class SteeringConfig(AppConfig):
    name = "perfml.web.steering"
    label = "steering"
    verbose_name = "Pilotage"
