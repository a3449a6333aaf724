"""Suspicious links: shorteners, raw IPs, punycode, look-alike domains, downloads, adult sites, deny list.

Domains are split with ``tldextract`` using the public suffix list snapshot it ships with, so
nothing is fetched or cached on disk. Verdicts are cached per URL and per host: links recur a lot.
"""

from __future__ import annotations

import ipaddress
from dataclasses import replace
from functools import cached_property, lru_cache
from typing import Any, ClassVar

import regex

from socialwarden.detectors._domains import (
    Brand,
    HostShape,
    decode_label,
    link_regions,
    load_link_lists,
    match_brand,
    mixes_confusable_scripts,
    trim_link,
    under,
)
from socialwarden.detectors.base import DetectorConfig
from socialwarden.engine.findings import Finding
from socialwarden.engine.safe_regex import compile_pattern, finditer
from socialwarden.taxonomy import Category

_STOP = r"[^\s<>\"'`“”‘’«»\u200b-\u200f\u2060\ufeff]"  # zero-width characters end a link too
# A link: with a scheme; "www.a.com@b.com" (the @ trick without a scheme); or a bare host, optionally with
# a path. Not mid-word and not after "@" or "/" (so e-mail addresses are skipped).
_URL = compile_pattern(
    rf"(?<![\w@.\-/\\])(?:(?P<scheme>(?:https?|ftp)://){_STOP}+"
    rf"|(?P<wwwat>www\d{{0,3}}[.](?:(?!@){_STOP})+@{_STOP}+)"
    rf"|(?P<host>(?>(?:[\w\-]+[.。．｡])+[\w\-]+))(?![@\w\-])(?P<rest>[:/?#]{_STOP}*)?)",
    regex.IGNORECASE,
)
_DOTS = str.maketrans({"。": ".", "．": ".", "｡": "."})
_MAX_URL = 4096
_MAX_LINKS = 200
_MAL = Category.MALICIOUS_LINK
_GOV_TOKENS = frozenset({"gov", "govuk"})  # compared with skeletons, so "g0v" counts too
_GOV_SUFFIXES = frozenset({"gov.uk", "gov.scot", "gov.wales", "nhs.uk", "police.uk", "mod.uk", "parliament.uk",
                           "gov", "gov.ie", "gov.au", "gov.nz", "gc.ca", "europa.eu"})

Verdict = tuple[tuple[Category, str, float, str], ...]
# Words a phishing site puts in its registrable name ("society-renewals-login.com", "counciltax-refund.co").
_LURE_WORDS = ("login", "logon", "signin", "verify", "verification", "validate", "password", "passwd", "credential",
               "authenticat", "refund", "reactivat", "suspended", "securelog")


def _domain_set(entries: tuple[str, ...]) -> frozenset[str]:
    hosts = (e.strip().lower().split("://")[-1].split("/")[0].translate(_DOTS).strip(".") for e in entries)
    return frozenset(h.removeprefix("www.") for h in hosts if h)


def _is_ip(host: str, has_scheme: bool) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        pass
    # Browsers also accept a bare number ("http://3232235777/") or hex ("0x7f.0.0.1") as an address.
    return has_scheme and all(p.isdigit() or (p.startswith("0x") and p[2:].isalnum()) for p in host.split("."))


