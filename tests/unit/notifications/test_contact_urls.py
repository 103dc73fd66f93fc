"""Checking a contact URL without Apprise's eager log lines gives what ``Apprise.instantiate`` gives."""

from __future__ import annotations

import logging

import apprise
import pytest

from notifications.channels.contacts import _instantiate, check_contact

URLS = (
    "mailto://notify:pw@mail.example.org?to=privacy@brouwerij.example.org",
    "mailtos://notify:pw@mail.example.org:587?to=a@b.example.org&from=c@d.example.org",
    "mailto://",
    "json://hooks.example.org/breach/1",
    "jsons://user:secret@hooks.example.org:8443/a/b?-X-Token=abc",
    "json://",
    "xml://hooks.example.org/x",
    "form://hooks.example.org/f",
    "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ",
    "slack://T1JJ3T3L2",
    "msteams://team/abcd/efgh/ijkl",
    "discord://1234/abcdefg",
    "https://discord.com/api/webhooks/4174216298/JHMHI8qBe7bk2ZwO5U711o3dV_js",  # a native URL: fallback
    "https://hooks.example.org/plain",
    "bogus://x",
    "spool://outbox/customer-1",
)


@pytest.mark.parametrize("url", URLS)
def test_the_quiet_check_agrees_with_apprise(url: str) -> None:
    """The same plugin class, the same privacy form, and None exactly where Apprise gives None."""
    scheme = url.split("://", 1)[0].lower()
    ours = _instantiate(url, scheme)
    theirs = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    assert (ours is None) == (theirs is None)
    if ours is not None and theirs is not None:
        assert type(ours) is type(theirs)
        assert ours.url(privacy=True) == theirs.url(privacy=True)  # type: ignore[no-untyped-call]


def test_a_usable_url_is_described_and_an_unusable_one_refused() -> None:
    """``check_contact`` still shows a URL without its password and refuses what Apprise cannot use."""
    info = check_contact(URLS[0])
    assert "pw" not in info.display
    with pytest.raises(ValueError, match="mailto://"):
        check_contact("mailto://")


def test_apprise_lines_never_reach_the_root_logger() -> None:
    """Apprise logs an unusable URL as written ("Unparseable URL nosuch://s3cret"); a flow's process has a
    console handler on its root logger, so its lines must stop at Apprise's own logger (no secret in a log)."""
    seen: list[str] = []
    console = logging.Handler(logging.DEBUG)
    console.emit = lambda record: seen.append(record.getMessage())  # type: ignore[method-assign]
    root = logging.getLogger()
    root.addHandler(console)
    try:
        with pytest.raises(ValueError, match="cannot use this nosuch:// URL"):
            check_contact("nosuch://s3cret")
    finally:
        root.removeHandler(console)
    assert [line for line in seen if "s3cret" in line] == []
