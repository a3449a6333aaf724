"""Who may call what: every route of the web app and API names its rule here, in one table.

A rule is ``PUBLIC`` (anyone), ``SIGNED_IN`` (any signed-in person) or a policy ``Permission`` (granted by the
person's roles in the organisation's policy). ``create_app`` refuses to start if a route has no rule, and the
route x role matrix test is generated from this table.
"""

from __future__ import annotations

from enum import StrEnum

from socialwarden.policy.models import Permission as P


class Access(StrEnum):
    PUBLIC = "public"
    SIGNED_IN = "signed_in"


class AnyOf(frozenset[P]):
    """Any one of several permissions (where the policy lets more than one role do a thing)."""


Rule = Access | P | AnyOf

# Routes that take a password instead of a session: they carry no CSRF token (a JSON body needs CORS preflight).
CSRF_EXEMPT = frozenset({"api.session.create"})

# The per-person rate limit (sessions/limits.py) counts every POST/PUT/PATCH/DELETE by a signed-in person as a
# change, except: signing out (always allowed) and the POSTs that only compute, which have their own budget.
NOT_RATE_LIMITED = frozenset({"api.session.delete", "page.logout", "api.session.create", "page.login.submit"})
COMPUTE_ONLY = frozenset({"api.check", "page.check.preview", "api.policy.validate"})

