"""The customers' portal against a live server: sign-in cookie, own cases only, timeline, acknowledge, report."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from zoneinfo import ZoneInfo

import httpx
from sqlmodel import Session, select

from breach.db.models.incidents import CaseReport
from breach.db.models.outbox import Notice
from tests.api.support import CUSTOMER_A, CUSTOMER_B, T0, World, form_token, sign_in, snapshot


@contextmanager
def _signed_in(world: World, role: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=world.base, timeout=10, follow_redirects=False) as client:
        answer = sign_in(client, world.keys[role])
        assert answer.status_code == 303, answer.text
        assert answer.headers["location"] == "/portal/cases"
        yield client


def test_sign_in_sets_a_strict_http_only_cookie(world: World) -> None:
    """A customer key signs in with a cookie that is HttpOnly, SameSite=Strict and scoped to /portal; no key in it."""
    answer = sign_in(world.client, world.keys["customer_a"])
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
    assert "Path=/portal" in cookie
    assert world.keys["customer_a"] not in cookie
    assert answer.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_staff_and_bad_keys_cannot_sign_in(world: World) -> None:
    """A staff key answers 403, a wrong key 401, both with the login form again and no cookie."""
    staff = sign_in(world.client, world.keys["dpo"])
    assert staff.status_code == 403
    bad = sign_in(world.client, "brk_nothingnothing")
    assert bad.status_code == 401
    assert "set-cookie" not in bad.headers
    assert world.client.get("/portal/cases").status_code == 303


def test_cases_and_case_page_in_the_customers_language(world: World) -> None:
    """Customer A (Dutch) sees its case in Dutch with a timeline; never customer B's case, which answers 404."""
    with _signed_in(world, "customer_a") as client:
        listing = client.get("/portal/cases")
        assert listing.status_code == 200
        assert "Uw dossiers" in listing.text
        assert world.confirmed in listing.text
        assert CUSTOMER_B not in listing.text
        page = client.get(f"/portal/cases/{world.case_a}")
        assert page.status_code == 200
        assert "<svg" in page.text
        assert "Termijnen" in page.text
        assert "json://" not in page.text
        other = client.get(f"/portal/cases/{world.case_b}")
        assert other.status_code == 404
        assert CUSTOMER_B not in other.text


def test_acknowledge_and_report_through_the_portal(world: World) -> None:
    """The acknowledge button and the report form record, as the typed name and the key's holder."""
    with _signed_in(world, "customer_b") as client:
        csrf = form_token(client, f"/portal/cases/{world.case_b}")
        done = client.post(
            f"/portal/cases/{world.case_b}/notices/{world.notice_b}/acknowledge",
            data={"name": "Claire Martin", "csrf": csrf},
        )
        assert done.status_code == 200, done.text
        assert "Votre accusé de réception est enregistré." in done.text
        local = (T0 - timedelta(minutes=5)).astimezone(ZoneInfo("Europe/Paris")).strftime("%Y-%m-%dT%H:%M")
        report = client.post(
            f"/portal/cases/{world.case_b}/reports",
            data={"event": "subjects-informed", "at": local, "reason": "Letters sent.", "csrf": csrf},
        )
        assert report.status_code == 200, report.text
        assert "Votre déclaration est enregistrée." in report.text
    with Session(world.engine) as session:
        notice = session.get(Notice, world.notice_b)
        assert notice is not None
        assert notice.acknowledged_by == "Claire Martin"
        [row] = session.exec(select(CaseReport)).all()
        assert row.recorded_by.startswith("Claire Martin [key ")


def test_a_refused_report_shows_the_problem_and_writes_nothing(world: World) -> None:
    """An event from the future is refused on the page (422) naming the field in the customer's language, with
    its clock in the customer's words (issue 18: it was English on a Dutch page); nothing is stored."""
    with _signed_in(world, "customer_a") as client:
        csrf = form_token(client)
        before = snapshot(world.engine)
        answer = client.post(
            f"/portal/cases/{world.case_a}/reports",
            data={"event": "subjects-informed", "at": "2099-01-01T10:00", "csrf": csrf},
        )
        assert answer.status_code == 422
        assert "Wanneer: dit tijdstip ligt in de toekomst" in answer.text
        assert "is in the future" not in answer.text
        assert "at:" not in answer.text
        assert snapshot(world.engine) == before


