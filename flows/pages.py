"""The Jinja environment of the web pages (acknowledgement and portal): sandboxed, strict, autoescaped."""

from __future__ import annotations

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from notifications.rendering import templates_dir


def page_environment(folder: str, *pages: str) -> SandboxedEnvironment:
    """Pages under ``templates/<folder>``; ``pages`` are compiled now, so a missing one fails at start,
    not at a reader's click."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(templates_dir() / folder)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    for name in pages:
        env.get_template(name)
    return env
