from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = _("Goals and activities")

    def ready(self) -> None:
        from goals.overlap import receivers  # noqa: F401  (writes an activity's analysed text)
