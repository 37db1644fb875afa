"""The benchmark command runs on a small generated group and reports every figure. Speed is what
the command measures, never what a test asserts."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from goals.models import Activity

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def small_group_module(module_db, django_db_blocker, tmp_path_factory):
    """One generated group for the module's three benchmark runs, each of which leaves the data
    as it was generated (and its own transaction is rolled back besides, see module_db)."""
    path = tmp_path_factory.mktemp("benchmark") / "planted.json"
    with django_db_blocker.unblock():
        call_command(
            "generate_group",
            units=12,
            goals=30,
            activities=300,
            planted_duplicates=10,
            planted_file=path,
            stdout=io.StringIO(),
        )
    return path


@pytest.fixture
def small_group(small_group_module, db):
    """The module's group, inside this test's own transaction."""
    return small_group_module


def run(path, *args) -> str:
    out = io.StringIO()
    call_command(
        "benchmark", "--repeat", "2", *args, planted_file=path, stdout=out, stderr=io.StringIO()
    )
    return out.getvalue()


def test_json_report_has_every_figure(small_group):
    texts = dict(Activity.objects.values_list("pk", "description"))
    budgets = dict(Activity.objects.values_list("pk", "budget_sek"))
    report = json.loads(run(small_group, "--skip-scan", "--json"))

    # The overview after a save: an activity's budget went up and down between the visits,
    # and is as it was afterwards.
    assert {"overview, nothing cached", "overview, after a save"} <= set(report["pages"])
    assert dict(Activity.objects.values_list("pk", "budget_sek")) == budgets

    assert report["counts"]["activities"] == 300
    assert report["repeat"] == 2
    assert {"overview", "activity list", "goal page (council goal)"} <= set(report["pages"])
    assert any(name.startswith("activity list, q=") for name in report["pages"])
    assert {"rollout matrix", "process owner's cockpit", "process page"} <= set(report["pages"])
    # Issue 12's pages, each with its own target on the 95th percentile.
    assert {
        "conflict list",
        "conflict list, unit + open",
        "conflict list, goal",
        "overlap cases and pairs",
    } <= set(report["pages"])
    assert report["pages"]["overview"]["target_ms"] == 150
    assert report["pages"]["overview"]["target_on"] == "p95"
    assert report["pages"]["conflict list"]["target_ms"] == 300
    assert report["pages"]["activity list"]["target_on"] == "median"
    for page in report["pages"].values():
        assert {"median_ms", "p95_ms", "queries", "target_ms", "met"} <= set(page)
        assert page["queries"] > 0
    assert {"median_ms", "p95_ms", "queries", "met"} <= set(report["suggestions"]["endpoint"])
    assert {"median_ms", "p95_ms", "met"} <= set(report["suggestions"]["function"])
    assert report["scan"] is None
    # The floor every time is read beside, and the saves with their incremental scan, which
    # leave the data as it was.
    assert report["analysis"]["activities"] == report["counts"]["active_activities"]
    assert report["floor"]["url"].endswith(".css") and report["floor"]["median_ms"] > 0
    assert report["incremental"]["median_ms"] > 0 and report["incremental"]["target_s"] == 2
    assert dict(Activity.objects.values_list("pk", "description")) == texts
    reports = report["period_reports"]
    assert reports["status_reports"] > 0 and reports["target_s"] == 120
    assert {"whole group, Excel", "whole group, PDF"} <= set(reports["builds"])
    assert any(name.startswith("largest unit") for name in reports["builds"])
    for build in reports["builds"].values():
        assert build["seconds"] >= 0 and build["queries"] > 0 and build["bytes"] > 0
        assert isinstance(build["met"], bool)
    recall = report["recall"]
    assert recall["planted_pairs"] == 10
    assert recall["scan_ran"] is False
    assert 0 <= recall["scan_recall"] <= 1
    assert 0 <= recall["suggestions_recall_top10"] <= 1


def test_with_the_scan_and_as_a_table(small_group):
    out = run(small_group)

    assert "overview" in out
    assert "conflict list" in out and "p95≤150" in out and "p95≤300" in out
    # The scan ran before the pages, so the queue has its stored pairs (and a case, if the
    # group's pairs join one).
    assert "overlap cases and pairs" in out
    assert "Floor, the static file" in out and "x floor" in out
    assert "A save with its incremental scan: median" in out
    assert "Texts analysed before timing (once after a bulk load):" in out
    assert "Full overlap scan:" in out and "pairs compared" in out
    assert "Planted duplicates found by the scan" in out
    assert "whole group, PDF" in out and "target < 120 s" in out


def test_the_period_reports_can_be_skipped(small_group):
    report = json.loads(run(small_group, "--skip-scan", "--skip-reports", "--json"))
    assert report["period_reports"] is None
