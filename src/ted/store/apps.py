from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "ted.store"
    label = "store"
    verbose_name = "TED — graphe de connaissances"
    default_auto_field = "django.db.models.BigAutoField"
