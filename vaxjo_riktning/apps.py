from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VaxjoRiktningConfig(AppConfig):
    name = "vaxjo_riktning"
    verbose_name = _("The municipal group")

    def ready(self) -> None:
        # Registers the production checks (a weak SECRET_KEY stops every management command).
        from vaxjo_riktning import checks  # noqa: F401
