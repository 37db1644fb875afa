"""import_kolada against Kolada's recorded v3 answers, served by a real HTTP server on
127.0.0.1: paging, missing values, idempotency, and bad answers that change nothing."""

from __future__ import annotations

import json
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from goals.kolada import KOLADA_SOURCE
from goals.models import Measurement
from tests import factories as f

DATA = Path(__file__).parent / "data" / "kolada"


class KoladaServer:
    """Serves recorded files by URL path prefix; ``{base}`` in a file becomes the server's URL."""

    def __init__(self):
        self.routes: dict[str, tuple[int, str]] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                server.requests.append(self.path)
                for prefix, (status, name) in sorted(
                    server.routes.items(), key=lambda r: -len(r[0])
                ):
                    if self.path.startswith(prefix):
                        body = (DATA / name).read_text().replace("{base}", server.base_url)
                        self.send_response(status)
                        self.send_header("Content-Type", "application/json")
                        self.end_headers()
                        self.wfile.write(body.encode())
                        return
                self.send_response(404)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v3"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def kolada(settings):
    server = KoladaServer()
    settings.KOLADA_BASE_URL = server.base_url
    settings.KOLADA_MUNICIPALITY = "0780"
    settings.KOLADA_TIMEOUT = 5
    yield server
    server.close()


def serve_n00945(kolada):
    kolada.routes["/v3/data/kpi/N00945/municipality/0780/year/page2"] = (200, "N00945_page2.json")
    kolada.routes["/v3/data/kpi/N00945/municipality/0780/year/"] = (200, "N00945_page1.json")


