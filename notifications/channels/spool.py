"""``spool://`` — an Apprise scheme that writes each message as a file, for the demo and for tests.

Registered through Apprise's own custom-scheme hook (``apprise.decorators.notify``), so it goes through
exactly the path a real channel does. ``spool://HOST/BOX`` writes under ``<spool dir>/HOST/BOX/``; the
spool directory is set with ``configure`` (the demo does) or ``BREACH_SPOOL_DIR`` at send time.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

from apprise.decorators import notify

_state: dict[str, Path] = {}
_SAFE = re.compile(r"[^A-Za-z0-9._@-]+")


def configure(directory: Path) -> None:
    _state["dir"] = directory


def spool_dir() -> Path:
    return _state.get("dir") or Path(os.environ.get("BREACH_SPOOL_DIR", "spool"))


def _box(meta: dict[str, Any]) -> Path:
    host = _SAFE.sub("_", str(meta.get("host") or "local"))
    path = [_SAFE.sub("_", p) for p in str(meta.get("fullpath") or "").split("/") if p and p not in {".", ".."}]
    return spool_dir().joinpath(host, *path)


@notify(on="spool", name="Breach engine spool folder")
def _deliver(body: str, title: str, notify_type: str, meta: dict[str, Any], *args: Any, **kwargs: Any) -> bool:
    box = _box(meta)
    box.mkdir(parents=True, exist_ok=True)
    query = meta.get("qsd") or {}
    key = str(query.get("notice_key", ""))
    duplicate = query.get("possible_duplicate") == "yes"
    stem = f"{time.time_ns()}-{_SAFE.sub('_', key) or 'message'}"
    if query.get("channel") == "webhook":
        payload = {"title": title, "message": body, "notice_key": key, "possible_duplicate": duplicate}
        (box / f"{stem}.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    else:
        headers = f"Subject: {title}\nX-Breach-Notice-Key: {key}\n"
        if duplicate:
            headers += "X-Breach-Possible-Duplicate: yes\n"
        (box / f"{stem}.txt").write_text(f"{headers}\n{body}", encoding="utf-8")
    for index, attachment in enumerate(kwargs.get("attach") or []):
        name = _SAFE.sub("_", getattr(attachment, "name", None) or f"attachment-{index}")
        with attachment.open() as source, (box / f"{stem}-{name}").open("wb") as target:
            shutil.copyfileobj(source, target)
    return True
