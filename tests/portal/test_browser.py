"""The customers' portal in a real browser: Debian's headless Chromium, driven by Playwright, against the live app.

A French customer (Europe/Paris) whose notice was delivered signs in with its key through the form, finds its
case in its own language, reads the timeline (each clock a bar from its start to its due time, a line for now,
on its own wall clock: the 72 hours run across the change to summer time), acknowledges the notice and reports
that it notified its authority; the database shows both, and the 72-hour clock is met. It then downloads
its evidence pack and, from the case page's list, its authority pack (a French draft). What an HTTP
client cannot see is checked here: the pages work under their Content Security Policy and
``Referrer-Policy: same-origin`` (the browser names our origin on our own forms, each with its CSRF token),
the session cookie is kept and sent, and the SVG is laid out where the times say.

Playwright drives the system's Chromium (``executable_path``); it never downloads a browser of its own.
Without Chromium the test skips, except where ``CI`` or ``BREACH_REQUIRE_BROWSER`` is set (``.ci/run``
installs it): there it fails. Screenshots are kept in ``test-artifacts/portal/`` (or
``$BREACH_TEST_ARTIFACTS/portal/``) and their folder is printed.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlmodel import Session, select

from breach.db.models.directory import Customer
from breach.db.models.incidents import CaseReport, ControllerCase, Incident
from breach.db.models.outbox import Notice
from breach.deadlines.status import format_local
from breach.incidents.store.awareness import record_first_delivery
from breach.vocabulary import NoticeStatus
from flows.evidence import verify_pack
from notifications.i18n import formats
from tests.api.support import T0, World

PARIS = "Europe/Paris"
REQUIRED_BY = ("CI", "BREACH_REQUIRE_BROWSER")  # where a missing browser fails the run instead of skipping
ARTIFACTS = Path(os.environ.get("BREACH_TEST_ARTIFACTS") or Path(__file__).resolve().parents[2] / "test-artifacts")


def _chromium() -> str | None:
    """Debian's Chromium (or ``BREACH_CHROMIUM``), ``None`` when this machine has none."""
    configured = os.environ.get("BREACH_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the module; each test opens its own context (cookies, locale)."""
    path = _chromium()
    if path is None:
        reason = "no chromium on this machine (apt-get install chromium); .ci/run installs it"
        if any(os.environ.get(name, "").lower() not in {"", "0", "false", "no"} for name in REQUIRED_BY):
            pytest.fail(f"{reason}, and CI / BREACH_REQUIRE_BROWSER requires the browser test", pytrace=False)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, headless=True)
        try:
            yield launched
        finally:
            launched.close()


