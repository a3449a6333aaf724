"""``warden connectors`` (platforms, link, status, engagement), ``warden sync`` and ``warden worker``."""

from __future__ import annotations

import dataclasses
import json
import signal
import threading
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy.orm import Session

from socialwarden.acting import acting
from socialwarden.connectors import service
from socialwarden.connectors.base import WHAT, Capability, connector_class
from socialwarden.connectors.base import platforms as registered
from socialwarden.connectors.flows import sync_all
from socialwarden.connectors.models import LinkHealth, PlatformActionOut, SyncReport
from socialwarden.connectors.pool import Connectors
from socialwarden.engagement import service as engagement
from socialwarden.exceptions import InputError
from socialwarden.policy.loader import load_policy
from socialwarden.policy.models import ModerationAction, Policy
from socialwarden.posts.publishing import PublishResult
from socialwarden.settings import Settings
from socialwarden.store.db import open_store

app = typer.Typer(help="Platform connectors: what each platform supports, and linking accounts.",
                  no_args_is_help=True)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
ActorOpt = Annotated[str, typer.Option("--as", help="The person the connectors act as (reads the vault).")]
PolicyOpt = Annotated[str | None, typer.Option("--policy", help="Policy pack or file (default: WARDEN_POLICY).")]


def _policy(settings: Settings, name: str | None) -> Policy:
    chosen = name or settings.policy
    if not chosen:
        raise InputError("no policy given: pass --policy or set WARDEN_POLICY")
    return load_policy(chosen)


@app.command("platforms")
def platforms_(as_json: JsonOpt = False) -> None:
    """Every platform with a connector, what it can do there, and what to do instead where it cannot."""
    caps = {name: sorted(c.value for c in found) for name, found in registered().items()}
    if as_json:
        print(json.dumps(caps, indent=2))
        return
    for name, found in caps.items():
        out.print(f"[bold]{name}[/]: {', '.join(found)}")
        cls = connector_class(name)
        for capability in Capability:
            said = cls.cannot(capability)
            if said is not None and capability in cls.instead:
                out.print(f"  [yellow]cannot {WHAT[capability]}[/]: {cls.instead[capability]}")


@app.command("engagement")
def engagement_(post: Annotated[int | None, typer.Option(help="One post's counts over time.")] = None,
                as_json: JsonOpt = False) -> None:
    """Likes, shares and replies of our published posts as the platforms count them, per account (or one post's
    history), as last read by `warden sync` / `warden worker`."""
    settings = Settings.from_env()
    engine = open_store(settings)
    try:
        with Session(engine) as session:
            if post is not None:
                rows: list[dict[str, object]] = [r.model_dump(mode="json")
                                                 for r in engagement.history(session, post_id=post)]
            else:
                rows = [r.model_dump(mode="json") for r in engagement.by_account(session)]
    finally:
        engine.dispose()
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    if not rows:
        out.print("no counts read yet" + (f" for post {post}" if post is not None else ""))
    for r in rows:
        if post is not None:
            out.print(f"{r['read_at']}: {r['likes']} likes, {r['shares']} shares, {r['replies']} replies")
        else:
            out.print(f"{r['account']}: {r['posts']} posts ({r['engaged_posts']} engaged), {r['likes']} likes, "
                      f"{r['shares']} shares, {r['replies']} replies; read {r['last_read_at']}")