def run(language: str = "en", **options) -> tuple[str, str]:
    """The command's output, in English (the source text) unless asked for another language;
    run from the shell it speaks the site's language, Swedish."""
    out, err = StringIO(), StringIO()
    with translation.override(language):
        call_command("import_kolada", stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def values(indicator) -> dict[int, Decimal]:
    return dict(
        Measurement.objects.filter(indicator=indicator)
        .values_list("year", "value")
        .order_by("year")
    )


@pytest.mark.django_db
def test_it_reads_every_page_and_keeps_missing_years_missing(kolada):
    serve_n00945(kolada)
    indicator = f.IndicatorFactory(kolada_kpi="N00945")
    f.IndicatorFactory(kolada_kpi="")  # no KPI id: not asked for

    out, err = run()

    assert values(indicator) == {
        2021: Decimal("81.00"),
        2022: Decimal("81.60"),
        2024: Decimal("82.35"),
    }
    # 2023 ("Missing") and 2025 (null) are not stored, and certainly not as 0.
    assert not Measurement.objects.filter(indicator=indicator, year__in=[2023, 2025]).exists()
    assert set(Measurement.objects.values_list("source", flat=True)) == {KOLADA_SOURCE}
    assert len(kolada.requests) == 2
    assert kolada.requests[0].startswith("/v3/data/kpi/N00945/municipality/0780/year/")
    assert "3 written, 0 unchanged, 2 missing in Kolada" in out
    assert "1 indicators imported, 0 failed" in out
    assert err == ""


@pytest.mark.django_db
def test_it_reports_in_swedish(kolada):
    serve_n00945(kolada)
    kolada.routes["/v3/data/kpi/X99999/"] = (404, "unknown_kpi.json")
    f.IndicatorFactory(kolada_kpi="N00945")
    f.IndicatorFactory(kolada_kpi="X99999")

    out, err = run("sv")

    assert "3 skrivna, 0 oförändrade, 2 saknas i Kolada" in out
    assert "Kolada, kommun 0780: 1 nyckeltal importerade, 1 misslyckades." in out
    assert "inget sparat. Kolada känner inte till nyckeltalet X99999 (HTTP 404)." in err


@pytest.mark.django_db
def test_running_twice_gives_the_same_rows(kolada):
    serve_n00945(kolada)
    indicator = f.IndicatorFactory(kolada_kpi="N00945")
    run()
    first = list(Measurement.objects.order_by("pk").values("pk", "year", "value", "source"))

    out, _ = run()

    assert list(Measurement.objects.order_by("pk").values("pk", "year", "value", "source")) == first
    assert "0 written, 3 unchanged" in out
    assert len(values(indicator)) == 3


@pytest.mark.django_db
def test_a_changed_value_is_updated_and_a_missing_year_drops_only_koladas_value(kolada):
    serve_n00945(kolada)
    indicator = f.IndicatorFactory(kolada_kpi="N00945")
    Measurement.objects.create(indicator=indicator, year=2022, value=1, source=KOLADA_SOURCE)
    Measurement.objects.create(indicator=indicator, year=2023, value=7, source=KOLADA_SOURCE)
    Measurement.objects.create(indicator=indicator, year=2025, value=9, source="Hand")

    run()

    assert values(indicator) == {
        2021: Decimal("81.00"),
        2022: Decimal("81.60"),
        2024: Decimal("82.35"),
        2025: Decimal("9.00"),  # entered by hand: Kolada's missing value does not remove it
    }


@pytest.mark.django_db
def test_a_cut_off_page_saves_nothing_for_that_indicator(kolada, caplog):
    kolada.routes["/v3/data/kpi/N07403/municipality/0780/year/page2"] = (
        200,
        "N07403_cut_off.json",
    )
    kolada.routes["/v3/data/kpi/N07403/municipality/0780/year/"] = (200, "N07403_page1.json")
    serve_n00945(kolada)
    broken = f.IndicatorFactory(kolada_kpi="N07403")
    Measurement.objects.create(indicator=broken, year=2020, value=5, source=KOLADA_SOURCE)
    good = f.IndicatorFactory(kolada_kpi="N00945")

    out, err = run()

    # The first page was fine, the second cut off: not even 2021 from the first page is saved.
    assert values(broken) == {2020: Decimal("5.00")}
    assert "N07403" in err and "not valid JSON (malformed or cut off)" in err
    assert "nothing saved" in err
    assert "1 indicators imported, 1 failed" in out
    assert "N07403" in caplog.text
    # The other indicator is imported all the same.
    assert len(values(good)) == 3


@pytest.mark.django_db
def test_a_malformed_value_saves_nothing(kolada):
    kolada.routes["/v3/data/kpi/N07403/"] = (200, "N07403_malformed.json")
    broken = f.IndicatorFactory(kolada_kpi="N07403")

    _, err = run()

    assert values(broken) == {}
    assert "is not a number: 'fyra'" in err


@pytest.mark.django_db
def test_an_unknown_kpi_is_named_and_changes_nothing(kolada):
    kolada.routes["/v3/data/kpi/X99999/"] = (404, "unknown_kpi.json")
    indicator = f.IndicatorFactory(kolada_kpi="X99999")
    Measurement.objects.create(indicator=indicator, year=2022, value=3, source="Hand")

    out, err = run()

    assert "Kolada does not know the KPI id X99999" in err
    assert values(indicator) == {2022: Decimal("3.00")}
    assert "0 indicators imported, 1 failed" in out


@pytest.mark.django_db
def test_an_answer_without_values_is_refused(kolada, tmp_path):
    kolada.routes["/v3/data/kpi/N00945/"] = (200, "unknown_kpi.json")
    indicator = f.IndicatorFactory(kolada_kpi="N00945")

    _, err = run()

    assert "has no list of values" in err
    assert values(indicator) == {}


def test_the_monthly_beat_entry_runs_the_command(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["import-kolada-monthly"]
    assert entry["task"] == "goals.tasks.import_kolada_task"
    from goals.tasks import import_kolada_task

    assert import_kolada_task.name == entry["task"]
    assert json.dumps(settings.KOLADA_MUNICIPALITY) == '"0780"'
