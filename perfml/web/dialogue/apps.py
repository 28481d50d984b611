from django.apps import AppConfig


class DialogueConfig(AppConfig):
    name = "perfml.web.dialogue"
    label = "dialogue"
    verbose_name = "Dialogue de gestion"
