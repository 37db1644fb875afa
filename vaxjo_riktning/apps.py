from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VaxjoRiktningConfig(AppConfig):
    name = "vaxjo_riktning"
    verbose_name = _("The municipal group")
