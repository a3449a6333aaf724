"""Every error SocialWarden raises on purpose, in one place.

Errors carry an HTTP-like ``status`` so each edge renders them once: the CLI turns
them into a message and an exit code, the web app into problem details or a page.

    WardenError                      (status 500)
    ├── PolicyError                  (422) a policy file is unusable
    │   ├── PolicyNotFound           (404) no pack or file by that name
    │   └── PolicyInvalid            (422) carries a list of PolicyIssue, each with file/line/column/field
    ├── InputError                   (400) bad user input (a batch file row, a CLI argument)
    ├── NotSignedIn                  (401) the web app or API needs a signed-in person
    ├── NotFound                     (404) a record that does not exist
    ├── PermissionDenied             (403) the policy does not let this person do this
    ├── Conflict                     (409) the action does not fit the record's current state
    │   └── NoConnector              (409) the account has no connector linked: nothing reached a platform
    ├── TooManyAttempts              (429) sign-in throttled after repeated failures
    ├── StoreError                   (500) the database is unusable (e.g. schema out of date)
    ├── ModelUnavailable             (500) a shipped model file is missing or its runtime cannot be imported
    └── PlatformError                (502) a social media platform's API failed us
        ├── RateLimited              (429) the platform says wait (carries retry_after seconds, if it said)
        ├── PlatformUnavailable      (503) 5xx or no answer, still failing after the retries
        ├── AccountNeedsReconnecting (401) the account's token expired or was revoked: a person must reconnect it
        ├── MalformedPayload         (502) the platform's answer lacks a field we need (names the field)
        └── NotSupported             (501) this platform cannot do that (see the connector's capabilities)
"""

from __future__ import annotations

from dataclasses import dataclass


class WardenError(Exception):
    """Base class: a message meant for people, plus a status for the edge that renders it."""

    status: int = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PolicyError(WardenError):
    status = 422


class ModelUnavailable(WardenError):
    """A shipped model (e.g. the classifier's sentence encoder) is missing, or onnxruntime/tokenizers is."""

    status = 500


class PolicyNotFound(PolicyError):
    status = 404


@dataclass(frozen=True)
class PolicyIssue:
    """One problem in a policy file, located as precisely as the file allows."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    suggestion: str | None = None

    def render(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        if self.suggestion:
            text += f" (did you mean {self.suggestion!r}?)"
        return text


class PolicyInvalid(PolicyError):
    def __init__(self, issues: list[PolicyIssue]) -> None:
        self.issues = issues
        count = len(issues)
        head = f"{count} problem{'s' if count != 1 else ''} in policy"
        super().__init__(head + ":\n" + "\n".join("  " + i.render() for i in issues))


class InputError(WardenError):
    status = 400


class NotSignedIn(WardenError):
    status = 401


class NotFound(WardenError):
    status = 404


class PermissionDenied(WardenError):
    status = 403


class Conflict(WardenError):
    status = 409


class NoConnector(Conflict):
    """The account is not linked to its platform: nothing was sent anywhere (the message says so)."""


class TooManyAttempts(WardenError):
    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after

    status = 429


class StoreError(WardenError):
    status = 500


class PlatformError(WardenError):
    """A platform API call failed; ``platform`` names which one."""

    status = 502

    def __init__(self, message: str, *, platform: str) -> None:
        super().__init__(f"{platform}: {message}")
        self.platform = platform


class RateLimited(PlatformError):
    status = 429

    def __init__(self, message: str, *, platform: str, retry_after: float | None = None) -> None:
        super().__init__(message, platform=platform)
        self.retry_after = retry_after


class PlatformUnavailable(PlatformError):
    status = 503

    def __init__(self, message: str, *, platform: str, retry_after: float | None = None) -> None:
        super().__init__(message, platform=platform)
        self.retry_after = retry_after


class AccountNeedsReconnecting(PlatformError):
    status = 401


class MalformedPayload(PlatformError):
    def __init__(self, message: str, *, platform: str, field: str) -> None:
        super().__init__(f"malformed response: {field}: {message}", platform=platform)
        self.field = field


class NotSupported(PlatformError):
    """The platform's API cannot do this; ``instead`` says what it can do (shown before and after the click)."""

    status = 501

    def __init__(self, message: str, *, platform: str, instead: str | None = None) -> None:
        super().__init__(message if instead is None else f"{message}; {instead}", platform=platform)
        self.instead = instead
