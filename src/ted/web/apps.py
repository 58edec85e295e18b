from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "ted.web"
    label = "web"
    verbose_name = "TED — application web"
