"""``warden accounts``: request, approve / return / reject, amend, activate, suspend, close, documents and site
statements, monitoring, list and show social media accounts."""

from __future__ import annotations

from typing import Annotated

import typer

from socialwarden.accounts import documents
from socialwarden.accounts import service as accounts
from socialwarden.accounts.branding import check_branding
from socialwarden.accounts.models import Account, AccountOut, AccountStatus, MemberKind
from socialwarden.approvals.models import ApprovalState
from socialwarden.cli.governance import AsOpt, Ctx, JsonOpt, PolicyOpt, emit, governed
from socialwarden.exceptions import InputError
from socialwarden.incidents.service import can_publish

app = typer.Typer(help="The account registry.", no_args_is_help=True)
AccountArg = Annotated[str, typer.Argument(help="Account id, or PLATFORM:HANDLE.")]
ReasonOpt = Annotated[str, typer.Option("--reason", help="Why (kept in the audit trail).")]


def _line(shown: AccountOut) -> str:
    owner = shown.owner or "[red]no owner[/]"
    return f"{shown.id}  {shown.platform}:{shown.handle}  {shown.category}  {shown.status}  owner {owner}"


def _done(ctx: Ctx, account: Account, verb: str, as_json: bool) -> None:
    ctx.session.commit()
    shown = accounts.account_out(account)
    emit(shown, as_json, f"[green]{verb}[/] {_line(shown)}")


@app.command()
def request(
    platform: Annotated[str, typer.Argument(help="e.g. facebook, x, linkedin.")],
    handle: Annotated[str, typer.Argument(help="The account's handle or page name.")],
    category: Annotated[str, typer.Option("--category", help="A policy account category id.")],
    purpose: Annotated[str, typer.Option("--purpose", help="What the account is for.")],
    actor: AsOpt,
    url: Annotated[str | None, typer.Option("--url")] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="The owner's handle.")] = None,
    bio: Annotated[str, typer.Option("--bio", help="Profile text / bio.")] = "",
    logo: Annotated[bool, typer.Option("--logo/--no-logo", help="Whether it shows the organisation's logo.")] = False,
    policy: PolicyOpt = None, as_json: JsonOpt = False,
) -> None:
    """Request a new account (it then needs the approvals the policy names)."""
    with governed(policy) as ctx:
        account = accounts.request_account(ctx.session, policy=ctx.policy, actor=ctx.person(actor),
                                           platform=platform, handle=handle, category=category, purpose=purpose,
                                           url=url, owner=ctx.person(owner) if owner else None, profile_text=bio,
                                           has_logo=logo)
        _done(ctx, account, "requested", as_json)


