"""The stable category ids used everywhere (policy files, JSON, API), and protected characteristics.

Each category names the seed clauses that gave rise to it, so a reader can see why it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    THREAT = "threat"
    HARASSMENT = "harassment"
    HATE = "hate"
    ABUSE = "abuse"
    PROFANITY = "profanity"
    SEXUAL = "sexual"
    SELF_HARM = "self_harm"
    INCITEMENT = "incitement"
    PERSONAL_DATA = "personal_data"
    CONFIDENTIAL = "confidential"
    DEFAMATION = "defamation"
    POLITICAL = "political"
    SOLICITATION = "solicitation"
    SPAM = "spam"
    ILLEGAL = "illegal"
    SECURITY_INFO = "security_info"
    COPYRIGHT = "copyright"
    MALICIOUS_LINK = "malicious_link"
    MEDIA_CONSENT = "media_consent"
    PROMISE = "promise"
    COMPLAINT = "complaint"
    MEDIA_ENQUIRY = "media_enquiry"
    DISPARAGEMENT = "disparagement"
    OFF_TOPIC = "off_topic"
    CONTEMPT_OF_COURT = "contempt_of_court"
    CONFLICT_OF_INTEREST = "conflict_of_interest"
    DATA_GATHERING = "data_gathering"


class Characteristic(StrEnum):
    """Protected characteristics under the Equality Act 2010, s.4."""

    AGE = "age"
    DISABILITY = "disability"
    GENDER_REASSIGNMENT = "gender_reassignment"
    MARRIAGE_CIVIL_PARTNERSHIP = "marriage_civil_partnership"
    PREGNANCY_MATERNITY = "pregnancy_maternity"
    RACE = "race"
    RELIGION_BELIEF = "religion_belief"
    SEX = "sex"
    SEXUAL_ORIENTATION = "sexual_orientation"


@dataclass(frozen=True)
class CategoryInfo:
    id: Category
    title: str
    description: str
    clauses: tuple[str, ...]


_INFO: tuple[CategoryInfo, ...] = (
    CategoryInfo(Category.THREAT, "Threat or intimidation",
                 "Threatening, intimidating or menacing content, incitement to violence.",
                 ("gen: threatening, intimidating or menacing", "society 4: do not threaten",
                  "ett 7g(iii): incite violence", "ett 16b(vi): Malicious Communications Act")),
    CategoryInfo(Category.HARASSMENT, "Harassment or bullying",
                 "Harassing or bullying an individual.",
                 ("gen: harass an individual", "society 4, 6d", "gosport 19, personal life",
                  "council-officers: bully or harass", "ett 7g(i), 16b(iii)")),
    CategoryInfo(Category.HATE, "Hate or discrimination",
                 "Denigrating people by a protected characteristic (Equality Act 2010).",
                 ("gen: denigrate by colour, race...", "society 5: abusive behaviour",
                  "gosport 19: discrimination", "council-officers: racist, sexist", "ett 7g(iii-iv), 16b(x)")),
    CategoryInfo(Category.ABUSE, "Grossly offensive or abusive",
                 "Insults and grossly offensive language aimed at people.",
                 ("gen: grossly offensive", "council-officers: offensive", "ett 10e, 16b(vi-vii)")),
    CategoryInfo(Category.PROFANITY, "Profanity", "Swearing and profane language.",
                 ("gosport 19: profane language", "ett 10e: bad language")),
    CategoryInfo(Category.SEXUAL, "Sexual or indecent content",
                 "Sexual, indecent or obscene content and links to it.",
                 ("gen: indecent or obscene", "gosport 19: sexual content or links",
                  "council-officers: obscene", "ett 16b(vii)")),
    CategoryInfo(Category.SELF_HARM, "Self-harm or suicide (urged on someone, or disclosed)",
                 "Inciting or encouraging someone to harm themselves; or someone disclosing thoughts of it, who is "
                 "answered with support, never hidden.", ("gen: incite ... to commit suicide",)),
    CategoryInfo(Category.INCITEMENT, "Inciting others to harm or harass",
                 "Urging others to message, harass or harm a person, or to commit crime or disorder.",
                 ("gen: incite anyone to send a message ... causing harm", "ett 7g(ii), 10e")),
    CategoryInfo(Category.PERSONAL_DATA, "Personal data",
                 "Contact details, identifiers and special-category facts about people.",
                 ("gen: sensitive personal facts", "society 6g", "gosport 16: Data Protection Act",
                  "council-officers: right to privacy", "ett 7d: GDPR")),
    CategoryInfo(Category.CONFIDENTIAL, "Confidential or unannounced",
                 "Confidential, internal information or plans not yet made public.",
                 ("gen: breach of confidence", "gosport personal life: breach confidentiality",
                  "council-officers: sensitive or confidential", "ett 7i(i-ii), 16b(v)")),
    CategoryInfo(Category.DEFAMATION, "False allegation or defamation",
                 "Allegations of wrongdoing about identifiable people or organisations.",
                 ("gen: false allegation", "society 6d: untrue statements", "gosport: defamatory comments",
                  "council-officers: defamation", "ett 10e, 16b(i-ii)")),
    CategoryInfo(Category.POLITICAL, "Political or partisan",
                 "Parties, candidates, elections, voting intentions and partisan comment.",
                 ("society 6c: party-political neutrality", "gosport 19: politically motivated",
                  "council-officers: political comment")),
    CategoryInfo(Category.SOLICITATION, "Commercial solicitation or endorsement",
                 "Selling, promoting or endorsing products or services.",
                 ("society 6f", "gosport 19: solicitation of commerce", "council-officers: personal commercial")),
    CategoryInfo(Category.SPAM, "Spam", "Unsolicited bulk or self-promotional content.",
                 ("gen: spam and malware",)),
    CategoryInfo(Category.ILLEGAL, "Illegal conduct or extremism",
                 "Encouraging or supporting illegal activity, terrorism or extremism.",
                 ("gosport 19: illegal conduct", "council-officers: unlawful", "ett 10e, 16b(ix): Prevent")),
    CategoryInfo(Category.SECURITY_INFO, "Public safety or system security",
                 "Information that compromises the safety or security of the public or public systems.",
                 ("gosport 19: safety or security", "ett 16b(viii): Computer Misuse Act")),
    CategoryInfo(Category.COPYRIGHT, "Copyright or unattributed media",
                 "Using others' work without permission or acknowledgement.",
                 ("society 6e", "gosport 19: legal ownership", "council-officers: infringes copyright",
                  "ett 7f, 7i(iii), 16b(iv)")),
    CategoryInfo(Category.MALICIOUS_LINK, "Malicious or suspicious link",
                 "Phishing, malware, look-alike domains, shorteners hiding the target.",
                 ("gen: phishing and malware",)),
    CategoryInfo(Category.MEDIA_CONSENT, "Images of people needing consent",
                 "Photos or videos of identifiable people without recorded consent.",
                 ("gen: photos or videos of individuals", "society 6e", "council-officers: photos of colleagues",
                  "ett 7e")),
    CategoryInfo(Category.PROMISE, "Promise or commitment",
                 "Commitments the organisation may not be able to deliver.", ("gen: don't make promises",)),
    CategoryInfo(Category.COMPLAINT, "Complaint", "A complaint about the organisation or a service.",
                 ("gen: handle complex queries via other channels", "gosport 22", "ett 9")),
    CategoryInfo(Category.MEDIA_ENQUIRY, "Media or journalist enquiry",
                 "A journalist seeking comment.", ("ett 12",)),
    CategoryInfo(Category.DISPARAGEMENT, "Disparaging the organisation, staff or partners",
                 "Negative comment about the organisation, colleagues, customers or partners.",
                 ("gosport personal life: criticising customers or colleagues",
                  "council-officers: disparaging comments", "ett 7h, 10a")),
    CategoryInfo(Category.OFF_TOPIC, "Off-topic", "Not topical to the post being discussed.",
                 ("gosport 19: not topical", "gosport 27: stay on topic")),
    CategoryInfo(Category.CONTEMPT_OF_COURT, "Contempt of court",
                 "Comment on a live court case that could prejudice a fair trial (assuming guilt, calling for a "
                 "verdict, identifying a protected victim).",
                 ("council-officers: constitutes contempt of court", "ett 16a: British media law",
                  "ett 11c: prejudice the incident investigation",
                  "gosport 19, 21: illegal conduct, any applicable law",
                  "gen: make a false allegation", "society 6d: untrue or misleading statements")),
    CategoryInfo(Category.CONFLICT_OF_INTEREST, "Conflict of interest or personal promotion",
                 "Using an official role to promote a personal or family business, financial interest or campaign.",
                 ("council-officers: promotion of personal financial interests, personal commercial ventures",
                  "council-officers: appear to put the Council in a conflict of interest",
                  "gosport 27: I will disclose conflicts of interest", "society 6c: avoid potential conflicts of "
                  "interest", "society 6f: promote or endorse products or services", "gen: Code of Conduct",
                  "ett 4b(ii): standards of professional conduct")),
    CategoryInfo(Category.DATA_GATHERING, "Gathering personal data",
                 "Asking people to post or send personal or sensitive data (dates of birth, addresses, National "
                 "Insurance or bank details) over social media.",
                 ("society 6g: should not be used to gather personal and sensitive data",
                  "gen: social engineering and phishing attempts", "gosport 14: form filling via the main website",
                  "gosport 16: Data Protection Act 2018", "council-officers: any person's right to privacy",
                  "ett 7d: GDPR")),
)

CATEGORY_INFO: dict[Category, CategoryInfo] = {info.id: info for info in _INFO}
