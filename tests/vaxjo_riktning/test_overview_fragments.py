"""The overview keeps its matrix, act-on list, follow-up and heat map as HTML in the cache under
the fingerprints of what they show (vaxjo_riktning/views.py, overview.html's {% cache %} blocks).
Each test changes what one part shows by a write that fires no signal (a bulk update, a delete,
raw SQL would do the same), and the next visit shows the change."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from processes.models import Implementation, Process, Stage
from tests import factories as f
from vaxjo_riktning import fragments

pytestmark = pytest.mark.django_db

URL = reverse("overview")


def heat_map(client) -> str:
    html = client.get(URL).content.decode()
    return html.split('class="heatmap-section"', 1)[1].split("</section>", 1)[0]


def test_the_heat_map_follows_its_rows(client, chief, group):
    implementation = Implementation.objects.create(
        process=group.recruitment_process, unit=group.administration, stage=Stage.INTRODUCED
    )
    client.force_login(chief)
    assert 'data-stage="introduced"' in heat_map(client)
    assert 'data-stage="introduced"' in heat_map(client)  # from the cache

    Implementation.objects.filter(pk=implementation.pk).update(stage=Stage.IN_USE)
    shown = heat_map(client)
    assert 'data-stage="in_use"' in shown and 'data-stage="introduced"' not in shown

    # A removed row reads as not started again.
    Implementation.objects.filter(pk=implementation.pk).delete()
    assert 'data-stage="in_use"' not in heat_map(client)

    Process.objects.filter(pk=group.recruitment_process.pk).update(name="Rekrytering & urval")
    assert "Rekrytering &amp; urval" in heat_map(client)

    # A unit renamed: the unit tree is part of every fingerprint.
    type(group.company).objects.filter(pk=group.company.pk).update(short_name="Bostadsbolaget")
    assert "Bostadsbolaget" in heat_map(client)


def test_the_follow_up_follows_a_new_period(client, chief, group):
    client.force_login(chief)
    assert "overview-followup-heading" not in client.get(URL).content.decode()
    period = f.ReportingPeriodFactory()
    html = client.get(URL).content.decode()
    assert "overview-followup-heading" in html
    followup = html.split("overview-followup-heading", 1)[1].split("</section>", 1)[0]
    assert reverse("goals:followup_period", args=[period.pk]) in followup


def test_each_language_has_its_own_html(client, chief, group):
    f.ReportingPeriodFactory()
    client.force_login(chief)
    client.cookies["django_language"] = "sv"
    swedish = client.get(URL).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(URL).content.decode()
    assert "Rollout of the group-wide processes" in english
    assert "Rollout of the group-wide processes" not in swedish
    assert "Act on this" in english and "Act on this" not in swedish


def test_a_new_release_writes_the_parts_again(settings, tmp_path):
    """The release's fingerprint changes with a template, a template tag or a translation."""
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>{{ a }}</p>")
    settings.BASE_DIR = tmp_path
    fragments.release.cache_clear()
    try:
        first = fragments.release()
        page.write_text("<p>{{ a }}!</p>")
        fragments.release.cache_clear()
        assert fragments.release() != first
    finally:
        fragments.release.cache_clear()


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_the_parts_are_kept_as_html(client, chief, group):
    client.force_login(chief)
    cache.clear()
    client.get(URL)
    keys = [key for key in cache._cache if "template.cache." in key]  # noqa: SLF001
    # The act-on list, the matrix (none without council goals), the follow-up and the heat map.
    assert {key.split("template.cache.")[1].split(".")[0] for key in keys} >= {
        "overview-act-on",
        "overview-followup",
        "overview-heatmap",
    }
