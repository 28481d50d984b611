from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "perfml.web.funding"
    label = "funding"
    verbose_name = "Simulation du financement"
