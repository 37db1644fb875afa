from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """No models: the app exists for its commands, seed_demo, generate_group and benchmark."""

    name = "demo"
    verbose_name = _("Demo and benchmark")
