"""The policy schema: what an organisation's social media policy says, in a form software can act on.

A policy file is YAML (see ``packs/template.yaml`` for an annotated example). Every rule and every
guidance item cites the clause of the written policy it comes from. Cross-references (role ids,
account categories, criteria) are checked by ``policy.checks``, not here, so that all problems in a
file are reported together with their line numbers.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from socialwarden.taxonomy import Category

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.\-]*$", max_length=80)]


class Strict(BaseModel):
    """Base for every policy model: unknown keys are errors (typos must not pass silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Citation(Strict):
    """Where a rule comes from: document, section/number, and a short verbatim quote.

    ``title`` and ``document`` are usually left out: they are filled in when the policy is used, from
    ``policy.source`` (its ``sections`` titles and ``short_title``), so a citation reads "Gosport social media
    policy §19 (Social media site content)" (see ``label``). The file name (``source``) is kept for the JSON only.
    """

    source: str | None = None  # document file name; defaults to policy.source.file
    section: str
    quote: Annotated[str, StringConstraints(min_length=3, max_length=300)]
    title: str | None = None  # the section's title; defaults to the one policy.source.sections gives it
    document: str | None = None  # the document as people call it; defaults to policy.source.short_title

    @property
    def label(self) -> str:
        """How a person reads the citation: "<document> §19 (<section title>)", or "<document>, “<heading>”"."""
        doc = self.document or self.source or "the policy"
        section = self.section
        if not section[:1].isdigit():  # a heading is its own title
            return f"{doc}, “{section}”"
        if self.title and " (" not in section and self.title != section:  # "5 (Abusive behaviour)" has its own
            return f"{doc} §{section} ({self.title})"
        return f"{doc} §{section}"



class Direction(StrEnum):
    OWN_POSTS = "own_posts"  # what the organisation (or staff on its behalf) publishes
    THIRD_PARTY = "third_party_comments"  # what others post on the organisation's accounts
    PERSONAL = "personal_accounts"  # staff/trustees posting in a personal capacity


class Action(StrEnum):
    # outbound
    BLOCK = "block"
    REQUIRE_APPROVAL = "require_approval"
    WARN = "warn"
    # inbound
    KEEP = "keep"
    MONITOR = "monitor"
    RESPOND = "respond"
    HIDE = "hide"
    REMOVE = "remove"
    # either
    ESCALATE = "escalate"


OUTBOUND_ACTIONS = frozenset({Action.BLOCK, Action.REQUIRE_APPROVAL, Action.WARN, Action.ESCALATE})
INBOUND_ACTIONS = frozenset(
    {Action.KEEP, Action.MONITOR, Action.RESPOND, Action.HIDE, Action.REMOVE, Action.ESCALATE}
)


class ModerationAction(StrEnum):
    """What a moderator may do to an inbound comment."""

    KEEP = "keep"
    REPLY = "reply"
    HIDE = "hide"
    REMOVE = "remove"
    BLOCK_AUTHOR = "block_author"
    REPORT_TO_PLATFORM = "report_to_platform"
    ESCALATE = "escalate"
    REFER_TO_POLICE = "refer_to_police"


class Permission(StrEnum):
    """Things a person may do; roles grant them. Authorisation everywhere reads these."""

    CHECK_TEXT = "check_text"
    DRAFT_POST = "draft_post"
    APPROVE_POST = "approve_post"
    PUBLISH_POST = "publish_post"
    PUBLISH_AS_ENTITY = "publish_as_entity"
    SCHEDULE_POST = "schedule_post"
    CORRECT_POST = "correct_post"
    DELETE_POST = "delete_post"
    MODERATE = "moderate"
    BLOCK_AUTHOR = "block_author"
    REPORT_TO_PLATFORM = "report_to_platform"
    REFER_TO_POLICE = "refer_to_police"
    RECEIVE_ESCALATIONS = "receive_escalations"
    INVESTIGATE_COMPLAINTS = "investigate_complaints"
    REQUEST_ACCOUNT = "request_account"
    APPROVE_ACCOUNT = "approve_account"
    SUSPEND_ACCOUNT = "suspend_account"
    CLOSE_ACCOUNT = "close_account"
    MANAGE_ACCESS_LIST = "manage_access_list"
    READ_CREDENTIALS = "read_credentials"
    MANAGE_CREDENTIALS = "manage_credentials"
    DECLARE_INCIDENT = "declare_incident"
    APPROVE_EXCEPTION = "approve_exception"
    MANAGE_PEOPLE = "manage_people"
    VIEW_AUDIT = "view_audit"
    EXPORT_DATA = "export_data"
    VIEW_REPORTS = "view_reports"
    APPROVE_POLICY = "approve_policy"
    REVIEW_POLICY = "review_policy"  # maintain the policy file: propose and validate new versions


class Nation(StrEnum):
    """Which UK bank-holiday calendar counts working days."""

    ENGLAND_AND_WALES = "england-and-wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"


# ---------------------------------------------------------------- header


class SourceDocument(Strict):
    file: str
    title: str
    date: str | None = None
    short_title: str | None = None  # how people name it in a citation, e.g. "Gosport social media policy"
    # Section titles, so citations read "§19 (Social media site content)". Keys are section numbers ("7"),
    # ranges of them ("16-21") or exact section ids ("7g(iii)"); a section such as "7g(iii)" takes the title of
    # its exact id, else of the number it starts with. Sections cited by a heading need no entry.
    sections: dict[str, str] = Field(default_factory=dict)

    def section_title(self, section: str) -> str | None:
        """The title of ``section`` (a cited section id), or None when the source gives it none."""
        if section in self.sections:
            return self.sections[section]
        digits = len(section) - len(section.lstrip("0123456789"))
        if not digits:
            return None
        number = int(section[:digits])
        if str(number) in self.sections:  # "7b" takes the title of "7" before that of a range holding 7
            return self.sections[str(number)]
        for key, title in self.sections.items():
            low, _, high = key.partition("-")
            if low.isdigit() and (high.isdigit() if high else True) and \
                    int(low) <= number <= int(high or low):
                return title
        return None

    @property
    def name(self) -> str:
        return self.short_title or self.title


class Organisation(Strict):
    name: str
    kind: Literal["council", "charity", "society", "trust", "network", "company", "other"] = "other"
    nation: Nation = Nation.ENGLAND_AND_WALES
    website: str | None = None
    domains: list[str] = Field(default_factory=list)  # its own web domains, for look-alike checks
    # The organisation's own public details: never personal data, phishing or disparagement when they appear in
    # a post or comment (a switchboard number in a storm warning, the civic offices' address, a spokesperson).
    phones: list[str] = Field(default_factory=list)  # published numbers: switchboard, helplines, press office
    emails: list[str] = Field(default_factory=list)  # published addresses: info@, complaints@, press@
    addresses: list[str] = Field(default_factory=list)  # offices and public buildings, as written on the website
    spokespeople: list[str] = Field(default_factory=list)  # people who speak for it publicly, by name
    partners: list[str] = Field(default_factory=list)  # partner organisations it names in posts


class ElectionPeriod(Strict):
    """A pre-election (purdah) period: inside it, what the policy says about publicity in that period applies.

    Inside a period, content rules with ``election_period: inside`` and guidance for the ``election_period``
    moment apply, rules with ``election_period: outside`` do not, and an outbound post that names one of
    ``candidates`` (or, with ``featuring_councillors``, a councillor: "Cllr Smith", "Councillor Jane Smith") is
    political content for the policy's ordinary political rules. Outside every period none of this applies.
    The date is the context's ``on`` (a post's scheduled time, a comment's time, ``warden check --on``), else
    today in the UK.
    """

    name: str  # e.g. "Local elections 7 May 2026"
    start: dt.date
    end: dt.date  # inclusive: polling day
    candidates: list[Annotated[str, StringConstraints(min_length=3, max_length=120)]] = Field(default_factory=list)
    featuring_councillors: bool = False  # posts naming a councillor count as political in the period
    cite: Citation | None = None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class ApprovalRecord(Strict):
    by: str  # a role id or body, e.g. "board"
    date: dt.date | None = None
    note: str | None = None


class Review(Strict):
    every_months: Annotated[int, Field(ge=1, le=60)]
    owner: str  # role id
    last_reviewed: dt.date | None = None
    cite: Citation | None = None


class PolicyHeader(Strict):
    id: Id
    title: str
    version: str
    source: SourceDocument
    approved: ApprovalRecord | None = None
    review: Review | None = None


class Contacts(Strict):
    complaints_email: str | None = None
    media_email: str | None = None
    general_email: str | None = None
    escalation_note: str | None = None
    other: dict[str, str] = Field(default_factory=dict)
    cite: Citation | None = None  # the clause that publishes these routes (e.g. ETT 9b), cited when they are used


# ---------------------------------------------------------------- people


class Role(Strict):
    title: str
    permissions: list[Permission] = Field(default_factory=list)
    # true for roles held relative to a person, e.g. "the requester's line manager"
    relative_to_requester: bool = False
    cite: Citation | None = None


class Branding(Strict):
    logo: Literal["required", "forbidden", "optional"] = "optional"
    bio_must_include: list[str] = Field(default_factory=list)  # literal phrases, e.g. "Views are my own"
    bio_must_include_fields: list[Literal["name", "role"]] = Field(default_factory=list)
    cite: Citation | None = None


class AccountCategory(Strict):
    title: str
    description: str = ""
    managed_by: str | None = None  # role id
    publish_during_incident: bool = True
    branding: Branding | None = None
    cite: Citation | None = None


class AccountRuleKind(StrEnum):
    OWNER_REQUIRED = "owner_required"
    APPROVAL_REQUIRED = "approval_required"
    ACCESS_LIST = "access_list"
    CREDENTIALS = "credentials"
    UNDER_USE = "under_use"
    ONE_PER_PLATFORM = "one_per_platform"
    DISCLAIMER = "disclaimer"
    MONITORING = "monitoring"
    NOTICE = "notice"  # statements the site must display (e.g. moderation criteria, FOI notice)


class AccountRule(Strict):
    id: Id
    kind: AccountRuleKind
    text: str
    categories: list[str] = Field(default_factory=list)  # account categories; empty = all
    roles: list[str] = Field(default_factory=list)  # who keeps / may read / owns, as the kind needs
    days: int | None = None  # e.g. under-use threshold
    phrases: list[str] = Field(default_factory=list)  # e.g. accepted disclaimer wordings
    # access_list: whether only the people on the account's list (and ``roles``) may publish, correct or withdraw
    # on it (ETT 5c); false for a list that only records the accounts and their owners (Gosport 11)
    posting: bool = True
    cite: Citation


class RequiredDocument(Strict):
    id: Id
    title: str
    categories: list[str] = Field(default_factory=list)
    cite: Citation


# ---------------------------------------------------------------- content


ElectionScope = Literal["inside", "outside"] | None


class ContentRule(Strict):
    id: Id
    title: str
    category: Category
    applies_to: list[Direction]
    action: Action
    escalate_to: list[str] = Field(default_factory=list)  # role ids
    approver: list[str] = Field(default_factory=list)  # role ids, for require_approval
    threshold: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5
    account_categories: list[str] = Field(default_factory=list)  # empty = all
    only_during_incident: bool = False
    election_period: ElectionScope = None  # "inside": only in an election period; "outside": only out of one
    next_step: str | None = None  # what to tell the person, in plain words
    cite: Citation


class Criterion(Strict):
    """A published moderation criterion: comments meeting it may be hidden or removed."""

    id: Id
    title: str
    categories: list[Category]
    action: Action = Action.HIDE
    allowed_actions: list[ModerationAction] = Field(default_factory=list)
    escalate_to: list[str] = Field(default_factory=list)
    threshold: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5
    keep_evidence: bool = True
    next_step: str | None = None
    cite: Citation


class Moderation(Strict):
    notice: str | None = None  # what users must be told about moderation
    criteria: list[Criterion] = Field(default_factory=list)


# ---------------------------------------------------------------- approvals, time, incidents, retention


class ApprovalSubject(StrEnum):
    POST = "post"
    ACCOUNT = "account"
    EXCEPTION = "exception"
    WIKI_EDIT = "wiki_edit"


class Exemption(Strict):
    id: Id
    text: str
    roles: list[str]
    post_kinds: list[str] = Field(default_factory=list)  # e.g. ["job_advert"]; empty = any
    requires_account_access: bool = False
    cite: Citation

    def applies(self, *, role: str | None, kind: str | None, has_access: bool) -> bool:
        """Whether this exemption lifts its rule for an author in ``role`` posting a ``kind`` post."""
        if role not in self.roles:
            return False
        if self.post_kinds and kind not in self.post_kinds:
            return False
        return has_access or not self.requires_account_access


class ApprovalRule(Strict):
    id: Id
    subject: ApprovalSubject
    text: str
    all_of: list[str] = Field(default_factory=list)  # every one of these roles must approve
    any_of: list[str] = Field(default_factory=list)  # at least one of these roles must approve
    account_categories: list[str] = Field(default_factory=list)
    exemptions: list[Exemption] = Field(default_factory=list)
    cite: Citation


class ResponseTarget(Strict):
    id: Id
    text: str
    working_days: Annotated[float, Field(gt=0, le=60)]
    account_categories: list[str] = Field(default_factory=list)
    cite: Citation


class ResponseTimes(Strict):
    calendar: Nation = Nation.ENGLAND_AND_WALES
    targets: list[ResponseTarget] = Field(default_factory=list)


class Incident(Strict):
    text: str
    declare_roles: list[str] = Field(default_factory=list)
    suspend_categories: list[str] = Field(default_factory=list)
    publish_only_from: list[str] = Field(default_factory=list)
    cite: Citation


class RecordType(StrEnum):
    POSTS = "posts"
    COMMENTS = "comments"
    MODERATION_EVIDENCE = "moderation_evidence"
    DECISIONS = "decisions"
    AUDIT = "audit"
    COMPLAINTS = "complaints"
    CONSENT_RECORDS = "consent_records"


class RetentionRule(Strict):
    id: Id
    record: RecordType
    keep_days: Annotated[int, Field(ge=1)]
    text: str
    basis: str | None = None  # why this period (statute, organisation's schedule)
    cite: Citation


# ---------------------------------------------------------------- guidance


class Moment(StrEnum):
    """When a guidance item is shown to people."""

    DRAFTING = "drafting"
    APPROVING = "approving"
    MODERATING = "moderating"
    RESPONDING = "responding"
    ACCOUNT_SETUP = "account_setup"
    PERSONAL_USE = "personal_use"
    INCIDENT = "incident"
    ELECTION_PERIOD = "election_period"  # drafting inside a pre-election period
    GOVERNANCE = "governance"
    ALWAYS = "always"


class Guidance(Strict):
    id: Id
    text: str
    moments: list[Moment]
    categories: list[Category] = Field(default_factory=list)  # shown when findings of these categories
    roles: list[str] = Field(default_factory=list)  # who it is for; empty = everyone
    why_not_enforced: str
    cite: Citation


# ---------------------------------------------------------------- detection settings


class Detection(Strict):
    """Organisation-specific detector settings."""

    watch_words: list[str] = Field(default_factory=list)
    political_terms: list[str] = Field(default_factory=list)
    link_allow: list[str] = Field(default_factory=list)
    link_deny: list[str] = Field(default_factory=list)
    extra_banned: list[str] = Field(default_factory=list)
    extra_suspect: list[str] = Field(default_factory=list)
    allow_words: list[str] = Field(default_factory=list)


# ---------------------------------------------------------------- the policy


class Policy(Strict):
    schema_version: Literal[1] = Field(1, alias="schema")
    policy: PolicyHeader
    organisation: Organisation
    contacts: Contacts = Field(default_factory=Contacts)
    roles: dict[Id, Role]
    account_categories: dict[Id, AccountCategory]
    account_rules: list[AccountRule] = Field(default_factory=list)
    required_documents: list[RequiredDocument] = Field(default_factory=list)
    content_rules: list[ContentRule] = Field(default_factory=list)
    moderation: Moderation = Field(default_factory=Moderation)
    approvals: list[ApprovalRule] = Field(default_factory=list)
    response_times: ResponseTimes = Field(default_factory=ResponseTimes)
    incident: Incident | None = None
    retention: list[RetentionRule] = Field(default_factory=list)
    guidance: list[Guidance] = Field(default_factory=list)
    detection: Detection = Field(default_factory=Detection)
    election_periods: list[ElectionPeriod] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @property
    def name(self) -> str:
        return self.policy.id