def _delivered(world: World, at: datetime) -> None:
    """Customer B's notice reached it at ``at``: it is aware, its 72 hours run, our own clock is met."""
    with Session(world.engine, expire_on_commit=False) as session:
        notice = session.get(Notice, world.notice_b)
        case = session.get(ControllerCase, world.case_b)
        assert notice is not None
        assert case is not None
        incident, customer = session.get(Incident, case.incident_id), session.get(Customer, case.customer_id)
        assert incident is not None
        assert customer is not None
        notice.status, notice.delivered_at = NoticeStatus.DELIVERED, at
        session.add(notice)
        record_first_delivery(session=session, incident=incident, case=case, customer=customer, at=at, now=at)
        session.commit()


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _shoot(page: Page, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _shown(at: datetime) -> str:
    """``at`` as the French customer reads it on Paris time ("30 mars 2026 à 10:40 CEST (UTC+02:00)")."""
    return formats.moment(at, PARIS, formats.locale_for("fr"))


def _check_timeline(page: Page, deadlines: list[dict[str, Any]]) -> None:
    """The drawn bars run from each clock's start to its due time on one time scale, the now line at now."""
    bars = page.locator("svg rect")
    expect(bars).to_have_count(len(deadlines))
    boxes = []
    for i, deadline in enumerate(deadlines):
        start, due = _instant(deadline["start_at"]), _instant(deadline["due_at"])
        # Each bar's tooltip says its start and due time on the customer's wall clock.
        expect(bars.nth(i).locator("title")).to_have_text(f"{_shown(start)} → {_shown(due)}")
        box = bars.nth(i).bounding_box()
        assert box is not None
        boxes.append((start, due, box))
    # Pixels per second from the longest bar (bars have a minimum width of 2 units; a long one has none).
    start0, due0, box0 = max(boxes, key=lambda b: b[1] - b[0])
    scale = box0["width"] / (due0 - start0).total_seconds()

    def x(at: datetime) -> float:
        return box0["x"] + (at - start0).total_seconds() * scale

    for start, due, box in boxes:
        assert box["x"] == pytest.approx(x(start), abs=2)
        assert box["x"] + box["width"] == pytest.approx(max(x(due), x(start) + 3), abs=3)
    now_line = page.locator("svg line[stroke-dasharray]").bounding_box()
    assert now_line is not None
    assert now_line["x"] + now_line["width"] / 2 == pytest.approx(x(T0), abs=2)
    running = [box for start, due, box in boxes if start < T0 < due]
    assert running, "a confirmed case has clocks running now"
    for box in running:
        assert box["x"] < now_line["x"] < box["x"] + box["width"]
    expect(page.locator("svg")).to_contain_text(f"maintenant {_shown(T0)}")


def test_a_customer_signs_in_reads_its_timeline_acknowledges_and_reports(
    browser: Browser, world: World, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    """Sign in with the key, case list and case in French on Paris time, timeline drawn, acknowledge, report,
    download the evidence pack and a support pack."""
    shots = ARTIFACTS / "portal" / request.node.name.replace("[", "-").rstrip("]")
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    _delivered(world, T0 - timedelta(minutes=20))
    case = world.client.get(f"/me/cases/{world.case_b}", headers=world.auth("customer_b")).json()
    assert case["timezone"] == PARIS
    assert case["language"] == "fr"
    clocks = {d["rule"]: d for d in case["deadlines"]}
    assert set(clocks) == {"dpa.8.1b", "gdpr.33.1"}
    # 72 real hours from 09:40 CET end at 10:40 CEST: Paris moves to summer time on 29 March 2026.
    assert format_local(_instant(clocks["gdpr.33.1"]["due_at"]), PARIS) == "2026-03-30 10:40 CEST (+02:00)"

    # An English browser: the sign-in page follows it, every page after it follows the customer.
    context = browser.new_context(locale="en-GB", timezone_id="UTC", viewport={"width": 1000, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{world.base}/portal")
        expect(page.locator("h1")).to_have_text("Your breach cases")
        _shoot(page, shots, "1-sign-in")
        page.fill("#key", world.keys["customer_b"])
        page.click("button[type=submit]")

        page.wait_for_url(f"{world.base}/portal/cases")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        expect(page.locator("h1")).to_have_text("Vos dossiers")
        expect(page.locator("nav")).to_contain_text("Connecté en tant que Claire Martin")
        next_due = _instant(case["next_due"]["due_at"])
        expect(page.locator("table")).to_contain_text(_shown(next_due))
        expect(page.locator("main")).not_to_contain_text("Brouwerij")  # another customer's case
        _shoot(page, shots, "2-cases")

        page.click(f"a:text('{world.confirmed}')")
        page.wait_for_url(f"{world.base}/portal/cases/{world.case_b}")
        expect(page.locator("h1")).to_contain_text(world.confirmed)
        expect(page.locator("dl")).to_contain_text(PARIS)
        expect(page.locator("dl")).to_contain_text("27 mars 2026 à 09:40 CET (UTC+01:00)")  # aware since delivery
        _check_timeline(page, case["deadlines"])
        for deadline in case["deadlines"]:
            expect(page.locator("table").first).to_contain_text(_shown(_instant(deadline["due_at"])))
        _shoot(page, shots, "3-case")

        page.fill("input[name=name]", "Claire Martin")
        page.click("form.inline button")
        expect(page.locator("p.done")).to_have_text("Votre accusé de réception est enregistré.")
        expect(page.locator("form.inline")).to_have_count(0)

        page.select_option("#event", "authority-notified")
        page.fill("#at", "2026-03-27T09:45")  # Paris wall clock: 08:45 UTC, after awareness, before now
        page.fill("#authority_reference", "CNIL-2026-0042")
        page.click("text=Enregistrer la déclaration")
        expect(page.locator("p.done")).to_have_text("Votre déclaration est enregistrée.")
        # In the customer's words, not the engine's identifiers.
        expect(page.locator("main")).to_contain_text("vous avez notifié la violation à votre autorité de contrôle")
        expect(page.locator("main")).not_to_contain_text("authority_reference")
        # The 72-hour clock is met at 09:45 Paris time: its row says so and its bar turns green.
        row = page.locator("tr", has_text="30 mars 2026 à 10:40 CEST (UTC+02:00)")
        expect(row).to_contain_text("respectée (27 mars 2026 à 09:45 CET (UTC+01:00))")
        expect(page.locator("svg rect[fill='#15803d']")).to_have_count(2)
        path = _shoot(page, shots, "4-reported")
        assert path.stat().st_size > 10_000
        # The evidence pack, downloaded as the customer's browser does: a zip that verifies, with the report.
        with page.expect_download() as download_info:
            page.click(f"a[href='/portal/cases/{world.case_b}/evidence']")
        download = download_info.value
        assert download.suggested_filename == f"{world.confirmed}-evidence.zip"
        evidence = Path(download.path()).read_bytes()
        assert verify_pack(evidence) == []
        with zipfile.ZipFile(io.BytesIO(evidence)) as pack:
            assert any("CNIL-2026-0042" in pack.read(name).decode("utf-8", "replace") for name in pack.namelist())
        # A support pack from the case page's list: the authority draft in French, now a follow-up to the CNIL.
        with page.expect_download() as download_info:
            page.click(f"a[href='/portal/cases/{world.case_b}/packs/authority?format=md']")
        download = download_info.value
        assert download.suggested_filename == f"PACK-{world.confirmed}-authority.md"
        draft = Path(download.path()).read_text(encoding="utf-8")
        assert draft.splitlines()[0] == f"# Projets de notification aux autorités de contrôle — {world.confirmed}"
        assert "CNIL-2026-0042" in draft
    finally:
        context.close()
    with capsys.disabled():
        print(f"\nportal screenshots: {shots}")

    with Session(world.engine) as session:
        notice = session.get(Notice, world.notice_b)
        assert notice is not None
        assert notice.acknowledged_by == "Claire Martin"
        [report] = session.exec(select(CaseReport).where(CaseReport.case_id == world.case_b)).all()
        assert report.event == "authority-notified"
        assert report.details == {"authority_reference": "CNIL-2026-0042"}
        assert report.occurred_at == _instant("2026-03-27T08:45:00+00:00")
        assert report.recorded_by.startswith("Claire Martin [key ")
    after = world.client.get(f"/me/cases/{world.case_b}", headers=world.auth("customer_b")).json()
    assert after["acknowledged_at"] is not None
    assert [r["event"] for r in after["reports"]] == ["authority-notified"]
    met = {d["rule"]: d["met_at"] for d in after["deadlines"]}
    assert _instant(met["gdpr.33.1"]) == _instant("2026-03-27T08:45:00+00:00")
