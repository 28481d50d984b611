from django.apps import AppConfig


class DownloadsConfig(AppConfig):
    name = "perfml.web.downloads"
    label = "downloads"
    verbose_name = "Téléchargements"
