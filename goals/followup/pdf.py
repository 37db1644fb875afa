"""The period report as a PDF: a printable HTML page (goals/followup/period_report_pdf.html with
its print stylesheet) laid out by WeasyPrint, with the same server-side SVG charts as the goal page.

Rendering never touches the network: the only address WeasyPrint may fetch is the app's own
stylesheet, read from the static files on disk (``StaticFilesOnly``); anything else, a user's
link or an image on another host, is refused. Fonts come from the machine's fontconfig (DejaVu,
Debian's fonts-dejavu-core), so å, ä and ö print as they should.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from goals.followup.models import ReportingPeriod
from goals.followup.report import PeriodReport, period_report
from vaxjo_riktning.models import Unit

if TYPE_CHECKING:
    from weasyprint.document import Document

# The base address the report's relative links resolve against. It names no real host: the
# fetcher answers it from the disk and refuses everything else.
BASE_URL = "https://riktning.invalid/"


class FetchRefused(ValueError):
    """WeasyPrint asked for something that is not one of the app's own static files."""


def _static_file(url: str) -> Path:
    """The file on disk behind one of the app's static URLs; FetchRefused for anything else."""
    static_prefix = BASE_URL.rstrip("/") + settings.STATIC_URL
    if not url.startswith(static_prefix):
        raise FetchRefused(f"Refused to fetch {url}: only the app's static files are read.")
    name = unquote(urlsplit(url).path[len(settings.STATIC_URL) :])
    if not name or ".." in Path(name).parts:
        raise FetchRefused(f"Refused to fetch {url}.")
    found = finders.find(name)
    if found is None and settings.STATIC_ROOT:
        candidate = Path(settings.STATIC_ROOT) / name
        found = str(candidate) if candidate.is_file() else None
    if found is None:
        raise FetchRefused(f"No static file {name}.")
    return Path(found)


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        """Answers the app's static files from the disk and refuses every other address."""

        def fetch(self, url, headers=None):
            path = _static_file(url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticFilesOnly(fail_on_errors=False)


STYLESHEET = "css/period_report.css"


def render_report_html(report: PeriodReport) -> str:
    # The stylesheet by its plain name, not through the static files storage: production's
    # manifest storage would name a hashed copy, and the fetcher reads the file from the disk
    # (the finders, or STATIC_ROOT where collectstatic keeps the original name too).
    stylesheet_url = BASE_URL.rstrip("/") + settings.STATIC_URL + STYLESHEET
    return render_to_string(
        "goals/followup/period_report_pdf.html",
        {"report": report, "stylesheet_url": stylesheet_url},
    )


def lay_out(html: str) -> Document:
    """The report's HTML laid out in pages by WeasyPrint, ready to be written as a PDF."""
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).render()


def period_report_pdf(
    *,
    period: ReportingPeriod,
    unit: Unit | None = None,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The PDF's bytes, in the active language (Swedish unless a caller chose otherwise)."""

    def say(percent: int) -> None:
        if progress is not None:
            progress(percent)

    report = period_report(period=period, unit=unit)
    say(20)
    html = render_report_html(report)
    say(30)
    document = lay_out(html)
    say(90)
    return document.write_pdf()
