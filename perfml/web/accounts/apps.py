from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "perfml.web.accounts"
    label = "accounts"
    verbose_name = "Comptes et habilitations"
