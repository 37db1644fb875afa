"""A URL whose view fails with an ordinary error, for tests/vaxjo_riktning/test_database_away.py."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

handler500 = "vaxjo_riktning.unavailable.server_error"


@login_not_required
def fails(request):
    raise ValueError("a fault in the code")


urlpatterns = [path("fails/", fails)]
