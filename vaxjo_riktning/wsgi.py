"""WSGI entry point, as gunicorn serves it: `gunicorn vaxjo_riktning.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vaxjo_riktning.settings")

application = get_wsgi_application()
