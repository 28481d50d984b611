from django.apps import AppConfig


class GjConfig(AppConfig):
    name = "perfml.web.gj"
    label = "gj"
    verbose_name = "Garantie jeunes"
