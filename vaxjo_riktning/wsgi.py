"""WSGI entry point, as gunicorn serves it: `gunicorn vaxjo_riktning.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vaxjo_riktning.settings")

application = get_wsgi_application()

# gunicorn runs no system checks: refuse here to serve anyone with a weak SECRET_KEY.
from vaxjo_riktning.checks import refuse_weak_secret_key  # noqa: E402

refuse_weak_secret_key()
