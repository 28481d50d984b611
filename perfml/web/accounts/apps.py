from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "perfml.web.accounts"
    label = "accounts"
    verbose_name = "Comptes et habilitations"

    def ready(self) -> None:
        from perfml.web.accounts import throttling  # noqa: F401  (connects its signal)
