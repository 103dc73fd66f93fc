"""What the DPO sees in Prefect's own UI after a clock went overdue: Debian's headless Chromium on a live server.

A real ``prefect server start`` on a free loopback port (its own home and SQLite database, analytics off), a
child process that seeds an overdue Art. 33(1) clock and runs ``watch_deadlines`` and ``publish_register``
against it (``tests.flows.overdue_world``), then the browser: the dashboard counts the failed run, and the
``breach-register`` key's page, one click from the artifact list, shows the latest register, the overdue case
in its first row (Prefect's key page lists the versions, newest first, and opens the newest). Screenshots go
to ``test-artifacts/prefect/`` (or ``$BREACH_TEST_ARTIFACTS/prefect/``).

Without Chromium the test skips, except where ``CI`` or ``BREACH_REQUIRE_BROWSER`` is set: there it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.flows.overdue_world import LATE, TITLE

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("BREACH_TEST_ARTIFACTS") or ROOT / "test-artifacts") / "prefect"
REQUIRED_BY = ("CI", "BREACH_REQUIRE_BROWSER")
STARTUP_SECONDS = 90.0


def _chromium() -> str | None:
    configured = os.environ.get("BREACH_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_healthy(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"prefect server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as answer:  # noqa: S310  (our loopback server)
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"prefect server did not answer at {url} within {STARTUP_SECONDS:.0f} s")


@pytest.fixture
def live_prefect(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """A Prefect server and UI of its own on loopback; its origin and the environment that reaches it."""
    port = _free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{tmp_path / 'prefect.db'}",
        "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{tmp_path / 'prefect.db'}",
        "PREFECT_UI_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
    }
    prefect = str(Path(sys.executable).with_name("prefect"))
    server = subprocess.Popen(  # noqa: S603  (our own command line)
        [prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
    )
    try:
        _wait_healthy(env["PREFECT_API_URL"], server)
        yield f"http://127.0.0.1:{port}", env
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_the_dpo_sees_red_and_the_overdue_case_first(live_prefect: tuple[str, dict[str, str]], tmp_path: Path) -> None:
    """After an overdue clock: a failed "Overdue" watchdog run on the dashboard, the register's first row that case."""
    chromium = _chromium()
    if chromium is None:
        reason = "no chromium on this machine (apt-get install chromium); .ci/run installs it"
        if any(os.environ.get(name, "").lower() not in {"", "0", "false", "no"} for name in REQUIRED_BY):
            pytest.fail(f"{reason}, and CI / BREACH_REQUIRE_BROWSER requires the browser test", pytrace=False)
        pytest.skip(reason)
    origin, env = live_prefect
    child_env = {**env, "BREACH_DATABASE_URL": f"sqlite:///{tmp_path / 'breach.db'}", "BREACH_DPO_LANGUAGE": "en"}
    child_env["BREACH_ANCHOR_LOG"] = str(tmp_path / "anchors.log")
    ran = subprocess.run(
        [sys.executable, "-m", "tests.flows.overdue_world"],
        env=child_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    result = json.loads(ran.stdout.strip().splitlines()[-1])
    assert (result["type"], result["state"]) == ("FAILED", "Overdue")
    assert result["message"].startswith(f"1 overdue ({result['reference']})")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{origin}/dashboard")
            # The Flow Runs card: one tab per state type, its count beside the state's colour; Failed first.
            failed = page.locator("li#failed .flow-run-state-type-count__value")
            expect(failed).to_have_text("1", timeout=30_000)
            expect(page.locator("#failed-content")).to_contain_text("watch_deadlines")
            _shoot(page, "dashboard")
            # One click from the artifact list: the register key's page, where Prefect opens the newest version.
            page.goto(f"{origin}/artifacts")
            page.get_by_text("breach-register").first.click()
            expect(page.get_by_text("most urgent first")).to_be_visible(timeout=30_000)
            first_row = page.locator("table tbody tr").first
            expect(first_row).to_contain_text(LATE, timeout=30_000)
            expect(first_row).to_contain_text("OVERDUE")
            expect(first_row).to_contain_text(TITLE)
            expect(first_row).to_contain_text("Authority notification (Art. 33(1))")
            _shoot(page, "register")
        finally:
            browser.close()
