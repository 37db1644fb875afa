"""WSGI entry point, as gunicorn serves it: `gunicorn vaxjo_riktning.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vaxjo_riktning.settings")

application = get_wsgi_application()

# gunicorn runs no system checks: refuse here to serve anyone with a weak SECRET_KEY.
from vaxjo_riktning.checks import refuse_weak_secret_key  # noqa: E402

refuse_weak_secret_key()

# A worker analyses text on every save and on the suggestions while typing: it loads the Swedish
# word forms as it starts (about 3 s), not on a user's first save after each start.
from goals.overlap.text import DICTIONARY  # noqa: E402

DICTIONARY.load()