@app.command()
def approve(account: AccountArg, actor: AsOpt,
            comment: Annotated[str | None, typer.Option("--comment")] = None,
            policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Approve a requested account in your policy role (never your own request)."""
    with governed(policy) as ctx:
        row = ctx.account(account)
        state = accounts.approve_account(ctx.session, policy=ctx.policy, actor=ctx.person(actor), account=row,
                                         comment=comment)
        ctx.session.commit()
        text = (f"[green]approved[/] account {row.id}: all approvals in" if state.complete else
                f"[green]approval recorded[/] for account {row.id}; still needs: {', '.join(state.missing)}")
        emit(state, as_json, text)


def _decided(ctx: Ctx, row: Account, state: ApprovalState, verb: str, as_json: bool) -> None:
    ctx.session.commit()
    emit(state, as_json, f"[green]{verb}[/] account {row.id}: now {row.status}"
         + (f"; still needs: {', '.join(state.missing)}" if row.status == AccountStatus.REQUESTED else ""))


@app.command("return")
def return_(account: AccountArg, actor: AsOpt,
            comment: Annotated[str, typer.Option("--comment", help="What the requester should change.")],
            policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Send a request back to its requester with comments (they amend it and it is asked for again)."""
    with governed(policy) as ctx:
        row = ctx.account(account)
        state = accounts.return_account(ctx.session, policy=ctx.policy, actor=ctx.person(actor), account=row,
                                        comment=comment)
        _decided(ctx, row, state, "returned", as_json)


@app.command()
def reject(account: AccountArg, actor: AsOpt, comment: Annotated[str, typer.Option("--comment", help="Why not.")],
           policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Refuse a request (the account is closed, with your reason)."""
    with governed(policy) as ctx:
        row = ctx.account(account)
        state = accounts.reject_account(ctx.session, policy=ctx.policy, actor=ctx.person(actor), account=row,
                                        comment=comment)
        _decided(ctx, row, state, "rejected", as_json)


@app.command()
def amend(account: AccountArg, actor: AsOpt,
          purpose: Annotated[str | None, typer.Option("--purpose")] = None,
          url: Annotated[str | None, typer.Option("--url")] = None,
          owner: Annotated[str | None, typer.Option("--owner", help="The owner's handle.")] = None,
          bio: Annotated[str | None, typer.Option("--bio", help="Profile text / bio.")] = None,
          logo: Annotated[bool | None, typer.Option("--logo/--no-logo")] = None,
          reason: Annotated[str | None, typer.Option("--reason")] = None,
          policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Change your returned (or waiting) request: a new revision the approvers decide on afresh."""
    with governed(policy) as ctx:
        row = accounts.amend_account(ctx.session, policy=ctx.policy, actor=ctx.person(actor),
                                     account=ctx.account(account), purpose=purpose, url=url,
                                     owner=ctx.person(owner) if owner else None, profile_text=bio, has_logo=logo,
                                     reason=reason)
        _done(ctx, row, f"amended (revision {row.revision})", as_json)


@app.command()
def monitored(account: AccountArg, actor: AsOpt, note: Annotated[str | None, typer.Option("--note")] = None,
              policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Record that you looked over the site today (Gosport 5: daily monitoring; the duty reads it)."""
    with governed(policy) as ctx:
        row = accounts.record_monitoring(ctx.session, policy=ctx.policy, actor=ctx.person(actor),
                                         account=ctx.account(account), note=note)
        _done(ctx, row, "looked over", as_json)


@app.command()
def activate(account: AccountArg, actor: AsOpt, reason: Annotated[str | None, typer.Option("--reason")] = None,
             policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Make an approved account live (it needs an owner), or reactivate a suspended one."""
    with governed(policy) as ctx:
        row = accounts.activate_account(ctx.session, policy=ctx.policy, actor=ctx.person(actor),
                                        account=ctx.account(account), reason=reason)
        _done(ctx, row, "active", as_json)


@app.command()
def suspend(account: AccountArg, actor: AsOpt, reason: ReasonOpt, policy: PolicyOpt = None,
            as_json: JsonOpt = False) -> None:
    """Suspend an active account."""
    with governed(policy) as ctx:
        row = accounts.suspend_account(ctx.session, policy=ctx.policy, actor=ctx.person(actor),
                                       account=ctx.account(account), reason=reason)
        _done(ctx, row, "suspended", as_json)


@app.command()
def close(account: AccountArg, actor: AsOpt, reason: ReasonOpt, policy: PolicyOpt = None,
          as_json: JsonOpt = False) -> None:
    """Close an account (final)."""
    with governed(policy) as ctx:
        row = accounts.close_account(ctx.session, policy=ctx.policy, actor=ctx.person(actor),
                                     account=ctx.account(account), reason=reason)
        _done(ctx, row, "closed", as_json)


@app.command("set-owner")
def set_owner(account: AccountArg, owner: Annotated[str, typer.Argument(help="The new owner's handle.")],
              actor: AsOpt, reason: Annotated[str | None, typer.Option("--reason")] = None,
              policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Record the account's owner."""
    with governed(policy) as ctx:
        row = accounts.set_owner(ctx.session, policy=ctx.policy, actor=ctx.person(actor),
                                 account=ctx.account(account), owner=ctx.person(owner), reason=reason)
        _done(ctx, row, "owner set", as_json)


@app.command()
def access(account: AccountArg, person: Annotated[str, typer.Argument(help="The person's handle.")], actor: AsOpt,
           remove: Annotated[bool, typer.Option("--remove", help="Take them off instead.")] = False,
           deputy: Annotated[bool, typer.Option("--deputy", help="The deputy list, not the access list.")] = False,
           policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Add a person to (or --remove them from) an account's access list or --deputy list."""
    kind = MemberKind.DEPUTY if deputy else MemberKind.ACCESS
    with governed(policy) as ctx:
        change = accounts.remove_member if remove else accounts.add_member
        row = change(ctx.session, policy=ctx.policy, actor=ctx.person(actor), account=ctx.account(account),
                     person=ctx.person(person), kind=kind)
        _done(ctx, row, "updated", as_json)


@app.command("list")
def list_(status: Annotated[AccountStatus | None, typer.Option("--status")] = None,
          category: Annotated[str | None, typer.Option("--category")] = None,
          policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """List registered accounts."""
    with governed(policy) as ctx:
        shown = [accounts.account_out(a) for a in accounts.list_accounts(ctx.session, status=status,
                                                                          category=category)]
        emit(shown, as_json, "\n".join(_line(a) for a in shown) or "no accounts registered")


@app.command()
def show(account: AccountArg, policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """One account: details, approvals, documents, branding findings and whether it may publish now."""
    with governed(policy) as ctx:
        row = ctx.account(account)
        shown = accounts.account_out(row)
        state = accounts.approval_state(ctx.session, policy=ctx.policy, account=row)
        docs = documents.document_status(policy=ctx.policy, account=row)
        notices = documents.notice_status(policy=ctx.policy, account=row)
        brand = check_branding(policy=ctx.policy, account=row)
        blockers, _ = accounts.activation_blockers(ctx.session, policy=ctx.policy, account=row)
        ok, why = can_publish(ctx.session, policy=ctx.policy, account=row)
        record = {"account": shown, "approvals": state, "documents": docs, "notices": notices, "branding": brand,
                  "blockers": blockers, "can_publish": {"ok": ok, "reason": why}}
        lines = [_line(shown), f"purpose: {shown.purpose}", f"requested by {shown.requested_by}",
                 f"access: {', '.join(shown.access) or 'nobody'}; deputies: {', '.join(shown.deputies) or 'none'}",
                 f"approvals: {'complete' if state.complete else 'missing ' + ', '.join(state.missing)}"]
        lines += [f"  {a.decision} by {a.approver} as {a.role} on revision {a.version} at {a.at:%Y-%m-%d %H:%M}"
                  + (f": {a.comment}" if a.comment else "") for a in state.history]
        lines += [f"document {'[green]present[/]' if d.present else '[red]missing[/]'} {d.title} ({d.document_id})"
                  for d in docs]
        lines += [f"statement {'[green]shown[/]' if d.present else '[red]missing[/]'} {d.document_id}: {d.title}"
                  for d in notices]
        lines += [f"[red]cannot go live[/]: {b}" for b in blockers if row.status == AccountStatus.APPROVED]
        lines += [f"[yellow]branding[/] {f.message}" + (f" ({f.cite.section})" if f.cite else "") for f in brand]
        lines.append(f"{'[green]can publish[/]' if ok else '[red]cannot publish[/]'}: {why}")
        emit(record, as_json, "\n".join(lines))


@app.command("documents")
def documents_(account: AccountArg,
               add: Annotated[str | None, typer.Option("--add", help="Record this required document id.")] = None,
               location: Annotated[str | None, typer.Option("--location", help="Where it is (path/URL).")] = None,
               remove: Annotated[str | None, typer.Option("--remove", help="Take this document off file.")] = None,
               actor: Annotated[str | None, typer.Option("--as", help="Your handle (to add or remove).")] = None,
               policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """The documents (Gosport 10) and site statements (Gosport 16-20) the policy requires for the account, and
    which are on file; --add records one (a document id or a notice rule id) with --location."""
    with governed(policy) as ctx:
        row = ctx.account(account)
        if add or remove:
            if actor is None:
                raise InputError("give --as HANDLE to change documents")
            if add:
                documents.record_document(ctx.session, policy=ctx.policy, actor=ctx.person(actor), account=row,
                                          document_id=add, location=location or "")
            if remove:
                documents.remove_document(ctx.session, policy=ctx.policy, actor=ctx.person(actor), account=row,
                                          document_id=remove)
            ctx.session.commit()
        docs = (documents.document_status(policy=ctx.policy, account=row)
                + documents.notice_status(policy=ctx.policy, account=row))
        emit(docs, as_json, "\n".join(f"{'present' if d.present else 'MISSING'}  {d.document_id}  {d.title}"
                                      + (f"  at {d.location}" if d.location else "") for d in docs)
             or "the policy requires no documents for this account")


@app.command("check-branding")
def check_branding_(account: AccountArg, policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Check the account's logo and bio against the policy's branding rules (ETT 15); exit 1 when it fails."""
    with governed(policy) as ctx:
        findings = check_branding(policy=ctx.policy, account=ctx.account(account))
        emit(findings, as_json, "\n".join(f"[yellow]{f.rule}[/] {f.message}" + (
            f" ({f.cite.section}: \"{f.cite.quote}\")" if f.cite else "") for f in findings) or "[green]ok[/]")
    if findings:
        raise typer.Exit(1)
