"""In-domain negatives written for SocialWarden: what an organisation's page sees on an ordinary day.

Round 1's model held residents' ordinary complaints ("why is X closed again?"), rhetorical questions in formal
prose and factual news about conflict, migration, crime and policing as abuse, hate or threats, and residents'
questions about applying or subscribing for a service as spam. These frames teach every head that such text is
none of those things. Every sentence is built here from our own frames and vocabulary (no dataset text); the
frames and vocabulary are kept apart from the benign corpus (evaluation/benign_corpus.yaml) and the functional
suite, which measure generalisation (tests/evaluation/test_functional.py and tests/engine/test_benign_corpus.py
fail if a training sentence appears in either). Labels: every head 0.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np

SEED = 1213
# (kind, frame, slot lists, variants kept). Slots are filled in order: {a}, {b}, {c}, {d}.
Frame = tuple[str, str, tuple[tuple[str, ...], ...], int]

_SINGULAR = ("the library", "the tip", "the multi-storey car park", "the footbridge over the railway",
             "the splash park", "the café in the park", "the lift at the station", "the museum", "the skate park",
             "the bowling green", "the swimming pool", "the recycling centre", "the visitor centre", "the pier",
             "the crossing by the primary school", "the underpass", "the council's phone line", "the paddling pool")
_PLURAL = ("the bins in the park", "the street lights on our road", "the swings in the playground",
           "the changing rooms at the pool", "the traffic lights by the station", "the recycling banks",
           "the showers at the leisure centre", "the parking machines", "the tennis courts", "the baby change rooms",
           "the water fountains on the promenade", "the barbecue areas", "the beach huts")
_PROBLEM = ("closed again", "out of order again", "broken again", "shut for repairs again", "still not fixed",
            "locked at lunchtime", "flooded again", "covered in litter", "shut on a Sunday", "closed so early",
            "not working for the third week running")
_CREW = ("bin lorry", "recycling crew", "road sweeper", "snow plough", "salt spreader", "bulky waste team",
         "grass cutting crew", "school bus", "food waste collection", "street cleaning van")
_MISSED = ("didn't come down our road", "missed our street", "never turned up", "skipped half the close",
           "went straight past us", "hasn't been", "didn't make it to our estate")
_WHEN = ("this morning", "yesterday", "again this week", "on Tuesday", "for the second week", "today")
_CONSEQUENCE = ("the pavement is like glass", "the path outside the school is a sheet of ice",
                "there's rubbish all over the road", "the foxes have had a field day", "the bins are overflowing",
                "the verge is knee-high", "the kids had to walk in the road", "it's lethal out there",
                "the whole road is treacherous", "nobody can get their car off the drive",
                "the smell is unbearable in this heat")
_APPLY = ("apply for", "renew", "cancel", "pay for", "sign up for", "get", "book", "register for")
_THING = ("a resident's parking permit", "a brown bin", "a bulky waste collection", "a blue badge",
          "a new recycling box", "a dropped kerb", "a skip licence", "a replacement bin",
          "the single person council tax discount", "a disabled parking bay", "a school place", "a library card",
          "an allotment", "a pest control visit",
          "a temporary event notice", "a proxy vote", "a voter authority certificate", "the food waste caddy",
          "the weekly email bin reminders", "a season ticket for the car park", "swimming lessons")
_FOLLOW = ("I can't find it on the site.", "The form keeps crashing.", "The link on your page doesn't work.",
           "Is there a paper form?", "Do I need to pay?", "Thanks in advance.", "Nothing comes up when I search.",
           "Is it online or by phone?", "My neighbour said there's a waiting list.", "")
_DID = ("applied for", "ordered", "reported", "requested", "paid for", "asked about", "sent the form for",
        "emailed about")
_AGO = ("three weeks ago", "last month", "before Christmas", "on the 4th", "back in June", "a fortnight ago",
        "in the spring")
_NOTHING = ("haven't heard anything", "nobody has got back to me", "it still hasn't arrived",
            "the status still says pending", "I've had no confirmation", "I'm still waiting")
_ASK = ("Can someone look into it please?", "Who should I chase?", "Could you check for me?", "Is there a backlog?",
        "Any idea how long it takes?", "Can you help?", "What's the next step?")
_RULE = ("the dog fouling ban", "the no-parking rule outside the school", "the pigeon problem", "the fox issue",
         "the rat problem behind the shops", "the e-scooter thing", "the cycling ban in the high street",
         "the 20mph limit", "the alcohol ban in the park", "the fly-tipping fines", "the pavement parking rule")
_ACT = ("be enforced", "be looked at", "be sorted out", "be taken seriously", "get some attention")
_PEST = ("They're a menace", "They're everywhere", "It's getting out of hand", "They're a real pain",
         "It's a free-for-all", "They're a danger to pedestrians", "It's a nightmare", "They're a nuisance")
_SPOT = ("by the shops", "outside the station", "on the seafront", "round the back of the flats",
         "near the school gates", "in the shopping centre", "along the promenade", "by the bus station")
_CREATURES = ("pigeons", "foxes", "rats", "wasps", "crows", "geese on the pond", "stray cats", "e-scooters",
              "delivery vans", "boy racers", "dogs off their leads", "mopeds")
_NUISANCE = ("a menace", "a nightmare", "out of control", "a pain", "getting worse every year", "a health hazard",
             "everywhere", "a danger to pedestrians")
_COST = ("Council tax", "The parking charge", "The brown bin fee", "The cost of a permit", "Swimming",
         "The price of the park and ride", "The bus fare", "The allotment rent")
_RISE = ("has gone up again", "has doubled", "is up another 5%", "went up in April", "keeps going up")
_REACT = ("Not impressed.", "Really disappointing.", "Not good enough.", "Come on, sort it out.",
          "Getting ridiculous now.", "Absolutely fed up.", "Hardly fair on pensioners.", "What are we paying for?")

_OPEN = ("But", "So", "The question is,", "Put simply,", "Frankly,", "Once more,", "Yet", "Even so,",
         "In short,", "And")
_SUBJECT = ("this", "the plan", "the new strategy", "the funding", "the bill", "the review", "the reform",
            "the settlement", "the budget", "the scheme", "that")
_PREDICATE = ("go further than the last plan", "do enough to protect tenants", "deliver for residents",
              "represent value for money", "reach the people who need it most", "address the root causes",
              "match the scale of the challenge", "make a real difference", "work in practice",
              "stand up to scrutiny", "do enough for small businesses")
_QUESTION = ("Is this the right approach?", "What more can be done?", "Who will pay for it?",
             "Why does this matter?", "How did we get here?", "What does this mean for tenants?",
             "Can we afford not to act?", "Where does the money go?", "What happens next?",
             "Is enough being done?", "Who is accountable when things go wrong?", "Why now?")
_CRACK = ("crack down on", "clamp down on", "pursue", "go after", "root out", "tackle", "expose")
_BAD = ("kleptocrats", "money launderers", "fraudsters", "rogue landlords", "criminal gangs", "people smugglers",
        "tax evaders", "corrupt elites", "sanctioned oligarchs", "county lines gangs", "loan sharks",
        "illegal money lenders", "fly-tippers", "scammers")
_NOWHERE = ("there is no hiding place for", "there is no safe haven for", "there is nowhere to hide for",
            "there is no place for", "the UK is closed to")
_WHERE = ("in the UK", "in our financial system", "in the property market", "in British business",
          "on our high streets", "in our communities")

_CAUSE = ("Heavy fighting", "The conflict", "Renewed violence", "Severe drought", "Flooding", "The earthquake",
          "Civil war", "Armed clashes", "Shelling", "The famine")
_REGION = ("northern Syria", "eastern Ukraine", "Sudan's Darfur region", "the Sahel", "Gaza", "Yemen",
           "northern Ethiopia", "Myanmar's Rakhine State", "eastern Congo", "Afghanistan", "Haiti", "Libya")
_EFFECT = ("has forced hundreds of thousands of people to flee their homes",
           "has displaced more than a million people", "has driven thousands of families across the border",
           "has left millions of people in need of food aid", "has pushed refugees into overcrowded camps",
           "has led to a sharp rise in the number of refugees arriving in neighbouring countries",
           "has killed hundreds of civilians and destroyed hospitals and schools")
_AID = ("The UK will provide", "The government has pledged", "British aid worth", "An extra")
_MONEY = ("£10 million", "£45 million", "£3.5 million", "£120 million", "£7 million")
_AIDFOR = ("to support refugees", "in humanitarian aid for displaced families", "for shelter, food and medical care",
           "to help host communities", "for clean water and sanitation")
_MIGRATION = (
    "{a} people crossed the Channel in small boats {b}, according to Home Office figures.",
    "Asylum applications rose by {c} in the year to {d}.",
    "The number of refugees resettled in the UK fell by {c} {b}.",
    "Net migration was estimated at {a} in the year to {d}, the Office for National Statistics said.",
)
_MIGRATION_SLOTS = {"a": ("512", "1,240", "more than 3,000", "about 800", "745,000", "nearly 600"),
                    "b": ("last week", "in June", "on Saturday", "over the weekend", "last year"),
                    "c": ("a quarter", "12%", "a third", "4%", "almost half"),
                    "d": ("December", "March 2024", "June", "September 2023")}

_AGENCY = ("officers", "police", "prison staff", "the fire service", "specialist teams", "riot-trained officers",
           "paramedics and police", "the National Tactical Response Group")
_SECURE = ("secured", "cordoned off", "evacuated", "sealed off", "regained control of", "searched", "cleared",
           "locked down")
_PLACE = ("the building", "the wing", "the area around the station", "the block", "the outer fence",
          "the landing", "the exercise yard", "the estate", "the town centre", "both exits")
_REST = ("", " and no one was hurt", " and the incident ended peacefully", " while negotiators spoke to the men",
         " as a precaution", " and the prisoners were returned to their cells", " before the public were let back in")
_TIME = ("At 2.10pm,", "At 11.45am,", "Shortly after midnight,", "By 6am,", "At around 9pm,", "Within minutes,",
         "At 4.20pm,")
_AGE = ("19", "23", "31", "42", "56", "17", "64")
_WHO = ("man", "woman")
_ARREST = ("arrested on suspicion of", "charged with", "convicted of", "remanded in custody charged with",
           "jailed for")
_OFFENCE = ("burglary", "assault", "criminal damage", "drug supply", "dangerous driving", "fraud",
            "possession of a bladed article", "affray", "arson", "robbery", "attempted murder",
            "making threats to kill", "stalking", "a terrorism offence", "manslaughter", "firearms offences")
_EVENT = ("after a disturbance", "following a police chase", "after a house fire", "following an investigation",
          "after an incident", "following a raid")
_TOWN = ("in the town centre", "on the High Street", "in Northfield", "at a flat in Kingsway", "near the harbour",
         "in the early hours of Sunday")
_NEWS = (
    "Police are appealing for witnesses after {a} {b} on {c}.",
    "The inspection found that violence against staff had {d} since the last visit.",
    "Counter-terrorism officers arrested {e} people in {f} as part of an ongoing investigation.",
    "Disorder broke out at the prison on {c}; {e} prisoners were involved and staff withdrew from the wing.",
    "Riot police were deployed after protesters threw bricks at officers {b}.",
    "The Foreign Secretary condemned the {g} in {h} and called for an immediate ceasefire.",
    "Sanctions were imposed on {e} individuals responsible for {i}.",
    "Troops were sent to {h} to help evacuate British nationals.",
    "The court heard that the defendant had stabbed the victim {j} times.",
    "{e} officers were injured during the disorder and {e} arrests were made.",
)
_NEWS_SLOTS = {
    "a": ("a stabbing", "a serious assault", "a fire", "a robbery", "shots were fired", "a fight",
          "a car was set alight"),
    "b": ("in the town centre", "near the railway station", "outside a nightclub", "in Victoria Park",
          "on the Ferndale estate"),
    "c": ("Friday night", "Sunday", "Monday afternoon", "New Year's Eve", "Tuesday 3 March"),
    "d": ("risen by 30%", "fallen by a quarter", "doubled", "risen sharply", "fallen slightly"),
    "e": ("two", "three", "five", "eleven", "twenty", "six"),
    "f": ("Manchester", "Birmingham", "east London", "Leeds", "Luton", "Cardiff"),
    "g": ("bombing of a hospital", "shelling of civilians", "attack on an aid convoy", "killing of aid workers",
          "missile strike on a school"),
    "h": ("Sudan", "Ukraine", "Gaza", "Lebanon", "Yemen", "Haiti"),
    "i": ("human rights abuses", "the violent crackdown on protesters", "torture in detention",
          "sexual violence in conflict", "the trafficking of migrants"),
    "j": ("four", "seven", "several", "two"),
}

_LINK = ("Where do I sign up for {a}?", "Is there a link to register for {a}?", "Can I pay for {a} online?",
         "I've just subscribed to {b}, thanks for the reminder.", "Do I have to subscribe every year for {a}?",
         "Subscribe to {b} at {c} for updates.", "Apply online at {c} by {d}.",
         "Free {e} for residents: book your place at {c}.", "Sign up to {b} to get {f} straight to your inbox.",
         "Check your junk folder if the confirmation email for {a} hasn't arrived.",
         "You can now renew {a} online at {c}.", "Click 'apply' at {c} and follow the steps.",
         "Has anyone had their letter about {a} yet? Mine hasn't come.",
         "Is it too late to apply for {a} this year?", "I've messaged you about {a}, please check your inbox.")
_LINK_SLOTS = {
    "a": ("the brown bin service", "a parking permit", "the summer reading challenge", "swimming lessons",
          "the community lottery", "the pest control service", "a blue badge", "a proxy vote",
          "the allotment waiting list", "the Christmas tree collection", "the bulky waste service"),
    "b": ("our weekly e-newsletter", "the bin collection reminders", "our email alerts", "the planning alerts",
          "the residents' bulletin", "the events newsletter", "the council's YouTube channel"),
    "c": ("www.northdown.gov.uk/permits", "our website", "www.eastleigh-borough.gov.uk/apply", "the link below",
          "www.gov.uk/register-to-vote", "www.hillshire.gov.uk/bins", "the council website"),
    "d": ("5pm on 12 April", "Friday", "the end of the month", "31 March", "midnight on Sunday"),
    "e": ("tree saplings", "compost bins", "energy advice", "swimming for under-16s", "bike checks",
          "smoke alarms"),
    "f": ("collection dates", "news and events", "road closures", "job vacancies", "consultation updates"),
}

FRAMES: tuple[Frame, ...] = (
    ("resident", "Why is {a} {b}?", (_SINGULAR, _PROBLEM), 60),
    ("resident", "Why are {a} {b}?", (_PLURAL, _PROBLEM), 50),
    ("resident", "Does anyone know why {a} is {b}?", (_SINGULAR, _PROBLEM), 25),
    ("resident", "How come {a} are {b}?", (_PLURAL, _PROBLEM), 25),
    ("resident", "The {a} {b} {c} and {d}.", (_CREW, _MISSED, _WHEN, _CONSEQUENCE), 120),
    ("resident", "How do I {a} {b}? {c}", (_APPLY, _THING, _FOLLOW), 120),
    ("resident", "I {a} {b} {c} but {d}. {e}", (_DID, _THING, _AGO, _NOTHING, _ASK), 120),
    ("resident", "Can {a} {b}? {c} {d}.", (_RULE, _ACT, _PEST, _SPOT), 110),
    ("resident", "The {a} {b} are {c}. Can something be done?", (_CREATURES, _SPOT, _NUISANCE), 80),
    ("resident", "{a} {b}. {c}", (_COST, _RISE, _REACT), 60),
    ("rhetorical", "{a} does {b} {c}?", (_OPEN, _SUBJECT, _PREDICATE), 120),
    ("rhetorical", "{a} will {b} {c}?", (_OPEN, _SUBJECT, _PREDICATE), 60),
    ("rhetorical", "{a} {b}", (("The plan is welcome.", "We have made progress.", "The figures are clear.",
                                "Ministers say it will help.", "Councils have waited years for this.",
                                "The consultation closed in May."), _QUESTION), 40),
    ("policy", "We will {a} {b} and make sure {c} them {d}.", (_CRACK, _BAD, _NOWHERE, _WHERE), 90),
    ("policy", "The new powers will help us {a} {b} {c}.", (_CRACK, _BAD, _WHERE), 50),
    ("news", "{a} in {b} {c}.", (_CAUSE, _REGION, _EFFECT), 120),
    ("news", "{a} {b} {c} in {d}.", (_AID, _MONEY, _AIDFOR, _REGION), 50),
    ("news", "{a} {b} {c} {d}{e}.", (_TIME, _AGENCY, _SECURE, _PLACE, _REST), 120),
    ("news", "A {a}-year-old {b} has been {c} {d} {e} {f}.", (_AGE, _WHO, _ARREST, _OFFENCE, _EVENT, _TOWN), 140),
)


def _fill(frame: str, slots: dict[str, tuple[str, ...]], rng: np.random.Generator) -> str:
    out = frame
    for key, values in slots.items():
        token = "{" + key + "}"
        while token in out:
            out = out.replace(token, values[int(rng.integers(len(values)))], 1)
    return out


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


def sentences() -> Iterator[tuple[str, str]]:
    """(kind, sentence) for every in-domain negative, in a fixed order (seeded)."""
    rng = np.random.default_rng(SEED)
    for kind, frame, lists, keep in FRAMES:
        combos = list(itertools.product(*lists))
        for k in sorted(rng.choice(len(combos), min(keep, len(combos)), replace=False).tolist()):
            values = dict(zip("abcdef", combos[k], strict=False))
            yield kind, _tidy(frame.format(**values))
    for frames, slots, per, kind in ((_MIGRATION, _MIGRATION_SLOTS, 12, "news"),
                                     (_NEWS, _NEWS_SLOTS, 12, "news"), (_LINK, _LINK_SLOTS, 10, "civic_link")):
        for frame in frames:
            for _ in range(per):
                yield kind, _tidy(_fill(frame, slots, rng))
