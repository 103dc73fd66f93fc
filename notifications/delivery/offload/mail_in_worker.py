"""A render worker renders a notice to an e-mail contact and builds its e-mail too (issue 19).

E-mail is CPU-bound in the sending process: Apprise builds each MIME message (the HTML-to-text
alternative, quoted-printable, the generator) in the thread that sends it, holding the GIL. A batch
already renders in worker processes (``notifications.render.rendering.RenderPool``, one per core beyond
the first); for a notice whose one URL is ``mailto://``/``mailtos://`` the worker runs this instead of
``render_notice``: the same rendering, then the e-mail built as Apprise would
(``notifications.channels.mail.prepare``). The sending thread only talks SMTP. A process pool inside the
sending step, not Prefect task runners: the cost is per message (milliseconds), where a Prefect task per
message would cost more than it saves and a task per batch already exists (``handle_incident``).
"""

from __future__ import annotations

from notifications.channels import mail
from notifications.channels.channel import OutgoingMessage, keyed_url
from notifications.context.build import AlertContext, NoticeContext
from notifications.packs.case_packs import PackContext
from notifications.packs.support_notice import render_with_packs
from notifications.render import payload
from notifications.render.rendering import Rendition, render_notice


def wants_worker(urls: tuple[str, ...]) -> bool:
    """Whether a notice's e-mail can be built in a render worker: one e-mail URL."""
    return len(urls) == 1 and urls[0].split("://", 1)[0].lower() in mail.SCHEMES


def render_and_prepare(  # noqa: PLR0917  (RenderPool.submit passes a task positional arguments)
    kind: str,
    language: str,
    context: NoticeContext | AlertContext,
    with_payload: bool,
    packs: tuple[PackContext, ...],
    url: str,
    notice_key: str,
    possible_duplicate: bool,
) -> tuple[Rendition, mail.Prepared | None]:
    """The notice rendered (as ``render_notice`` or ``render_with_packs``) and its e-mail to ``url`` built;
    the e-mail is None when it is better built by Apprise in the sending process."""
    if packs and isinstance(context, NoticeContext):
        rendition = render_with_packs(kind, language, context, with_payload, packs)
    else:
        rendition = render_notice(kind, language, context, with_payload)
    rendered = rendition.rendered
    if rendered is None:
        return rendition, None
    files = ((payload.FILENAME, rendition.document, "application/json"),) if rendition.document is not None else ()
    keyed = keyed_url(url, OutgoingMessage(notice_key, "", "", possible_duplicate=possible_duplicate))
    prepared = mail.prepare(
        url, keyed, subject=rendered.subject, html=rendered.html, attachments=files + tuple(rendition.files)
    )
    return rendition, prepared