@app.command()
def link(account_id: int, actor: ActorOpt, external_id: Annotated[str | None, typer.Option(
        help="The page / user / channel id on the platform.")] = None,
         api_url: Annotated[str | None, typer.Option(help="Mastodon instance, feed URL, or API base URL.")] = None,
         policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Record where an account lives on its platform (its credentials go in the vault)."""
    settings = Settings.load()
    pol = _policy(settings, policy)
    engine = open_store(settings)
    try:
        with Session(engine, expire_on_commit=False) as session:
            found = service.link_account(session, policy=pol, actor=actor, account_id=account_id,
                                         external_id=external_id, api_base_url=api_url)
            session.commit()
    finally:
        engine.dispose()
    if as_json:
        print(found.model_dump_json(indent=2))
    else:
        out.print(f"[green]linked[/] account {found.account_id} ({found.external_id or '-'} at "
                  f"{found.api_base_url or 'the platform default'})")


@app.command()
def status(as_json: JsonOpt = False) -> None:
    """Each linked account's health, last sync and last error (accounts needing reconnecting first)."""
    settings = Settings.load()
    engine = open_store(settings)
    try:
        with Session(engine) as session:
            rows = sorted(service.links(session), key=lambda r: (r.health == LinkHealth.OK, r.account_id))
    finally:
        engine.dispose()
    if as_json:
        print(json.dumps([r.model_dump(mode="json") for r in rows], indent=2))
        return
    for r in rows:
        colour = "green" if r.health == LinkHealth.OK else "red"
        out.print(f"account {r.account_id}: [{colour}]{r.health}[/] last sync {r.last_sync_at or 'never'}, "
                  f"{r.comments_seen} comments" + (f" — {r.last_error}" if r.last_error else ""))


def _show_sync(report: SyncReport, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"sync": report.model_dump(mode="json")}), flush=True)
    elif report.error:
        err.print(f"[red]{report.account}: {report.health}[/]: {report.error}")
    else:
        counts = (f"; counts of {report.engagement_posts} post(s) read, {report.engagement_changed} moved"
                  if report.engagement_posts else "")
        out.print(f"{report.account}: {report.stored} new comment(s) from {report.pages} page(s){counts}")


def _show_publish(result: PublishResult, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"publish": {"post_id": result.post_id, "outcome": result.outcome,
                                      "platform_post_id": result.platform_post_id, "error": result.error}}),
              flush=True)
    else:
        out.print(f"post {result.post_id}: {result.outcome}" + (f" ({result.error})" if result.error else ""))


def _show_correction(done: PlatformActionOut, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"correction": {"post_id": done.subject_id, "outcome": done.outcome.value,
                                         "method": done.method, "original": done.target_id,
                                         "correction": done.result_id, "message": done.message}}), flush=True)
    else:
        out.print(f"post {done.subject_id}: {done.message}")