class LinkDetector:
    name: ClassVar[str] = "links"

    def __init__(self, config: DetectorConfig | None = None) -> None:
        cfg = config or DetectorConfig()
        self._lists = load_link_lists()
        self._deny = _domain_set(cfg.link_deny)
        own_domains = _domain_set(cfg.own_domains + tuple(e.rpartition("@")[2] for e in cfg.org_emails if "@" in e))
        self._own_domains = own_domains
        self._allow = _domain_set(cfg.link_allow) | own_domains
        self._known = self._lists.shorteners | self._allow | self._deny
        self._judge = lru_cache(maxsize=4096)(self._judge_url)
        self._host = lru_cache(maxsize=4096)(self._judge_host)

    @cached_property
    def _tld(self) -> Any:
        """The domain splitter, made when the first link needs it (importing tldextract pulls in requests and
        urllib3: a tenth of a cold `warden check` on a text with no link). No URLs and no cache dir: the bundled
        suffix-list snapshot, never the network or the disk."""
        import tldextract

        return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)

    @cached_property
    def _brands(self) -> tuple[tuple[Brand, Any], ...]:
        """The brands links are compared with, the organisation's own domains first (made with ``_tld``)."""
        own_domains = self._own_domains
        own_labels = tuple(sorted({self._tld(d).domain for d in own_domains} - {""}))
        brands = self._lists.brands
        if own_labels:
            brands = (Brand(own_labels, own_domains, sorted(own_domains)[0], match="token", own=True), *brands)
        return tuple((b, b.skeletons()) for b in brands)

    def analyse(self, text: str) -> tuple[Finding, ...]:
        if "." not in text and ":" not in text and "/" not in text and "。" not in text and "．" not in text:
            return ()
        try:
            return self._analyse(text)
        except Exception:  # a detector must never break the check; a missed link is the lesser harm
            return ()

    def _analyse(self, text: str) -> tuple[Finding, ...]:
        out: list[Finding] = []
        seen = 0
        for start, end in link_regions(text):
            for m in finditer(_URL, text[start:end]):
                seen += 1
                if seen > _MAX_LINKS:
                    break
                url = trim_link(m.group())
                if not url:
                    continue
                kind = "scheme" if m.group("scheme") else "wwwat" if m.group("wwwat") else "bare"
                at = start + m.start()
                for category, label, score, why in self._judge(url[:_MAX_URL], kind):
                    out.append(Finding(category, at, at + len(url), score, self.name, why, label=label))
            if seen >= _MAX_LINKS:
                break
        return tuple(out)

    def _judge_url(self, url: str, kind: str) -> Verdict:
        scheme, body = ("", url) if kind != "scheme" else url.split("://", 1)
        authority, path = body, ""
        for i, ch in enumerate(body):
            if ch in "/?#":
                authority, path = body[:i], body[i:]
                break
        userinfo, _, host_text = authority.rpartition("@")
        if host_text.startswith("["):
            host_text = host_text[: host_text.find("]") + 1]
        elif ":" in host_text:
            host_text, _, port = host_text.rpartition(":")
            path = path if port.isdigit() else ":" + port + path
        host = host_text.translate(_DOTS).lower().strip(".")
        if not host or len(host) > 253:
            return ()
        is_ip = _is_ip(host, bool(scheme))
        if kind == "bare" and not (path if is_ip else self._reads_as_link(host, host_text, path)):
            return ()
        found = list(self._host(host, is_ip, bool(scheme)))
        if found and found[0][1] == "allowed":
            return ()
        if userinfo:
            real = f"the link really goes to '{host}'"
            if "." in userinfo and ":" not in userinfo:
                found.append((_MAL, "userinfo", 0.95,
                              f"'{userinfo}' before the '@' is only a user name and is ignored: {real}"))
            else:
                what = "a user name and password" if ":" in userinfo else "a user name"
                found.append((_MAL, "userinfo", 0.8 if ":" in userinfo else 0.6,
                              f"the link carries {what} before the host ('{userinfo}@'); {real}"))
        if path.strip("/?#") and under(host, self._lists.shorteners):
            found.append((_MAL, "shortener", 0.6, f"{host} is a link shortener: the real destination is hidden "
                                                  "until someone clicks it"))
        found.extend(self._download(path))
        if not any(f[0] is _MAL for f in found):
            found.extend(self._risky_tld(host))
        return tuple(found)

    def _reads_as_link(self, host: str, host_text: str, path: str) -> bool:
        """Bare "word.word" in prose: keep it only when it really reads as a web address."""
        if host.startswith("www.") or under(host, self._known):
            return True
        tld = host_text.rsplit(".", 1)[-1].translate(_DOTS)
        if tld[:1].isupper() and tld[1:].islower():  # "them.Today": a missing space after a full stop
            return False
        parts = self._tld(host)
        if not parts.suffix or (parts.suffix in self._lists.file_like_tlds and not path):  # "notes.md"
            return False
        return len(parts.domain) > 1 or bool(path)  # "5 p.m." is not Saint Pierre

    def _judge_host(self, host: str, is_ip: bool, has_scheme: bool) -> Verdict:
        """Findings that depend only on the host; ("allowed", ...) first when the host is trusted."""
        try:
            ascii_host = host if host.isascii() else host.encode("idna").decode("ascii")
        except UnicodeError:
            ascii_host = host
        shown = ".".join(decode_label(p) for p in ascii_host.split("."))  # what the reader sees
        found: list[tuple[Category, str, float, str]] = []
        denied = under(ascii_host, self._deny)
        if denied:
            found.append((_MAL, "denied", 1.0, f"'{host}' is on your organisation's list of blocked domains "
                                               f"({denied})"))
        elif under(ascii_host, self._allow):
            return ((_MAL, "allowed", 0.0, ""),)
        if is_ip:
            found.append((_MAL, "ip_host", 0.8, f"the link goes to a raw IP address ({host}) instead of a named "
                                                "website, a common sign of phishing or malware"))
            return tuple(found)
        parts = self._tld(ascii_host)
        if not ascii_host.isascii() or "xn--" in ascii_host:  # full-width "ｐａｙｐａｌ.com" is plain paypal.com
            mixed = mixes_confusable_scripts(shown)
            detail = "mixing Latin with look-alike Cyrillic/Greek letters" if mixed else "check it is the real site"
            found.append((_MAL, "punycode", 0.9 if mixed else 0.5,
                          f"'{shown}' is an internationalised (punycode) domain '{ascii_host}', {detail}"))
        if parts.domain and parts.suffix:
            found.extend(self._lookalike(ascii_host, shown, parts.suffix))
        found.extend(self._adult(shown, parts.suffix))
        return tuple(found)

    def _lookalike(self, host: str, shown: str, suffix: str) -> Verdict:
        labels = shown.split(".")
        cut = len(labels) - suffix.count(".") - 2  # index of the registrable label
        if cut < 0:
            return ()
        shape = HostShape.of(labels[cut], ".".join(labels[:cut]), suffix)
        best = None
        for brand, names in self._brands:
            if under(host, brand.domains):
                continue
            hit = match_brand(brand, names, shape, self._lists.risky_tlds)
            if hit and (best is None or hit.score > best.score):
                best = hit
        official = _GOV_TOKENS & (shape.tokens | shape.sub_tokens) and not under(host, _GOV_SUFFIXES)
        if best is None:
            if official:
                return ((_MAL, "lookalike", 0.85, f"'{shown}' dresses itself up as a government address ('gov' in the "
                                                  f"name) but is not on gov.uk or another official domain"),)
            lure = next((w for w in _LURE_WORDS if w in labels[cut].replace("-", "")), None)
            if lure and not under(host, _GOV_SUFFIXES):
                return ((_MAL, "phishing_lure", 0.7, f"'{shown}' has '{lure}' in the site's own name: phishing sites "
                                                     "name themselves after the login, check or refund they fake; "
                                                     "real services put that in the page, not the domain"),)
            return ()
        if official and best.score < 0.85:  # "gosport-gov.uk": the organisation's name and a fake "gov"
            best = replace(best, score=0.85)
        name, title, label = best.name, best.brand.title(), shape.label
        real = ".".join(labels[cut:])
        why = {
            "homoglyph": f"'{shown}' imitates {title}: '{label}' reads as '{name}' once look-alike characters "
                         "are folded",
            "typo": f"'{shown}' is a misspelling of {title} ('{label}' vs '{name}')",
            "embedded": f"'{shown}' uses the name '{name}' (in '{label}') but is not {title} or another "
                        "official domain",
            "subdomain": f"'{shown}' puts '{name}' in front of an unrelated domain: the link really goes to "
                         f"{real}, not {title}",
            "other_ending": f"'{shown}' uses the name '{name}' under a different ending; the official domain "
                            f"is {title}",
        }[best.how]
        return ((_MAL, "lookalike", best.score, why),)

    def _download(self, path: str) -> Verdict:
        file = path.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1].lower()
        ext = file.rsplit(".", 1)[1] if "." in file else ""
        if ext in self._lists.executables:
            return ((_MAL, "executable_download", 0.85,
                     f"the link downloads '{file}', a .{ext} file that can run code on the reader's device"),)
        if ext in self._lists.archives:
            return ((_MAL, "executable_download", 0.65,
                     f"the link downloads '{file}', a .{ext} archive or macro document that can carry malware"),)
        return ()

    def _risky_tld(self, host: str) -> Verdict:
        tld = self._tld(host).suffix.rsplit(".", 1)[-1]
        if tld not in self._lists.risky_tlds:
            return ()
        return ((_MAL, "risky_tld", 0.3, f"'.{tld}' is a cheap top-level domain much used for phishing and "
                                         "malware (a weak signal on its own)"),)

    def _adult(self, host: str, suffix: str) -> Verdict:
        tld = suffix.rsplit(".", 1)[-1]
        if tld in self._lists.adult_tlds:
            return ((Category.SEXUAL, "adult_link", 0.9, f"'{host}' uses the adult-content ending '.{tld}'"),)
        if any(safe in host for safe in self._lists.adult_safe):
            return ()
        for word in self._lists.adult_keywords:
            if word in host:
                return ((Category.SEXUAL, "adult_link", 0.8,
                         f"'{host}' contains '{word}', a keyword of adult or sexual websites"),)
        return ()
