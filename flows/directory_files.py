"""Reading controller-directory files (YAML, JSON or CSV) into the data ``breach.directory.entries`` validates.

CSV has one customer per row; ``contacts`` holds whitespace-separated Apprise URLs, each optionally
prefixed ``full:`` or ``minimal:``; ``services`` holds ``code=data_subjects`` pairs; list columns
(``other_authorities``, ``included_support``) are whitespace-separated. Services themselves are declared in
YAML or exist already.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import apprise
import yaml

from breach.errors import DirectoryFileError
from flows.input_files import YamlAliasError, load_yaml, parse, read_text

CSV_COLUMNS = (
    "name",
    "role",
    "body",
    "language",
    "timezone",
    "lead_authority",
    "other_authorities",
    "financial_entity",
    "telecom_provider",
    "security_notices",
    "sla_hours",
    "account_manager",
    "account_manager_contact",
    "included_support",
    "contacts",
    "services",
)
_BOOLS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
_ROW = re.compile(r"^customers\[(\d+)\](.*)$")
_DIGITS = re.compile(r"[0-9]{1,18}")

Locate = Callable[[str], str]


def read(path: Path) -> tuple[Any, Locate]:
    """The file's data and a function that turns a field path into the user's terms."""
    text = read_text(path, DirectoryFileError)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(text), _csv_locate
    if suffix in {".yaml", ".yml", ".json"}:
        data = parse(text, "JSON" if suffix == ".json" else "YAML", path, DirectoryFileError)
        return expand_apprise_configs(data, path.parent), _same
    raise DirectoryFileError("file", str(path), "unknown format (use .yaml, .yml, .json or .csv)")


def expand_apprise_configs(data: Any, base: Path) -> Any:
    """Contacts given as ``{config: FILE}`` (an Apprise YAML or text configuration, relative to the
    directory file) become the URLs it lists, in its order, with its tags."""
    if not isinstance(data, dict) or not isinstance(data.get("customers"), list):
        return data
    for i, entry in enumerate(data["customers"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("contacts"), list):
            continue
        expanded: list[Any] = []
        for j, contact in enumerate(entry["contacts"]):
            if isinstance(contact, dict) and "config" in contact:
                expanded.extend(_from_config(base / str(contact["config"]), contact, f"customers[{i}].contacts[{j}]"))
            else:
                expanded.append(contact)
        entry["contacts"] = expanded
    return data


def _from_config(path: Path, contact: dict[str, Any], field: str) -> list[dict[str, Any]]:
    if not path.is_file():
        raise DirectoryFileError(f"{field}.config", str(path), "no such Apprise configuration file")
    _refuse_bombs(path, f"{field}.config")
    config = apprise.AppriseConfig()
    if not config.add(str(path)):
        raise DirectoryFileError(f"{field}.config", str(path), "Apprise cannot read this configuration")
    servers = config.services()
    if not servers:
        raise DirectoryFileError(f"{field}.config", str(path), "the configuration lists no usable URL")
    extra = {k: v for k, v in contact.items() if k in {"detail", "label"}}
    return [{"url": server.url(), "tags": sorted(str(t) for t in server.tags), **extra} for server in servers]


def _refuse_bombs(path: Path, field: str) -> None:
    """The size limit and the alias rule of our own files, before Apprise (which parses YAML without them)
    reads an Apprise configuration; a text configuration is not YAML, and that is no fault."""
    text = read_text(path, DirectoryFileError)
    try:
        load_yaml(text)
    except YamlAliasError as exc:
        raise DirectoryFileError(field, str(path), str(exc)) from None
    except (yaml.YAMLError, RecursionError):
        return


def _same(path: str) -> str:
    return path


def _csv_locate(path: str) -> str:
    match = _ROW.match(path)
    if match is None:
        return path
    index = int(match.group(1))
    # Line 1 is the header.
    return f"line {index + 2}: customers[{index}]{match.group(2)}"


def _read_csv(text: str) -> dict[str, Any]:
    reader = csv.DictReader(io.StringIO(text))
    try:
        return _csv_rows(reader)
    except csv.Error as exc:
        # Such as a cell over the csv module's 131 072-character limit: named by its line, not a traceback.
        raise DirectoryFileError(f"line {reader.line_num + 1}", None, f"is not valid CSV: {exc}") from None


def _csv_rows(reader: csv.DictReader[str]) -> dict[str, Any]:
    header = reader.fieldnames or []
    for index, column in enumerate(header):
        if column not in CSV_COLUMNS:
            raise DirectoryFileError("header", column, f"unknown column (known: {', '.join(CSV_COLUMNS)})")
        if column in header[:index]:
            # csv.DictReader would keep the last of the two cells silently.
            raise DirectoryFileError("header", column, "this column appears twice")
    customers: list[dict[str, Any]] = []
    for index, row in enumerate(reader):
        if None in row:
            # The extra cells are counted, not shown: a contact URL split by an unquoted comma holds secrets.
            extra = len(row[None])
            raise DirectoryFileError(_csv_locate(f"customers[{index}]"), f"{extra} extra", "more cells than columns")
        customers.append(_customer(index, row))
    return {"customers": customers}


def _customer(index: int, row: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column, raw in row.items():
        value = (raw or "").strip()
        if not value:
            continue
        if column in {"financial_entity", "telecom_provider", "security_notices"}:
            if value.lower() not in _BOOLS:
                raise DirectoryFileError(_csv_locate(f"customers[{index}].{column}"), value, "expected true or false")
            out[column] = _BOOLS[value.lower()]
        elif column == "sla_hours":
            out[column] = _whole_number(value, f"customers[{index}].{column}")
        elif column in {"other_authorities", "included_support"}:
            out[column] = value.split()
        elif column == "contacts":
            out[column] = [_contact(item) for item in value.split()]
        elif column == "services":
            out[column] = [_service(index, j, item) for j, item in enumerate(value.split())]
        else:
            out[column] = value
    return out


def _contact(item: str) -> dict[str, str]:
    for level in ("full", "minimal"):
        if item.startswith(level + ":") and not item.startswith(level + "://"):
            return {"url": item.removeprefix(level + ":"), "detail": level}
    return {"url": item}


def _service(index: int, position: int, item: str) -> dict[str, Any]:
    code, sep, count = item.partition("=")
    if not sep:
        return {"code": code}
    path = f"customers[{index}].services[{position}].data_subjects"
    return {"code": code, "data_subjects": _whole_number(count, path)}


def _whole_number(text: str, path: str) -> int:
    # ASCII digits only: str.isdigit() also takes superscripts, which int() refuses with a traceback.
    if not _DIGITS.fullmatch(text):
        raise DirectoryFileError(_csv_locate(path), text, "expected a whole number")
    return int(text)
