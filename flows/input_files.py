"""Reading the files people give the engine (directories, facts): bounded, as spreadsheets save them, no aliases.

- **Size**: a file is read and validated whole (the whole file or nothing), so its size bounds the memory an
  import takes; ``MAX_INPUT_BYTES`` is far above any real directory (10 000 customers in CSV are about
  1.9 MB, in YAML about 3.4 MB) and far below what would hurt the machine.
- **Encoding**: UTF-8, with or without the byte-order mark that Excel and LibreOffice write at the start of
  a "CSV UTF-8" file.
- **YAML aliases** (``*name``) of lists and mappings are refused: nine nested aliases in 423 bytes expand to
  hundreds of millions of values when the data are walked (a "billion laughs"), and a directory or facts
  file has no need of them (an alias of a plain value cannot expand, and is let through).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final, Literal

import yaml

from breach.errors import InvalidInput

MAX_INPUT_BYTES: Final = 32 * 1024 * 1024


def read_text(path: Path, error: type[InvalidInput] = InvalidInput) -> str:
    """The file's text, its byte-order mark dropped; ``error`` (naming ``file``) when unreadable or too large."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise error("file", str(path), f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_INPUT_BYTES:
        raise error("file", str(path), f"is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error("file", str(path), f"is not UTF-8 text (byte {exc.start})") from None


# libyaml's loader where PyYAML has it (every wheel for the usual platforms): 3 to 4 times faster than the
# pure-Python one on a 10 000-customer file.
_LOADER: Final[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(text: str, kind: Literal["JSON", "YAML"], path: Path, error: type[InvalidInput] = InvalidInput) -> Any:
    """The data of a JSON or YAML file; ``error`` (naming ``file``) on one line when it cannot be parsed."""
    try:
        return json.loads(text) if kind == "JSON" else load_yaml(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        # PyYAML's messages span lines (problem, then where): one line, as every refusal is.
        raise error("file", str(path), f"is not valid {kind}: {' '.join(str(exc).split())}") from None
    except RecursionError:
        # Thousands of nested brackets exhaust the parser's recursion; no directory or facts file nests so.
        raise error("file", str(path), "is nested too deeply") from None


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` refusing aliases; a ``yaml.YAMLError`` says what went wrong.

    An alias is a shared object in what the loader builds (the bomb's 9**9 leaves are nine lists, each
    holding the one below nine times), so building is cheap and a walk that meets a list or mapping twice
    finds it, long before anything expands it.
    """
    data = yaml.load(text, Loader=_LOADER)  # noqa: S506  (a safe loader)
    if _shares_containers(data):
        raise YamlAliasError("YAML aliases (*name) are not accepted: write the values out")
    return data


class YamlAliasError(yaml.YAMLError):
    """A YAML document that uses an alias of a list or a mapping."""


def _shares_containers(data: Any) -> bool:
    seen: set[int] = set()
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict | list):
            if id(value) in seen:
                return True
            seen.add(id(value))
            stack.extend(value.values() if isinstance(value, dict) else value)
    return False
