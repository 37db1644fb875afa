"""The embedded PostgreSQL's list of client processes survives hard kills."""

from __future__ import annotations

import json
import os
import subprocess

from vaxjo_riktning.embedded import _forget_dead_handles


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_dead_processes_are_forgotten_and_living_ones_kept(tmp_path):
    handles = tmp_path / ".handle_pids.json"
    handles.write_text(json.dumps([_dead_pid(), os.getpid()]))
    _forget_dead_handles(handles)
    assert json.loads(handles.read_text()) == [os.getpid()]


def test_a_list_left_empty_or_half_written_by_a_kill_is_repaired(tmp_path):
    handles = tmp_path / ".handle_pids.json"
    for broken in ("", "[12", "null"):
        handles.write_text(broken)
        _forget_dead_handles(handles)
        assert json.loads(handles.read_text()) == []


def test_a_missing_list_stays_missing(tmp_path):
    _forget_dead_handles(tmp_path / ".handle_pids.json")
    assert not (tmp_path / ".handle_pids.json").exists()
