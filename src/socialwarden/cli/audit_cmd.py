"""``warden audit``: verify the hash chain, export a period as JSONL or CSV."""

from __future__ import annotations

import datetime as dt
import enum
import os
import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from sqlalchemy.orm import Session

from socialwarden.audit import service as audit
from socialwarden.exceptions import InputError
from socialwarden.settings import Settings
from socialwarden.store.db import open_store

app = typer.Typer(help="The audit trail: verify it, export it.", no_args_is_help=True)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
EXIT_BROKEN = 7  # the chain does not verify (distinct from the error exit codes in cli/app.py)


class ExportFormat(enum.StrEnum):
    jsonl = "jsonl"
    csv = "csv"


@app.command()
def verify(as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """Recompute the whole chain; exit 0 when intact, 7 naming the first broken row when not."""
    engine = open_store(Settings.load())
    try:
        with Session(engine) as session:
            report = audit.verify(session)
    finally:
        engine.dispose()
    if as_json:
        print(report.model_dump_json(indent=2))
    elif report.broken is None and report.head is not None:
        out.print(f"[green]ok[/] audit chain intact: {report.checked} events, head seq {report.head.seq} "
                  f"hash {report.head.hash}")
    elif report.broken is not None:
        err.print(f"[bold red]audit chain broken[/] at {report.broken.describe()} "
                  f"({report.checked} events verified before it)")
    if not report.ok:
        raise typer.Exit(EXIT_BROKEN)


def parse_bound(value: str | None, *, option: str, end: bool) -> dt.datetime | None:
    """A date (whole day, UTC; --to includes that day) or an ISO time (naive = UTC) as an aware datetime."""
    if value is None:
        return None
    try:
        if len(value.strip()) == 10:
            day = dt.date.fromisoformat(value.strip()) + dt.timedelta(days=1 if end else 0)
            return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(f"{option}: {value!r} is not a date (YYYY-MM-DD) or ISO time") from exc
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def _write(session: Session, stream: TextIO, *, start: dt.datetime | None, end: dt.datetime | None,
           fmt: ExportFormat) -> int:
    count = 0
    for line in audit.export(session, start=start, end=end, fmt="csv" if fmt is ExportFormat.csv else "jsonl"):
        stream.write(line)
        count += 1
    return count - 1 if fmt is ExportFormat.csv else count  # the CSV header is not an event


@app.command()
def export(
    start: Annotated[str | None, typer.Option("--from", help="First day (YYYY-MM-DD, UTC) or ISO time.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day, included (or an ISO time, excluded).")] = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="jsonl or csv.")] = ExportFormat.jsonl,
    out_file: Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout.")] = None,
) -> None:
    """Export the events of a period, with their hashes, so the chain can be re-verified from the file."""
    lower, upper = parse_bound(start, option="--from", end=False), parse_bound(end, option="--to", end=True)
    if lower is not None and upper is not None and upper <= lower:
        raise InputError("--to must be after --from")
    engine = open_store(Settings.load())
    try:
        with Session(engine) as session:
            if out_file is None:
                _to_stdout(session, start=lower, end=upper, fmt=fmt)
                return
            part = out_file.with_name(out_file.name + ".part")  # a failed export never leaves a half file
            with part.open("w", encoding="utf-8", newline="") as stream:
                count = _write(session, stream, start=lower, end=upper, fmt=fmt)
            part.replace(out_file)
            err.print(f"exported {count} events to {out_file}")
    finally:
        engine.dispose()


def _to_stdout(session: Session, *, start: dt.datetime | None, end: dt.datetime | None, fmt: ExportFormat) -> None:
    try:
        _write(session, sys.stdout, start=start, end=end, fmt=fmt)
        sys.stdout.flush()
    except BrokenPipeError:  # `warden audit export | head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1) from None
