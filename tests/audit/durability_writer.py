"""Writer processes for the durability test: append audit events until killed, acknowledging each after its commit.

``python durability_writer.py serve`` is a small fork server: it imports everything once, then for each line
``RUN`` on stdin forks a writer process (so a restart takes milliseconds, not an interpreter start). Every output
line is one atomic write to stdout: ``RUN pid PID`` from the server, ``RUN ready`` and ``RUN SEQ SUBJECT`` (an
acknowledged event) from writer RUN, and ``sync`` in answer to a ``sync`` line, after everything written before it.
The store comes from WARDEN_DATABASE_URL / WARDEN_DATA_DIR.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from collections.abc import Callable

from sqlalchemy.orm import Session

from socialwarden.audit import service as audit
from socialwarden.settings import Settings
from socialwarden.store.engine import make_engine


def emit(line: str) -> None:
    os.write(1, (line + "\n").encode())  # one write(2) of a short line: a killed writer never leaves half a line


def emit_for(run: int, text: str) -> None:
    emit(f"{run} {text}")


def append_forever(settings: Settings, run: int, acknowledge: Callable[[str], None]) -> None:
    """Append events for ever; call ``acknowledge("<seq> <subject_id>")`` after each commit has returned."""
    engine = make_engine(settings)
    acknowledge("ready")
    count = 0
    while True:
        with Session(engine) as session:
            event = audit.record(session, actor="durability-writer", action="test.append", subject_type="run",
                                 subject_id=f"{run}-{count}", before=None, after={"n": count}, reason=None,
                                 policy_id=None, policy_version=None)
            session.commit()
        acknowledge(f"{event.seq} {event.subject_id}")
        count += 1


def serve() -> None:
    """Fork one writer per RUN line read from stdin; answer "sync" lines once earlier output is written."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed writers are reaped by the kernel
    settings = Settings.from_env()
    make_engine(settings).dispose()  # imports the database driver once, here, not in every writer
    for line in sys.stdin:
        command = line.strip()
        if command == "sync":
            emit("sync")
            continue
        run = int(command)
        pid = os.fork()
        if pid == 0:
            try:
                append_forever(settings, run, functools.partial(emit_for, run))
            finally:
                os._exit(1)
        emit(f"{run} pid {pid}")


if __name__ == "__main__":
    serve()
