"""``warden check``: one text, or a batch file (JSONL with ``text``/``id``, or CSV with a ``text`` column)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from socialwarden.cli.render import print_decision
from socialwarden.engine.context import Context, Direction
from socialwarden.engine.engine import Engine
from socialwarden.engine.service import engine_for
from socialwarden.exceptions import InputError
from socialwarden.moderation.guidance import assess
from socialwarden.policy.loader import pack_names
from socialwarden.settings import Settings


def check(
    text: Annotated[str | None, typer.Argument(help="The text to check.")] = None,
    policy: Annotated[str | None, typer.Option("--policy", "-p", help="Pack name or policy file "
                                                                       "(default: $WARDEN_POLICY).")] = None,
    inbound: Annotated[bool, typer.Option("--inbound", help="A third-party comment, not our own post.")] = False,
    as_role: Annotated[str | None, typer.Option("--as", help="The author's role id.")] = None,
    account: Annotated[str | None, typer.Option("--account", help="Account category id.")] = None,
    personal: Annotated[bool, typer.Option("--personal", help="Posting in a personal capacity.")] = False,
    incident: Annotated[bool, typer.Option("--incident", help="Incident mode is on.")] = False,
    reply_to: Annotated[str | None, typer.Option(
        "--reply-to", help="With --inbound: the text of the post replied to (flags off-topic replies).")] = None,
    on: Annotated[str | None, typer.Option(
        "--on", help="The day the text appears, YYYY-MM-DD (decides whether an election period is in force; "
                     "default: today).")] = None,
    more: Annotated[bool, typer.Option("--more", help="Show all guidance, not only the first three items.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the decision as JSON.")] = False,
    file: Annotated[Path | None, typer.Option("--file", help="Batch input: .jsonl or .csv.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Batch output (JSONL); default stdout.")] = None,
) -> None:
    """Check a text (or a batch file) against a policy and print the decision with its citations."""
    name = policy or Settings.load().policy
    if not name:
        raise InputError("no policy given: pass --policy NAME_OR_FILE or set WARDEN_POLICY "
                         f"(packs: {', '.join(pack_names())})")
    engine = engine_for(name)
    if as_role is not None and as_role not in engine.policy.roles:
        raise InputError(f"--as: unknown role {as_role!r} in policy {engine.policy.policy.id} "
                         f"(roles: {', '.join(engine.policy.roles)})")
    if account is not None and account not in engine.policy.account_categories:
        raise InputError(f"--account: unknown account category {account!r} "
                         f"(categories: {', '.join(engine.policy.account_categories)})")
    ctx = Context(direction=Direction.INBOUND if inbound else Direction.OUTBOUND, author_role=as_role,
                  account_category=account, personal=personal, incident=incident, reply_to=reply_to,
                  on=parse_day(on, "--on"))
    if file is not None:
        _batch(engine, ctx, file, out)
        return
    if text is None:
        raise InputError("give a TEXT to check, or --file FILE")
    decision = engine.check(text, ctx)
    response = assess(decision, engine.policy) if inbound else None
    if as_json:
        shape = decision.to_json()
        if response is not None:
            shape["response"] = response.to_json()
        print(json.dumps(shape, ensure_ascii=False, indent=2))
    else:
        print_decision(Console(highlight=False, soft_wrap=True), text, decision, policy=engine.policy,
                       response=response, more=more)


def parse_day(value: str | None, option: str) -> dt.date | None:
    """A YYYY-MM-DD option value as a date; a clear error naming the option otherwise."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{option}: {value!r} is not a date (use YYYY-MM-DD, e.g. 2026-05-07)") from None


def read_rows(path: Path) -> Iterator[tuple[int, str | None, str | None, str | None]]:
    """Yield (line, id, text, error) for each record; a bad record yields an error and the rest go on."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    content = raw.decode("utf-8", errors="replace")  # bad bytes become U+FFFD; the row is still checked
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(content, newline=""))
        if reader.fieldnames is None or "text" not in reader.fieldnames:
            raise InputError(f"{path}: line 1: CSV needs a 'text' column (found: {reader.fieldnames})")
        for row in reader:
            line = reader.line_num
            yield line, row.get("id") or None, row.get("text"), None if row.get("text") is not None else "no text"
        return
    for line, chunk in enumerate(content.splitlines(), start=1):
        if not chunk.strip():
            continue
        try:
            obj = json.loads(chunk)
        except json.JSONDecodeError as exc:
            yield line, None, None, f"{path}:{line}: not valid JSON ({exc.msg} at column {exc.colno})"
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield line, None, None, f"{path}:{line}: each line must be an object with a string 'text' field"
            continue
        rid = obj.get("id")
        yield line, None if rid is None else str(rid), obj["text"], None


def _batch(engine: Engine, ctx: Context, path: Path, out_path: Path | None) -> None:
    rows = list(read_rows(path))
    sink: TextIO = out_path.open("w", encoding="utf-8") if out_path else sys.stdout
    errors = 0
    progress = Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=Console(stderr=True), transient=True)
    try:
        with progress:
            task = progress.add_task("check", total=len(rows))
            for line, rid, text, error in rows:
                if error is not None or text is None:
                    errors += 1
                    Console(stderr=True).print(f"skipped: {error}", markup=False)
                    record: dict[str, object] = {"id": rid, "line": line, "error": error}
                else:
                    record = engine.check(text, ctx, check_id=rid if rid is not None else str(line)).to_json()
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
                progress.advance(task)
    finally:
        if out_path:
            sink.close()
    if errors:
        Console(stderr=True).print(f"{errors} of {len(rows)} records could not be checked (see above)")
