"""Render workers, and multiprocessing's resource tracker, end when the process that started them is SIGKILLed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
# A delivering process in miniature: start the pool of two workers, render one notice in it, then idle.
PARENT = """
import sys, time
from notifications.render.rendering import render_or_reason, render_pool
from tests.notice_contexts import complete_context

pool = render_pool(2)
deadline = time.monotonic() + 120
while not pool.ready():
    assert time.monotonic() < deadline, "the render workers did not start"
    time.sleep(0.05)
context = complete_context(language="en")
rendered = pool.submit(render_or_reason, "initial", "en", context).result(timeout=120)
assert not isinstance(rendered, str), rendered
print("rendered", flush=True)
time.sleep(600)
"""


def _group(pgid: int) -> dict[int, str]:
    """The live processes of process group ``pgid`` and their state (zombies, already ended, left out)."""
    found: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid pgrp ...: comm may hold spaces, so split after its closing parenthesis.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            found[int(entry.name)] = fields[0]
    return found


def _command(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_no_render_worker_outlives_a_killed_parent() -> None:
    """SIGKILL the parent after one render: within a few seconds none of its children remains."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # Its own session: its children share its process group, even once reparented.
    parent = subprocess.Popen(  # noqa: S603  (a fixed argument list)
        [sys.executable, "-c", PARENT], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    children: set[int] = set()
    try:
        assert parent.stdout is not None
        assert parent.stdout.readline().strip() == "rendered"
        children = set(_group(parent.pid)) - {parent.pid}
        commands = [_command(pid) for pid in children]
        # The worker started so far (workers start as work needs them) and the resource tracker.
        assert any("resource_tracker" in c for c in commands), commands
        assert any("spawn_main" in c and "resource_tracker" not in c for c in commands), commands
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 5
        while _group(parent.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _group(parent.pid) == {}
    finally:
        if parent.stdout is not None:
            parent.stdout.close()
        if parent.poll() is None:
            os.kill(parent.pid, signal.SIGKILL)
            parent.wait(timeout=10)
        for pid in set(_group(parent.pid)) & children:  # only the processes this test started
            os.kill(pid, signal.SIGKILL)