RULES: dict[str, Rule] = {
    # framework
    "openapi": Access.PUBLIC,
    "static": Access.PUBLIC,
    # a load balancer's probes
    "healthz": Access.PUBLIC,
    "readyz": Access.PUBLIC,
    # API: session and self
    "api.session.create": Access.PUBLIC,
    "api.session.delete": Access.SIGNED_IN,
    "api.me": Access.SIGNED_IN,
    # API: engine and policy
    "api.check": P.CHECK_TEXT,
    "api.policy.show": Access.SIGNED_IN,
    "api.policy.validate": P.REVIEW_POLICY,  # parsing a proposed policy is for the people who maintain it
    "api.policy.reviews": Access.SIGNED_IN,
    "api.policy.review": P.REVIEW_POLICY,
    # API: audit
    "api.audit.verify": P.VIEW_AUDIT,
    "api.audit.events": P.VIEW_AUDIT,
    "api.audit.export": P.EXPORT_DATA,
    # API: people
    "api.people.list": Access.SIGNED_IN,
    "api.people.create": P.MANAGE_PEOPLE,
    "api.people.password": P.MANAGE_PEOPLE,
    "api.people.roles": P.MANAGE_PEOPLE,
    "api.people.line_manager": P.MANAGE_PEOPLE,
    "api.people.email": Access.SIGNED_IN,  # one's own; someone else's needs manage_people (in the service)
    "api.people.active": P.MANAGE_PEOPLE,
    "api.people.sessions.revoke": P.MANAGE_PEOPLE,
    # API: accounts (record-level checks — own request, line manager of the requester — stay in the services)
    "api.accounts.list": Access.SIGNED_IN,
    "api.accounts.show": Access.SIGNED_IN,
    "api.accounts.request": AnyOf({P.REQUEST_ACCOUNT, P.MANAGE_ACCESS_LIST}),
    "api.accounts.approve": P.APPROVE_ACCOUNT,
    "api.accounts.return": P.APPROVE_ACCOUNT,
    "api.accounts.reject": P.APPROVE_ACCOUNT,
    "api.accounts.amend": AnyOf({P.REQUEST_ACCOUNT, P.MANAGE_ACCESS_LIST}),  # the requester's own, in the service
    "api.accounts.document": Access.SIGNED_IN,  # the owner's own account, or approve_account / manage_access_list
    "api.accounts.monitored": Access.SIGNED_IN,  # its owner, a deputy or someone on its access list
    "api.accounts.activate": Access.SIGNED_IN,  # an owner may make their own approved account live
    "api.accounts.suspend": P.SUSPEND_ACCOUNT,
    "api.accounts.close": Access.SIGNED_IN,  # its owner, its requester while a request, or close_account
    "api.accounts.owner": Access.SIGNED_IN,  # approve_account, the owner, or manage_access_list
    "api.accounts.members": Access.SIGNED_IN,  # the owner, or manage_access_list
    "api.accounts.credential.read": P.READ_CREDENTIALS,
    # API: incident mode
    "api.incident.status": Access.SIGNED_IN,
    "api.incident.start": P.DECLARE_INCIDENT,
    "api.incident.end": P.DECLARE_INCIDENT,
    # API: posts (authorship and "which role approves this post" are checked per post by the service)
    # (who sees which post, and who may act on someone else's, is checked per post by the service)
    "api.posts.list": AnyOf({P.DRAFT_POST, P.APPROVE_POST, P.PUBLISH_POST}),
    "api.posts.show": AnyOf({P.DRAFT_POST, P.APPROVE_POST, P.PUBLISH_POST}),
    "api.posts.calendar": AnyOf({P.DRAFT_POST, P.APPROVE_POST, P.PUBLISH_POST}),
    "api.posts.create": P.DRAFT_POST,
    "api.posts.edit": P.DRAFT_POST,
    "api.posts.submit": P.DRAFT_POST,
    "api.posts.approve": P.APPROVE_POST,
    "api.posts.return": P.APPROVE_POST,
    "api.posts.reject": P.APPROVE_POST,
    "api.posts.withdraw": AnyOf({P.DRAFT_POST, P.DELETE_POST}),
    "api.posts.schedule": AnyOf({P.SCHEDULE_POST, P.PUBLISH_POST}),
    "api.posts.correct": P.CORRECT_POST,
    # API: the approval queue (what the caller can decide is worked out per item from the policy's rules)
    "api.approvals.queue": Access.SIGNED_IN,
    "api.approvals.decide": Access.SIGNED_IN,  # the service asks the item's approval rules (as the page does)
    # API: moderation desk
    "api.moderation.queue": P.MODERATE,
    "api.moderation.show": P.MODERATE,
    # an escalation's assignee may act on its comment without moderate: the service checks the assignment
    "api.moderation.act": AnyOf({P.MODERATE, P.RECEIVE_ESCALATIONS}),
    "api.moderation.bulk": P.MODERATE,
    "api.moderation.assign": P.MODERATE,
    # API: escalations (the assignment — a role on it, or being named — is checked per item by the service)
    "api.escalations.queue": AnyOf({P.RECEIVE_ESCALATIONS, P.MODERATE}),
    "api.escalations.show": AnyOf({P.RECEIVE_ESCALATIONS, P.MODERATE}),
    "api.escalations.acknowledge": AnyOf({P.RECEIVE_ESCALATIONS, P.MODERATE}),
    "api.escalations.comment": AnyOf({P.RECEIVE_ESCALATIONS, P.MODERATE}),
    "api.escalations.decide": AnyOf({P.RECEIVE_ESCALATIONS, P.MODERATE}),
    "api.escalations.hand_back": AnyOf({P.RECEIVE_ESCALATIONS, P.MODERATE}),
    # API: complaints register
    "api.complaints.list": AnyOf({P.MODERATE, P.INVESTIGATE_COMPLAINTS}),
    "api.complaints.move": AnyOf({P.MODERATE, P.INVESTIGATE_COMPLAINTS}),
    # API: exceptions to the policy (anyone registered may ask; withdrawing: the requester or an approver)
    "api.exceptions.list": Access.SIGNED_IN,
    "api.exceptions.request": Access.SIGNED_IN,
    "api.exceptions.withdraw": Access.SIGNED_IN,
    # API: wiki edits (anyone may ask; amending and withdrawing are the requester's, in the service)
    "api.wiki.list": Access.SIGNED_IN,
    "api.wiki.request": Access.SIGNED_IN,
    "api.wiki.amend": Access.SIGNED_IN,
    "api.wiki.withdraw": Access.SIGNED_IN,
    # API: subject access / FOI
    "api.exports.person": P.EXPORT_DATA,
    # API: the caller's own notifications (someone else's e-mail choice needs manage_people, in the service)
    "api.notifications.list": Access.SIGNED_IN,
    "api.notifications.read": Access.SIGNED_IN,
    "api.notifications.choice.show": Access.SIGNED_IN,
    "api.notifications.choice": Access.SIGNED_IN,
    # pages
    "page.home": Access.SIGNED_IN,
    "page.login": Access.PUBLIC,
    "page.login.submit": Access.PUBLIC,
    "page.logout": Access.SIGNED_IN,
    "page.check": P.CHECK_TEXT,
    "page.check.preview": P.CHECK_TEXT,
    "page.audit": P.VIEW_AUDIT,
    "page.audit.export": P.EXPORT_DATA,
    "page.dashboard": P.VIEW_REPORTS,
    "page.posts": P.DRAFT_POST,
    "page.posts.create": P.DRAFT_POST,
    "page.posts.submit": P.DRAFT_POST,
    "page.posts.edit": P.DRAFT_POST,
    "page.posts.withdraw": AnyOf({P.DRAFT_POST, P.DELETE_POST}),
    "page.posts.schedule": AnyOf({P.SCHEDULE_POST, P.PUBLISH_POST}),
    "page.posts.calendar": AnyOf({P.DRAFT_POST, P.APPROVE_POST, P.PUBLISH_POST}),
    # the queue shows each person what the policy's rules let them decide (relative roles, exceptions, wiki edits)
    "page.approvals": Access.SIGNED_IN,
    "page.approvals.decide": Access.SIGNED_IN,
    "page.wiki": Access.SIGNED_IN,
    "page.wiki.request": Access.SIGNED_IN,
    "page.wiki.amend": Access.SIGNED_IN,
    "page.policy.review": Access.SIGNED_IN,
    "page.policy.review.record": P.REVIEW_POLICY,
    "page.inbox": P.MODERATE,
    # an escalation's assignee may act on its comment without moderate: the service checks the assignment
    "page.inbox.act": AnyOf({P.MODERATE, P.RECEIVE_ESCALATIONS}),
    "page.inbox.bulk": P.MODERATE,
    "page.inbox.unhide": P.MODERATE,
    "page.escalations": AnyOf({P.RECEIVE_ESCALATIONS, P.MODERATE}),
    "page.escalations.show": AnyOf({P.RECEIVE_ESCALATIONS, P.MODERATE}),
    "page.escalations.step": AnyOf({P.RECEIVE_ESCALATIONS, P.MODERATE}),  # the assignment is checked per item
    "page.complaints": AnyOf({P.MODERATE, P.INVESTIGATE_COMPLAINTS}),
    "page.complaints.move": AnyOf({P.MODERATE, P.INVESTIGATE_COMPLAINTS}),
    "page.notifications": Access.SIGNED_IN,
    "page.notifications.read": Access.SIGNED_IN,
    "page.notifications.choice": Access.SIGNED_IN,
    "page.notifications.email": Access.SIGNED_IN,  # one's own address
    "page.accounts": Access.SIGNED_IN,
    "page.accounts.request": AnyOf({P.REQUEST_ACCOUNT, P.MANAGE_ACCESS_LIST}),
    "page.accounts.suspend": P.SUSPEND_ACCOUNT,
    "page.accounts.amend": AnyOf({P.REQUEST_ACCOUNT, P.MANAGE_ACCESS_LIST}),
    "page.accounts.document": Access.SIGNED_IN,
    "page.accounts.activate": Access.SIGNED_IN,
    "page.accounts.monitored": Access.SIGNED_IN,
    "page.incident.start": P.DECLARE_INCIDENT,
    "page.incident.end": P.DECLARE_INCIDENT,
    "page.people": P.MANAGE_PEOPLE,
    "page.people.signout": P.MANAGE_PEOPLE,
}


def allows(rule: Rule, permissions: frozenset[P]) -> bool:
    """Whether a signed-in person holding ``permissions`` passes ``rule``."""
    if isinstance(rule, AnyOf):
        return bool(rule & permissions)
    return rule in (Access.PUBLIC, Access.SIGNED_IN) or rule in permissions