def sync(actor: ActorOpt, policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Fetch new comments for every active account and triage them into the moderation queue."""
    settings = Settings.load()
    pol = _policy(settings, policy)
    engine = open_store(settings)
    connectors = Connectors()
    try:
        with Session(engine, expire_on_commit=False) as session:
            reports = sync_all(session, settings=settings, policy=pol, actor=actor, connectors=connectors,
                               on_report=lambda r: _show_sync(r, as_json))
    finally:
        connectors.close()
        engine.dispose()
    if any(r.health == LinkHealth.NEEDS_RECONNECTING for r in reports):
        raise typer.Exit(7)  # as AccountNeedsReconnecting: cron mails it to someone


def worker(actor: ActorOpt, policy: PolicyOpt = None,
           once: Annotated[bool, typer.Option("--once", help="One cycle in this process, then exit (for cron).")]
           = False,
           interval: Annotated[float, typer.Option(help="Seconds between cycles (one-process mode).")] = 60.0,
           concurrency: Annotated[int, typer.Option(min=1, max=64, help="With a broker: tasks run at once by "
                                                    "this worker (processes).")] = 1,
           beat: Annotated[bool, typer.Option("--beat", help="With a broker: also run the schedule (Celery beat) "
                                              "in this worker; run exactly one beat per installation.")] = False,
           as_json: JsonOpt = False) -> None:
    """Background work. With WARDEN_BROKER_URL set: a Celery worker taking sync, publishing, notification, duty,
    retention and platform-action tasks from the queue (start as many as you like, on any machine). Without it:
    sync comments, publish due posts and approved corrections and run the notification round every --interval
    seconds in this process until SIGTERM (or once with --once)."""
    settings = Settings.load()
    pol = _policy(settings, policy)
    if settings.broker_url and not once:
        _celery_worker(settings, pol, actor, concurrency=concurrency, beat=beat)
        return
    from socialwarden.jobs.flows import Runtime, cycle

    rt = Runtime.open(settings=settings, policy=pol, actor=actor)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()  # finish the step in hand (its commit), then leave

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    cycles = 0
    try:
        while not stop.is_set():
            cycle(rt, tag=f"loop{cycles}", stop=stop.is_set, on_sync=lambda r: _show_sync(r, as_json),
                  on_publish=lambda r: _show_publish(r, as_json), on_correction=lambda d: _show_correction(d, as_json))
            cycles += 1
            if once:
                break
            stop.wait(interval)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        rt.close()
    if as_json:
        print(json.dumps({"stopped": True, "cycles": cycles}), flush=True)
    else:
        out.print(f"worker stopped after {cycles} cycle(s)")


def _celery_worker(settings: Settings, policy: Policy, actor: str, *, concurrency: int, beat: bool) -> None:
    import os

    from socialwarden.jobs import tasks
    from socialwarden.jobs.queue import make_celery
    from socialwarden.store.db import open_store

    checked = open_store(settings)  # an out-of-date schema is refused before any task is taken
    try:
        with Session(checked) as session:
            acting(session, policy=policy, actor=actor).as_person()  # an unknown --as fails here, not per task
    finally:
        checked.dispose()
    from socialwarden.logs import configure

    configure()  # JSON lines, like the web workers'
    tasks.configure(settings=settings, policy=policy, actor=actor)
    from socialwarden.engine.service import engine_for

    engine_for(policy)  # built before the first task (and before a prefork pool forks: shared by its children)
    celery = make_celery(settings)
    argv = ["worker", "--loglevel", "INFO", "--queues", settings.job_queue, "--hostname", f"warden{os.getpid()}@%h",
            "--without-gossip", "--without-mingle", "--concurrency", str(concurrency),
            "--pool", "solo" if concurrency == 1 else "prefork"]
    if beat:
        argv += ["--beat", "--schedule", str(settings.data_dir / "celerybeat-schedule")]
    celery.worker_main(argv)


@app.command()
def profile(account_id: int, actor: ActorOpt, policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Fetch the account's live profile into the registry and show the branding findings on it."""
    from socialwarden.accounts.branding import check_branding
    from socialwarden.accounts.service import get_account
    from socialwarden.connectors.flows import refresh_profile

    settings = Settings.load()
    pol = _policy(settings, policy)
    engine = open_store(settings)
    connectors = Connectors()
    try:
        with Session(engine, expire_on_commit=False) as session:
            account = get_account(session, account_id=account_id)
            who = acting(session, policy=pol, actor=actor).as_person()
            found = refresh_profile(session, settings=settings, policy=pol, actor=who,
                                    account=account, connectors=connectors)
            session.commit()
            findings = check_branding(policy=pol, account=account)
    finally:
        connectors.close()
        engine.dispose()
    if as_json:
        print(json.dumps({"profile": dataclasses.asdict(found),
                          "branding": [f.model_dump(mode="json") for f in findings]}, indent=2))
        return
    out.print(f"[bold]{found.display_name}[/] ({found.handle}) avatar {found.avatar_url or 'none'}")
    out.print(found.bio or "(no bio)")
    for finding in findings:
        out.print(f"[yellow]branding:[/] {finding.message}")


@app.command()
def act(pk: int, action: Annotated[ModerationAction, typer.Argument(help="hide, remove, block_author, "
                                                                          "report_to_platform or reply")],
        actor: ActorOpt, reason: Annotated[str, typer.Option(help="Why (kept with the action and the evidence).")],
        reply: Annotated[str | None, typer.Option(help="Reply text (for reply).")] = None,
        exception: Annotated[str | None, typer.Option(
            help="Why hide or remove a comment that meets no moderation criterion (recorded as an exception).")]
        = None, policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Do a moderation action and carry it out on the platform (the desk keeps the evidence first); the same path
    as `warden inbox act` and the web inbox."""
    from socialwarden.connectors.moderation import act_on_platform

    settings = Settings.load()
    pol = _policy(settings, policy)
    engine = open_store(settings)
    try:
        with Session(engine, expire_on_commit=False) as session, Connectors().closing() as connectors:
            who = acting(session, policy=pol, actor=actor).as_person()
            done = act_on_platform(session, settings=settings, policy=pol, actor=who, pk=pk, action=action,
                                   reason=reason, connectors=connectors, exception=exception, reply_text=reply)
    finally:
        engine.dispose()
    if as_json:
        print(done.out.model_dump_json(indent=2))
    else:
        out.print(f"comment #{done.desk.comment}: {done.desk.action} — {done.said}"
                  + (f" (evidence #{done.desk.evidence_id})" if done.desk.evidence_id else ""))
    if done.failed:
        raise typer.Exit(9)  # as a PlatformError 502 (cli/app.py PLATFORM_EXIT_CODES)
