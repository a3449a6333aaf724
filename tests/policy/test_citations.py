"""Citations as people read them: the pack's name for its document and the cited section's title."""

from __future__ import annotations

import pytest

from socialwarden.exceptions import PolicyInvalid
from socialwarden.policy.citations import resolve
from socialwarden.policy.loader import load_policy, parse_policy
from socialwarden.policy.loader import resolve as resolve_pack
from socialwarden.policy.models import Citation, SourceDocument


@pytest.mark.parametrize(("pack", "section", "label"), [
    ("gosport", "19", "Gosport social media policy §19 (Social media site content)"),
    ("gosport", "2", "Gosport social media policy §2 (Site set-up)"),
    ("gosport", "27", "Gosport social media policy §27 (Blogging, Tweeting and posting)"),
    ("gosport", "What is it?", "Gosport social media policy, “What is it?”"),
    ("ett", "7g(iii)", "ETT social media policy §7g(iii) (Posting & Content Creation)"),
    ("ett", "16b(vi)", "ETT social media policy §16b(vi) (Media law)"),
    ("society", "6c", "Society social media policy §6c (Guidelines for the responsible use of social media)"),
    ("society", "5 (Abusive behaviour)", "Society social media policy §5 (Abusive behaviour)"),
    ("gen", "Mitigating the risks", "GEN social media policy, “Mitigating the risks”"),
    ("council-officers", "Use of Social Media at work", "Council guidance for officers, “Use of Social Media at work”"),
])
def test_labels_name_the_document_and_the_sections_title(pack: str, section: str, label: str) -> None:
    policy = load_policy(pack)
    cite = resolve(policy, Citation(section=section, quote="a quote"))
    assert cite.label == label
    assert cite.source == policy.policy.source.file  # kept for the JSON, never in the label
    assert cite.source not in cite.label


def test_a_citation_of_another_document_keeps_its_own_name() -> None:
    policy = load_policy("gosport")
    other = resolve(policy, Citation(source="Code of Conduct for Officers", section="4", quote="a quote"))
    assert other.label == "Code of Conduct for Officers §4" and other.title is None


def test_section_titles_by_number_range_and_exact_id() -> None:
    doc = SourceDocument(file="x.txt", title="X", sections={"2-12": "Set-up", "7": "Seven", "7g(iii)": "Exact"})
    assert doc.section_title("7g(iii)") == "Exact"
    assert doc.section_title("7b") == "Seven"
    assert doc.section_title("11") == "Set-up"
    assert doc.section_title("13") is None and doc.section_title("Heading") is None


def test_a_bad_section_range_is_reported_with_its_line() -> None:
    _, text = resolve_pack("template")
    broken = text.replace('"3-5": Roles and accounts', '"5-3": Roles and accounts')
    with pytest.raises(PolicyInvalid, match=r"policy.source.sections.5-3.*must be two numbers"):
        parse_policy(broken, "mine.yaml")
