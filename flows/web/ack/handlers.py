"""What the acknowledgement routes do, in a worker thread (the database calls block): show a notice's page,
or record who acknowledged it (``notifications.ack.acknowledge``), each refusal as its page."""

from __future__ import annotations

from breach.clock import Clock
from breach.errors import InvalidInput, NotFound
from flows.web.ack.pages import AckPages, Answer, view
from notifications import ack
from notifications.delivery.sender import UnitOfWork


class Acknowledgements:
    """Showing and recording acknowledgements under the link secret, in the given database and clock."""

    def __init__(self, pages: AckPages, *, secret: str, unit_of_work: UnitOfWork, clock: Clock) -> None:
        self.pages = pages
        self.secret = secret
        self.uow = unit_of_work
        self.clock = clock

    def show(self, token: str, browser: str) -> Answer:
        pages = self.pages
        try:
            key = ack.verify(token, secret=self.secret, now=self.clock.now())
        except ack.TokenRefused as exc:
            return pages.refused(exc.reason, browser)
        try:
            with self.uow() as session:
                summary = ack.summary(key, session=session)
        except NotFound:
            return pages.refused("unknown", browser)
        except ack.NotAcknowledgeable:
            return pages.refused("not_acknowledgeable", browser)
        if summary.acknowledged_at is not None:
            # Looking again at an acknowledged notice is no conflict: the page says who acknowledged it.
            return pages.render("refused.html", summary.words, reason="reused", notice=view(summary))
        return pages.render("ack.html", summary.words, notice=view(summary), problem="", name="")

    def record(self, token: str, name: str, browser: str) -> Answer:
        pages = self.pages
        now = self.clock.now()
        try:
            key = ack.verify(token, secret=self.secret, now=now)
        except ack.TokenRefused as exc:
            return pages.refused(exc.reason, browser)
        try:
            with self.uow() as session:
                summary = ack.acknowledge(session=session, notice_key=key, by=name, via="web", now=now)
        except NotFound:
            return pages.refused("unknown", browser)
        except ack.NotAcknowledgeable:
            return pages.refused("not_acknowledgeable", browser)
        except ack.AlreadyAcknowledged:
            with self.uow() as session:
                again = ack.summary(key, session=session)
            return pages.refused("reused", again.words, view(again))
        except InvalidInput:
            return self._again(key, name)
        return pages.render("done.html", summary.words, notice=view(summary))

    def _again(self, key: str, name: str) -> Answer:
        """The name was missing or too long: the form again, with what was typed."""
        with self.uow() as session:
            current = ack.summary(key, session=session)
        return self.pages.render(
            "ack.html",
            current.words,
            400,
            notice=view(current),
            problem=self.pages.word(current.words, "name_problem"),
            name=name[: ack.MAX_NAME_LENGTH],
        )