def test_cross_site_forms_are_refused(world: World) -> None:
    """A form posted from another origin is refused with 403 and nothing recorded."""
    with _signed_in(world, "customer_a") as client:
        csrf = form_token(client)
        before = snapshot(world.engine)
        answer = client.post(
            f"/portal/cases/{world.case_a}/notices/{world.notice_a}/acknowledge",
            data={"name": "Mallory", "csrf": csrf},
            headers={"Origin": "https://evil.example.org"},
        )
        assert answer.status_code == 403
        assert snapshot(world.engine) == before


def test_a_forged_cookie_is_not_a_session(world: World) -> None:
    """An altered session cookie sends the visitor back to the sign-in page."""
    with _signed_in(world, "customer_a") as client:
        value = client.cookies.get("breach_portal")
        assert value is not None
        client.cookies.clear()
        # A character inside the signature, changed: the last ones of base64 may carry bits a decoder ignores
        # ("...AB" and "...AA" can sign the same bytes), which let this test pass a forged cookie now and then.
        middle = len(value) - 10
        forged = value[:middle] + ("B" if value[middle] == "A" else "A") + value[middle + 1 :]
        client.cookies.set("breach_portal", forged, path="/portal")
        assert client.get("/portal/cases").status_code == 303
        assert CUSTOMER_A not in client.get("/portal").text


def test_the_evidence_pack_downloads_from_the_case_page(world: World) -> None:
    """The case page's link gives the customer's own pack as a zip; another customer's case answers 404."""
    with _signed_in(world, "customer_a") as client:
        pack = client.get(f"/portal/cases/{world.case_a}/evidence")
        assert pack.status_code == 200
        assert pack.headers["content-type"] == "application/zip"
        assert pack.content.startswith(b"PK")
        assert client.get(f"/portal/cases/{world.case_b}/evidence").status_code == 404


def test_the_support_packs_download_from_the_case_page(world: World) -> None:
    """The case page lists the three packs in the customer's language with Markdown and HTML links; each link
    downloads the pack in that language; another customer's case and an unknown pack answer 404."""
    with _signed_in(world, "customer_a") as client:
        page = client.get(f"/portal/cases/{world.case_a}")
        assert "Ondersteuningspakketten" in page.text
        assert "Melding aan de toezichthoudende autoriteit (art. 33 AVG)" in page.text
        for kind in ("authority", "subjects", "dpia"):
            for fmt in ("md", "html"):
                assert f'href="/portal/cases/{world.case_a}/packs/{kind}?format={fmt}"' in page.text
        before = snapshot(world.engine)
        markdown = client.get(f"/portal/cases/{world.case_a}/packs/authority?format=md")
        assert markdown.status_code == 200
        assert markdown.headers["content-type"] == "text/markdown; charset=utf-8"
        assert markdown.headers["content-disposition"] == (
            f'attachment; filename="PACK-{world.confirmed}-authority.md"'
        )
        first = markdown.text.splitlines()[0]
        assert first == f"# Ontwerpen van melding aan de toezichthoudende autoriteiten — {world.confirmed}"
        page_html = client.get(f"/portal/cases/{world.case_a}/packs/dpia?format=html")
        assert page_html.status_code == 200
        assert page_html.headers["content-type"] == "text/html; charset=utf-8"
        assert '<html lang="nl">' in page_html.text
        assert snapshot(world.engine) == before
        other = client.get(f"/portal/cases/{world.case_b}/packs/authority?format=md")
        assert other.status_code == 404
        assert "Dit dossier bestaat niet" in other.text
        assert CUSTOMER_B not in other.text
        assert world.confirmed not in other.text
        for unknown in ("packs/consultation", "packs/authority?format=pdf"):
            answer = client.get(f"/portal/cases/{world.case_a}/{unknown}")
            assert answer.status_code == 404
            assert "Dit pakket bestaat niet" in answer.text
    assert world.client.get(f"/portal/cases/{world.case_a}/packs/authority").status_code == 303  # signed out
