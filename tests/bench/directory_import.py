"""How long `breach customers import` takes for a large directory, first import and re-import.

    python tests/bench/directory_import.py --customers 10000 [--format csv|yaml] [--database sqlite|postgresql|both]

For each database (a fresh SQLite file; a fresh PostgreSQL database on ``BREACH_BENCH_POSTGRES_URL``,
default the local test server, dropped at the end) it declares two services, writes a directory file of N
fictional customers (mixed languages, zones and authorities, two contacts each: an e-mail and a webhook,
two service uses each), then times what the command does, in this process: read the file, validate it
whole (Apprise checks every contact URL), write it and commit (``import_s``); then the same file again,
where every customer is an update (``reimport_s``). It checks the database holds N customers, 2N contacts
and 2N service uses after each. The last line is one JSON object per database run, in a list.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the checkout importable (tests.bench.*)
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench import harness

LANGUAGES = ("nl", "fr", "de", "en")
ZONES = ("Europe/Brussels", "Europe/Amsterdam", "Europe/Paris", "Europe/Berlin", "Europe/Dublin", "Europe/Luxembourg")
# Private companies all: a German one answers to its Land (here North Rhine-Westphalia), not to the BfDI.
AUTHORITIES = ("BE-GBA", "NL-AP", "FR-CNIL", "DE-NW", "IE-DPC", "LU-CNPD")
SERVICES = {"services": [{"code": "mail-hosting", "name": "Hosted e-mail"}, {"code": "crm-cloud", "name": "CRM"}]}


def rows(count: int) -> list[dict[str, Any]]:
    """N fictional customers as a directory file's entries."""
    out = []
    for i in range(count):
        k = i % len(ZONES)
        out.append(
            {
                "name": f"Klant {i:05d} BV",
                "language": LANGUAGES[i % len(LANGUAGES)],
                "timezone": ZONES[k],
                "lead_authority": AUTHORITIES[k],
                "sla_hours": 24,
                "contacts": [
                    f"mailto://notify:pw@mail.example.org?to=privacy{i}@klant{i}.example.org",
                    f"json://hooks.example.org/breach/{i}",
                ],
                "services": [
                    {"code": "mail-hosting", "data_subjects": 100 + i},
                    {"code": "crm-cloud", "data_subjects": 3 + i % 50},
                ],
            }
        )
    return out


def write_file(folder: Path, count: int, fmt: str) -> Path:
    entries = rows(count)
    if fmt == "yaml":
        import yaml  # noqa: PLC0415

        path = folder / "customers.yaml"
        path.write_text(yaml.safe_dump({"customers": entries}, sort_keys=False), encoding="utf-8")
        return path
    path = folder / "customers.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:  # as a spreadsheet saves it
        writer = csv.writer(handle)
        writer.writerow(["name", "language", "timezone", "lead_authority", "sla_hours", "contacts", "services"])
        for e in entries:
            services = " ".join(f"{u['code']}={u['data_subjects']}" for u in e["services"])
            contacts = " ".join(e["contacts"])
            writer.writerow([e["name"], e["language"], e["timezone"], e["lead_authority"], 24, contacts, services])
    return path


def _import(url: str, path: Path) -> float:
    from flows import db, directory_files  # noqa: PLC0415
    from flows.usecases import directory_import  # noqa: PLC0415

    engine = db.make_engine(url)
    try:
        started = time.perf_counter()
        data, locate = directory_files.read(path)
        with db.unit_of_work(engine) as session:
            directory_import.import_directory(
                data, session=session, actor="bench@example.org", now=datetime.now(UTC), source=path.name, locate=locate
            )
        return time.perf_counter() - started
    finally:
        engine.dispose()


def _counts(url: str) -> tuple[int, int, int]:
    from sqlmodel import Session, func, select  # noqa: PLC0415

    from breach.db.models.directory import Contact, Customer, CustomerService  # noqa: PLC0415
    from flows.db import make_engine  # noqa: PLC0415

    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return tuple(  # type: ignore[return-value]
                session.exec(select(func.count()).select_from(model)).one()
                for model in (Customer, Contact, CustomerService)
            )
    finally:
        engine.dispose()


def run(url: str, database: str, count: int, fmt: str, folder: Path) -> dict[str, Any]:
    from breach.db import schema  # noqa: PLC0415
    from flows.db import make_engine  # noqa: PLC0415

    engine = make_engine(url)
    schema.upgrade(engine)
    engine.dispose()
    services = folder / "services.json"
    services.write_text(json.dumps(SERVICES), encoding="utf-8")
    _import(url, services)
    path = write_file(folder, count, fmt)
    first = _import(url, path)
    after_first = _counts(url)
    again = _import(url, path)
    after_again = _counts(url)
    expected = (count, 2 * count, 2 * count)
    if after_first != expected or after_again != expected:
        raise SystemExit(f"{database}: expected {expected} rows, found {after_first} then {after_again}")
    print(f"{database}: {count} customers from {path.name} ({path.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return {
        "database": database,
        "customers": count,
        "format": fmt,
        "file_mb": round(path.stat().st_size / 1e6, 2),
        "import_s": round(first, 2),
        "reimport_s": round(again, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--format", choices=("csv", "yaml"), default="csv")
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args(argv)
    harness.use_bench_audit_key()
    results: list[dict[str, Any]] = []
    runs: list[tuple[str, Callable[[Path], dict[str, Any]]]] = []
    if args.database in ("sqlite", "both"):
        runs.append(("sqlite", lambda d: run(f"sqlite:///{d / 'bench.db'}", "sqlite", args.customers, args.format, d)))
    if args.database in ("postgresql", "both"):

        def on_postgres(d: Path) -> dict[str, Any]:
            with harness.database("bench_directory") as name:
                url = harness.with_database(harness.postgres_url(), name)
                return run(url, "postgresql", args.customers, args.format, d)

        runs.append(("postgresql", on_postgres))
    for _, action in runs:
        with tempfile.TemporaryDirectory() as folder:
            results.append(action(Path(folder)))
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
