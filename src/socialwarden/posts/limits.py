"""Per-platform character limits for a post's text, counted the way the posts page counts them as you type.

Characters are Unicode code points (JavaScript's ``[...text].length``), so the live counter and the server agree;
platforms that weigh some characters differently (X counts a link as 23 and some scripts double) can still refuse
a text this lets through near the limit, never one it refuses.
"""

from __future__ import annotations

from socialwarden.exceptions import InputError

# platform (as accounts record it) -> the most characters one post may carry
LIMITS: dict[str, int] = {
    "x": 280,
    "twitter": 280,
    "mastodon": 500,
    "facebook": 63_206,
    "instagram": 2_200,
    "linkedin": 3_000,
}


def limit_for(platform: str) -> int | None:
    """The platform's limit, or None when SocialWarden does not know one (blogs, websites, feeds)."""
    return LIMITS.get(platform.strip().lower())


def length(text: str) -> int:
    """Characters as the posts page's counter counts them (code points)."""
    return len(text)


def check_length(text: str, platform: str) -> None:
    """InputError naming the platform, its limit and how far over the text is."""
    limit = limit_for(platform)
    if limit is not None and length(text) > limit:
        raise InputError(f"the text is {length(text)} characters; {platform} allows {limit} "
                         f"({length(text) - limit} too many)")
