"""Training sentences written for SocialWarden from our own templates and vocabulary (no dataset text).

The public data lack what an organisation's page sees: neutral and positive statements about every protected
group, counter-speech that quotes or reports hate, negated hate, reclaimed in-group use, abuse of targets that
are not protected groups (abuse, not hate), threats and sexual harassment (no public labels here at all) and
ordinary UK civic prose. Each template below carries its labels; ``generate`` expands them with a fixed seed.

These templates are for TRAINING only. The functional suite (evaluation/functional.yaml) is written separately,
with different sentence frames, so the suite measures generalisation, not recall of these templates.
Labels: 1 / 0 per head; a head a template says nothing about is None (left out of that head's loss).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from socialwarden.taxonomy import Characteristic as C
from socialwarden.training import civic
from socialwarden.training.data import Example

SEED = 1212
SPLIT = (0.8, 0.2)  # train / val (val is used for calibration and stacking only)

# Protected groups (plural noun phrase, characteristic).
GROUPS: tuple[tuple[str, C], ...] = (
    ("black people", C.RACE), ("asian people", C.RACE), ("immigrants", C.RACE), ("refugees", C.RACE),
    ("asylum seekers", C.RACE), ("travellers", C.RACE), ("polish people", C.RACE), ("pakistanis", C.RACE),
    ("romanians", C.RACE), ("africans", C.RACE), ("chinese people", C.RACE), ("migrants", C.RACE),
    ("muslims", C.RELIGION_BELIEF), ("jews", C.RELIGION_BELIEF), ("sikhs", C.RELIGION_BELIEF),
    ("hindus", C.RELIGION_BELIEF), ("catholics", C.RELIGION_BELIEF), ("christians", C.RELIGION_BELIEF),
    ("gay people", C.SEXUAL_ORIENTATION), ("lesbians", C.SEXUAL_ORIENTATION), ("bisexual people", C.SEXUAL_ORIENTATION),
    ("gay men", C.SEXUAL_ORIENTATION), ("trans people", C.GENDER_REASSIGNMENT), ("trans women", C.GENDER_REASSIGNMENT),
    ("transgender people", C.GENDER_REASSIGNMENT), ("non-binary people", C.GENDER_REASSIGNMENT),
    ("women", C.SEX), ("girls", C.SEX), ("men", C.SEX), ("disabled people", C.DISABILITY),
    ("wheelchair users", C.DISABILITY), ("autistic people", C.DISABILITY),
    ("people with learning disabilities", C.DISABILITY), ("deaf people", C.DISABILITY),
    ("old people", C.AGE), ("pensioners", C.AGE), ("pregnant women", C.PREGNANCY_MATERNITY),
)

DEHUMANISE = ("vermin", "parasites", "animals", "rats", "cockroaches", "subhuman", "a plague", "a disease",
              "filth", "savages", "an infestation", "not even human")
ATTRIBUTE = ("dirty", "lazy", "stupid", "criminals", "thieves", "rapists", "liars", "a drain on society",
             "a burden on everyone", "freeloaders", "mentally ill", "dangerous", "disgusting", "inferior",
             "too thick to work", "a danger to our children", "ruining this country", "terrorists", "paedophiles",
             "a threat to children", "benefit scroungers", "violent", "ignorant", "untrustworthy", "backward")
VIOLENT = ("hanged", "shot", "gassed", "put down", "wiped out", "burned", "lined up and shot", "exterminated",
           "sterilised", "beaten")
EXCLUDE = ("vote", "work here", "have children", "adopt", "teach our kids", "run for council", "live near us",
           "use our swimming pool", "be in charge of anything", "become doctors")
EMOTION = ("I hate", "I despise", "I can't stand", "I'm sick of", "I loathe", "Nobody wants")
PLACES = ("the library", "the leisure centre", "the town hall", "the civic offices", "the community centre",
          "the food bank", "the high street", "the park", "the market square", "the council depot")
PEOPLE = ("the councillor", "the mayor", "the receptionist", "that officer", "the bin man", "the head teacher",
          "the chief executive", "your manager", "the planning officer", "the parking warden")
WEAPONS = ("a knife", "a bat", "a hammer", "a machete", "a gun", "petrol")

# Insults aimed at people who are not a protected group (abuse, not hate).
INSULT_NOUNS = ("idiot", "moron", "clown", "waste of space", "joke", "parasite", "liar", "imbecile", "muppet",
                "disgrace", "halfwit", "numpty", "coward", "pillock")
TARGETS_NP = ("the council", "this council", "the planning department", "the bin company", "the bus company",
              "this charity", "the society", "the board", "management", "the trustees")
OBJECTS = ("this app", "the new website", "the one-way system", "the bus service", "this consultation",
           "the parking machine", "the new bins", "the refurbished library")


@dataclass(frozen=True)
class Template:
    kind: str
    text: str
    hate: int | None = 0
    abuse: int | None = 0
    threat: int | None = 0
    sexual: int | None = 0
    spam: int | None = 0
    targets_group: bool = False  # the characteristic is the group's (hate templates)


def _hate(text: str, threat: int | None = None) -> Template:
    """Hate against a group; a call for violence against it is a (normative) threat as well."""
    return Template("hate", text, hate=1, abuse=1, threat=threat, targets_group=True)


def _benign(kind: str, text: str) -> Template:
    return Template(kind, text)


# {g} = group, {x} = filler from the template's own list.
GROUP_TEMPLATES: tuple[tuple[Template, tuple[str, ...]], ...] = (
    (_hate("{G} are {x}."), DEHUMANISE),
    (_hate("all {g} are {x}"), DEHUMANISE + ATTRIBUTE),
    (_hate("{G} are {x} and always will be."), ATTRIBUTE),
    (_hate("{G} should all be {x}.", threat=1), VIOLENT),
    (_hate("every last one of the {g} should be {x}", threat=1), VIOLENT),
    (_hate("{G} deserve to be {x}.", threat=1), VIOLENT),
    (_hate("{G} shouldn't be allowed to {x}."), EXCLUDE),
    (_hate("why are {g} even allowed to {x}?"), EXCLUDE),
    (_hate("{x} {g}, they ruin everything."), EMOTION),
    (_hate("{x} {g} and I'm not ashamed to say it."), EMOTION),
    (_hate("In my opinion {g} are {x}."), ATTRIBUTE + DEHUMANISE),
    (_hate("Am I the only one who thinks {g} are {x}?"), ATTRIBUTE + DEHUMANISE),
    (_hate("{G} don't belong in {x}, send them away."), ("this country", "our town", "Britain", "this street")),
    (_hate("We need to get {g} out of {x} for good."), ("this country", "our town", "Britain", "our schools")),
    (_hate("{G} are not real people, they are {x}."), DEHUMANISE),
    (_hate("{G} are not welcome here and never will be, {x}."), ("get out", "go home", "leave", "clear off")),
    (_hate("Honestly the world would be better without {g}. {x}"), ("Just saying.", "Facts.", "Sorry not sorry.")),
    (_hate("{G}? More like {x}."), DEHUMANISE),
    (_hate("There are too many {g} around here, they are {x}."), ATTRIBUTE),
    # implicit hate: stereotypes, insinuation, exclusion, questions, opinions, pronoun reference across sentences
    (_hate("{G} moved into our street and now {x}."), ("crime has gone through the roof", "nobody feels safe",
                                                       "the whole place stinks", "house prices have crashed")),
    (_hate("Everywhere {g} go, {x} follows."), ("crime", "trouble", "disease", "violence", "filth")),
    (_hate("{G} will never be truly {x}, whatever their passport says."), ("British", "one of us", "English")),
    (_hate("You can't trust {g}, {x}."), ("they lie as easily as breathing", "it's in their blood",
                                          "they stick together against us", "they'd sell you out in a heartbeat")),
    (_hate("Keep {g} away from {x}."), ("our children", "our schools", "our daughters", "the swimming baths")),
    (_hate("{G} are only good for {x}."), ("cleaning toilets", "breeding", "scrounging benefits", "making trouble")),
    (_hate("We don't want {g} round here. {x}"), ("Simple as that.", "Never have.", "Take the hint.")),
    (_hate("Saw a group of {g} outside the shop. {x}"), ("Absolute animals, the lot of them.",
                                                          "They should all be sent back.", "Filthy people.",
                                                          "Up to no good as usual, they always are.")),
    (_hate("The new neighbours are {g}. They {x}."), ("are ruining the street", "are dirty and loud like all of them",
                                                      "shouldn't be allowed here", "are a plague")),
    (_hate("Why are {g} always so {x}?"), ("dirty", "lazy", "violent", "stupid", "greedy", "aggressive")),
    (_hate("Personally I think {g} are {x}."), ATTRIBUTE),
    (_hate("Is it wrong to say {g} are {x}? Because they are."), ATTRIBUTE + DEHUMANISE),
    (_hate("{G} are not capable of {x}."), ("running anything", "thinking for themselves", "doing a proper job",
                                            "living like civilised people")),
    (_hate("It's a fact that {g} {x}."), ("commit most of the crime", "breed like rabbits", "can't be educated",
                                          "live off everyone else")),
    (_benign("negated", "{G} aren't {x}, that's a myth."), ATTRIBUTE + DEHUMANISE),
    (_benign("negated", "It's a lie that {g} are {x}."), ATTRIBUTE),
    (_benign("negated", "No, {g} are not {x}, and the figures prove it."), ATTRIBUTE),
    (_benign("negated", "Of course {g} are not {x}."), DEHUMANISE + ATTRIBUTE),
    (_benign("counter", "'{G} are {x}' is a lie, and the council should say so."), ATTRIBUTE),
    (_benign("counter", "My daughter was told that {g} are {x} at school; the head has dealt with it."), DEHUMANISE),
    (_benign("counter", "Posts claiming {g} are {x} get reported, that's hate speech."), ATTRIBUTE + DEHUMANISE),
    (_benign("counter", "The leaflet said {g} should be {x}. We stand with our neighbours."), VIOLENT),
    (_benign("counter", "Anyone calling {g} '{x}' should be ashamed of themselves."), DEHUMANISE),
    (_benign("neutral", "{G} are {x}."), ("welcome here", "part of our community", "our neighbours",
                                          "valued members of the society", "entitled to the same services")),
    (_benign("neutral", "The {x} event celebrates {g} in our town."), ("summer", "heritage", "community",
                                                                        "history month")),
    (_benign("neutral", "{G} can get free advice at {x}."), PLACES),
    (_benign("neutral", "Our new support group for {g} meets at {x} on Tuesdays."), PLACES),
    (_benign("neutral", "We asked {g} what they need from the council's {x}."), ("housing service", "library service",
                                                                                 "transport plan", "budget")),
    (_benign("neutral", "Many {g} have lived in the borough for generations and {x}."),
     ("run local businesses", "volunteer at the food bank", "serve as councillors")),
    (_benign("neutral", "The report shows {g} face {x} when looking for work."), ("barriers", "discrimination",
                                                                                 "longer waits")),
    (_benign("negated", "{G} are not {x}."), DEHUMANISE + ATTRIBUTE),
    (_benign("negated", "It is simply untrue that {g} are {x}."), ATTRIBUTE + DEHUMANISE),
    (_benign("negated", "Nobody should ever say {g} are {x}."), DEHUMANISE + ATTRIBUTE),
    (_benign("counter", "Someone sprayed '{g} are {x}' on the bus shelter. It has been reported to the police."),
     DEHUMANISE),
    (_benign("counter", "Claiming that {g} are {x} is hateful and has no place on this page."), ATTRIBUTE),
    (_benign("counter", "We condemn the leaflets saying {g} should be {x}."), VIOLENT),
    (_benign("counter", "I was shocked when a man on the train shouted that {g} are {x}."), DEHUMANISE),
    (_benign("counter", "Comments calling {g} '{x}' will be removed and the accounts blocked."), DEHUMANISE),
)

OTHER_TEMPLATES: tuple[tuple[Template, tuple[str, ...], tuple[str, ...]], ...] = (
    # abuse of people who are not a protected group: abuse, not hate
    (Template("abuse", "You are an absolute {x}, {y}.", abuse=1), INSULT_NOUNS,
     ("mate", "pal", "honestly", "seriously")),
    (Template("abuse", "{y} is a spineless {x} and should resign.", abuse=1), INSULT_NOUNS, PEOPLE),
    (Template("abuse", "Shut up you pathetic {x}, nobody asked {y}.", abuse=1), INSULT_NOUNS, ("you", "for your view")),
    (Template("abuse", "{y} are a bunch of useless {x}s.", abuse=1), ("idiot", "clown", "muppet", "moron", "liar"),
     TARGETS_NP),
    (Template("abuse", "Whoever runs {y} is a complete {x}.", abuse=1), INSULT_NOUNS, TARGETS_NP),
    (Template("abuse", "{y} is run by {x}.", abuse=1), ("clowns and crooks", "thieving parasites", "brainless idiots",
                                                       "a pack of liars", "spineless cowards"), TARGETS_NP),
    (Template("abuse", "{y} are {x}.", abuse=1), ("thieving parasites", "vermin", "leeches", "rats",
                                                  "a cancer on this town", "scum", "animals"),
     ("The trustees", "The councillors", "The parking wardens", "The planning officers", "The bus company bosses",
      "The board", "Management here")),
    (Template("abuse", "You are {x}, {y}.", abuse=1), ("a waste of oxygen", "a disgusting excuse for a human being",
                                                       "a parasite", "vermin", "scum", "a greedy pig"),
     ("Councillor", "mate", "Dave", "sir", "madam")),
    (Template("abuse", "{y}: a bunch of {x}.", abuse=1), ("corrupt idiots", "useless morons", "lying scumbags",
                                                          "clueless muppets"), TARGETS_NP),
    (Template("abuse", "{y} is an utter pile of {x}.", abuse=1), ("garbage", "rubbish", "crap", "trash"),
     OBJECTS + TARGETS_NP),
    (Template("abuse", "Go and {x}, {y}.", abuse=1), ("get lost", "do one", "crawl back under your rock",
                                                      "stick your survey where the sun don't shine"),
     ("you loser", "you absolute clown", "idiot")),
    # threats: direct, conditional, normative, wishes of harm
    (Template("threat", "I'm going to {x} {y}.", abuse=1, threat=1),
     ("kill", "stab", "shoot", "hurt", "batter", "find and hurt", "break the legs of"),
     ("you", "him", "her", *PEOPLE, "the next person who refuses me")),
    (Template("threat", "I know where {y} lives and I will {x}.", abuse=1, threat=1),
     ("make them pay", "pay a visit", "burn the house down", "sort them out myself"), PEOPLE),
    (Template("threat", "I'll be waiting outside {y} with {x}.", abuse=1, threat=1), WEAPONS, PLACES),
    (Template("threat", "Someone should {x} {y}.", abuse=1, threat=1),
     ("burn down", "torch", "blow up", "put a brick through the window of"), PLACES),
    (Template("threat", "Somebody needs to {x} {y}.", abuse=1, threat=1), ("shoot", "stab", "kill", "run over"),
     PEOPLE),
    (Template("threat", "{y} deserves {x}.", abuse=1, threat=1), ("a bullet", "a good kicking", "to be strung up",
                                                                  "to die slowly"), PEOPLE),
    (Template("threat", "Watch your back, {y}. {x}", abuse=1, threat=1),
     ("We know your car.", "You won't see it coming.", "This isn't over.", "Sleep well while you can."),
     ("councillor", "mate", "love", "sunshine")),
    (Template("threat", "I hope {y} {x}.", abuse=1, threat=1),
     ("gets cancer", "dies in a fire", "gets run over", "chokes", "never wakes up"), ("you", *PEOPLE)),
    (Template("threat", "Touch my {y} again and I'll {x} you.", abuse=1, threat=1),
     ("kill", "end", "smash", "cut"), ("car", "fence", "kids", "bins")),
    # not threats: violent words used idiomatically, reporting, safety notices
    (Template("idiom", "{x} {y}", threat=0), ("I could murder", "I'm dying for", "Absolutely killing it with"),
     ("a cup of tea.", "a bacon roll.", "the pub quiz tonight.")),
    (Template("idiom", "We're going to {x} at {y} this weekend.", threat=0),
     ("shoot a short film", "hang the bunting", "smash the fundraising target", "attack the weeds"), PLACES),
    (Template("notice", "The {x} at {y} helps people who have been threatened or harassed.", threat=0),
     ("advice session", "drop-in", "helpline stall"), PLACES),
    (Template("notice", "Knife {x} bins have been placed outside {y}.", threat=0), ("amnesty", "surrender"), PLACES),
    # sexual harassment
    (Template("sexual", "Send me {x} {y}", abuse=1, sexual=1),
     ("nudes", "a pic of you in the shower", "something naughty", "your bra size"), ("babe", "sweetheart", "x", "now")),
    (Template("sexual", "{y} I'd love to {x} you.", abuse=1, sexual=1),
     ("bend you over and", "get my hands all over", "undress", "tie up and"), ("Hey gorgeous,", "Love,", "Darling,")),
    (Template("sexual", "Nice {x}, {y}", abuse=1, sexual=1), ("tits", "arse", "legs", "rack"),
     ("when are you coming round mine?", "bet you're fun in bed", "show us more")),
    (Template("sexual", "You'd look better {x} {y}.", abuse=1, sexual=1), ("naked", "on your knees", "in my bed"),
     ("love", "to be honest", "sweetheart")),
    (Template("sexual", "What colour {x} are you wearing {y}?", abuse=1, sexual=1), ("knickers", "underwear"),
     ("today", "right now", "at the council meeting")),
    (Template("not_sexual", "Sexual harassment {x} at {y}.", sexual=0),
     ("awareness training is on Monday", "can be reported to the team", "support is available"), PLACES),
    (Template("not_sexual", "The sexual health clinic {x} {y}.", sexual=0),
     ("moves to", "opens late at", "is closed today at"), PLACES),
    (Template("not_sexual", "Send me the {x} from {y} please.", sexual=0, spam=0),
     ("photos", "pics", "minutes", "notes"), ("the fete", "the meeting", "the lecture", "Saturday")),
    # spam
    (Template("spam", "{x} {y}", spam=1),
     ("WIN a free iPhone 17!!", "Make £500 a day from home,", "Crypto signals that never lose,",
      "Cheap followers and likes,", "Hot singles near you,"),
     ("click the link in my bio", "DM me now", "visit bit.ly/free-gift", "message me on WhatsApp")),
    (Template("spam", "Check out my {x} {y}", spam=1), ("channel", "page", "shop", "new mixtape"),
     ("and subscribe!!!", "please like and share", "link in bio", "for free giveaways")),
    # ordinary civic posts: negatives for every head
    (Template("civic", "{x} {y}", spam=0),
     ("Bins will be collected a day late", "The library reopens", "Roadworks start on London Road",
      "The recycling centre is closed", "Council tax bills are being posted", "The consultation closes"),
     ("after the bank holiday.", "on Monday at 9am.", "next week.", "this Friday.", "from 1 April.")),
    (Template("civic", "Book your free place at {x} via {y}.", spam=0),
     ("the Christmas lights switch-on", "our summer reading challenge", "the annual lecture", "the job fair"),
     ("our website", "the link below", "the box office", "Eventbrite")),
    (Template("civic", "{x} {y}", spam=0),
     ("Polling stations are open", "Register to vote", "The count will take place", "Nominations close"),
     ("from 7am to 10pm on Thursday.", "by midnight on 16 April.", "at the leisure centre.", "at noon.")),
)

# Round 2: implicit derogation (nostalgia, cost, values, insinuation, exclusion from work), negated hate and
# counter-speech quoting hate, in frames of their own (the functional suite keeps its own frames).
GROUP_TEMPLATES_2: tuple[tuple[Template, tuple[str, ...]], ...] = (
    (_hate("This estate was a decent place to live until the {g} {x}."),
     ("turned up", "moved in", "took over", "were housed here")),
    (_hate("{G} take {x} and put nothing back."), ("everything they can get", "our benefits", "our houses",
                                                    "from the NHS", "what's ours")),
    (_hate("{G} will never {x}, it's not in their nature."), ("fit in here", "respect our ways",
                                                               "share our values", "work for a living")),
    (_hate("Funny how whenever there's {x}, it turns out to be {g}."), ("a stabbing", "trouble in town",
                                                                         "a scam", "a break-in")),
    (_hate("I'd never {x} {g}, you just can't rely on them."), ("hire", "rent my flat to", "vote for",
                                                                 "let my kids be taught by")),
    (_hate("Notice how {g} always {x}? Says everything."), ("get the council houses first",
                                                           "play the victim", "stick together",
                                                           "end up in court")),
    (_hate("{G} simply aren't as {x} as the rest of us."), ("intelligent", "honest", "hard-working",
                                                             "civilised", "capable")),
    (_hate("Letting {g} {x} was the worst thing this country ever did."), ("in", "vote", "stay",
                                                                          "into our schools")),
    (_benign("negated", "{G} are no more {x} than anyone else."), ATTRIBUTE[:12]),
    (_benign("negated", "I don't buy the idea that {g} are {x} for a minute."), ATTRIBUTE),
    (_benign("negated", "Contrary to what you read online, {g} are not {x}."), ATTRIBUTE + DEHUMANISE),
    (_benign("negated", "There is nothing {x} about {g}, and there never was."), ("wrong", "dangerous", "dirty",
                                                                                   "shameful", "sinister")),
    (_benign("negated", "Stop repeating that {g} are {x}; it isn't true."), ATTRIBUTE),
    (_benign("positive", "{G} are every bit as {x} as anyone else."), ("capable", "British", "welcome",
                                                                        "intelligent", "hard-working")),
    (_benign("counter", "\"{G} are {x}\" - comments like that get deleted here, full stop."), ATTRIBUTE + DEHUMANISE),
    (_benign("counter", "Someone scrawled '{g} are {x}' on the underpass. It was cleaned off this morning."),
     DEHUMANISE + ATTRIBUTE),
    (_benign("counter", "The men at the march were chanting '{g} {x}'. Disgraceful, and the police are looking "
                        "into it."), ("out", "go home", "not welcome", "get out")),
    (_benign("counter", "Saying '{g} are {x}' isn't free speech, it's prejudice."), ATTRIBUTE + DEHUMANISE),
    (_benign("counter", "My son came home repeating that {g} are {x}. We had a long talk about it."),
     ATTRIBUTE + DEHUMANISE),
)

SMALL = 6  # at most this many variants per template (group templates: per group)

# Threats built from parts (subject intent x act x victim x circumstance), so the threat head sees many shapes.
THREAT_INTENT = ("I'm going to", "I will", "I'll", "I swear I'll", "Tomorrow I'm going to", "I am coming to",
                 "We are going to", "Next week I'll", "I'm gonna", "Just wait, I'll", "I fully intend to")
THREAT_ACT = ("kill", "stab", "shoot", "hurt", "beat up", "batter", "strangle", "knife", "punch", "run over",
              "burn", "put in hospital", "glass", "kick the head in of", "cut up", "hang", "murder", "hunt down")
THREAT_VICTIM = ("you", "him", "her", "the lot of you", "your family", "that councillor", "the manager",
                 "whoever answers the phone", "the next one of them I see", "the first officer I meet",
                 "everyone in that office", "the woman at the counter", "the next muslim I see",
                 "the next foreigner who talks to me", "that trans freak", "the bloke from planning")
THREAT_WHEN = ("", " tonight", " when you leave work", " after the meeting", " and nobody will stop me",
               " if you don't fix this", " outside your house", " next time I see you", " with my bare hands",
               " and I mean it")
THREAT_OTHER = (
    "You'd better watch yourself, I know what car you drive.", "We know which school your kids go to.",
    "Keep going like this and you'll end up in a box.", "Your office won't be standing by Monday.",
    "Don't be surprised when something happens to your house.", "Enjoy your last week at work.",
    "People like you end up at the bottom of the canal.", "I've got a can of petrol with your name on it.",
    "You won't be smiling when I'm finished with you.", "Sleep with one eye open.",
    "Someone will put a bullet in you soon enough.", "I'd love to see you bleed.",
    "It would be a shame if your windows got smashed.", "Next time you won't walk away.",
    "I'm outside now and I've brought my knife.", "Count your days, councillor.",
    "Someone needs to burn that mosque to the ground.", "Let's go round there and drag them out.",
    "String the whole committee up from the lampposts.", "Shoot the lot of them and be done with it.",
    "They should all be lined up against a wall.", "Hope your car explodes with you in it.",
    "I pray you get hit by a bus.", "You deserve to be beaten within an inch of your life.",
)
# The same shapes with harmless acts: the threat head must learn the act, not "I'm going to ... you".
BENIGN_ACT = ("email", "phone", "thank", "visit", "write to", "complain to", "meet", "help", "invite", "call back",
              "apologise to", "pay", "vote for", "report the pothole to", "bake a cake for", "follow up with",
              "send flowers to", "ask", "support")
BENIGN_OTHER = (
    "You should take care on the icy paths this morning.", "It should take about twenty minutes to fill in.",
    "Someone should fix the streetlight on Mill Lane.", "Somebody needs to thank the bin crews.",
    "The volunteers deserve a medal.", "The mayor deserves a rest after this week.",
    "I hope the councillor gets well soon.", "I hope you enjoy your retirement.",
    "Watch your step on the stairs by the library.", "We know where the leak is and it will be fixed.",
    "I know where you can get advice about your bill.", "I'll be waiting outside the library at ten for the tour.",
    "Touch base with the team before Friday.", "Count on us to clear the snow.",
    "Someone should really tidy up that verge.", "Whoever designed the new park deserves an award.",
    "I'll be outside the civic offices with the petition at noon.", "Next time I see you I'll buy you a coffee.",
    "We are coming for the trophy this year!", "Keep going, you'll get there in the end.",
    "You won't see it coming: the surprise party is on Friday.", "Your office will be closed on Monday.",
    "I could kill for a cup of tea right now.", "The heating is killing me, can someone turn it down?",
)
NOT_THREAT = (
    "I'm going to kill it at the karaoke night.", "This traffic is killing me.", "I could murder a curry.",
    "We're going to shoot the promo video at the park.", "The photographer will shoot the awards ceremony.",
    "I'll hunt down that form for you and email it.", "We'll beat last year's fundraising total.",
    "The knife crime awareness talk is on Monday.", "Police are appealing for witnesses after a stabbing.",
    "The gun salute will be fired at noon.", "Hang the bunting along the high street on Friday.",
    "The council will burn the old records securely.", "We will attack the backlog of planning applications.",
    "My feet are killing me after the fun run.", "I'm dying to see the new library.",
    "The arsonist was jailed for four years, the court heard.", "Report threats or intimidation to the police.",
    "Fire safety: never leave candles burning unattended.", "Please drive carefully, children are about.",
    "The man was charged with making threats to kill.", "Our staff should never be threatened or abused.",
    "The bomb disposal team made the wartime shell safe.", "Punch and Judy show at the seafront this weekend.",
    "Beat the queues by booking online.", "Strike a pose at our photo booth!", "We'll shoot you an email.",
    "The fireworks will blow you away.", "Cut the ribbon at the opening at 10am.",
)
SEXUAL_MORE = (
    "Come sit on my lap and I'll show you a good time.", "Bet you look amazing with nothing on.",
    "I'd give you a proper seeing to, love.", "Show us your boobs then.", "Wanna see my dick?",
    "That receptionist has a body made for sin, I'd do her.", "Get your kit off for the camera, darling.",
    "Send me a video of you in the bath.", "I want to lick every inch of you.",
    "You in that skirt at the meeting, phwoar, I'd bend you over the desk.", "DM me your sexy pics x",
    "I'm hard just thinking about you.", "Meet me in the car park and I'll make you scream.",
    "Your mouth would be better used on me.", "I'll be dreaming about your arse tonight.",
    "Nice bum on the new lifeguard, I'd smash.", "How much for an hour with you, sweetheart?",
    "Let me feel you up at the Christmas party.", "Those lips were made for blowjobs.",
    "Take your top off and I'll sign your petition.",
)
NOT_SEXUAL = (
    "The sexual health service offers free testing.", "Report sexual harassment to your manager or HR.",
    "Relationships and sex education starts in Year 7.", "Send me the photos from the fete please.",
    "The lifeguard course is open to over-16s.", "Our body positivity workshop is at the library.",
    "The breast cancer screening van is in the car park.", "Please wear suitable clothing in the gym.",
    "The exhibition includes nude life drawings from the 1920s.", "Baby changing facilities are on the ground floor.",
    "Naked flames are not allowed in the park.", "Touch typing course for beginners starts next week.",
)


def _render(text: str, group: str, x: str, y: str = "") -> str:
    out = text.replace("{G}", group[:1].upper() + group[1:]).replace("{g}", group)
    return out.replace("{x}", x).replace("{y}", y)


def _rows() -> Iterator[tuple[Template, str, C | None]]:
    rng = np.random.default_rng(SEED)
    for tpl, fillers in GROUP_TEMPLATES:
        for group, ch in GROUPS:
            picks = rng.choice(len(fillers), min(2, len(fillers)), replace=False)
            for k in sorted(picks.tolist()):
                yield tpl, _render(tpl.text, group, fillers[k]), ch if tpl.targets_group else None
    for tpl, xs, ys in OTHER_TEMPLATES:
        combos = list(itertools.product(xs, ys))
        picks = rng.choice(len(combos), min(len(combos), SMALL * 2), replace=False)
        for k in sorted(picks.tolist()):
            x, y = combos[k]
            yield tpl, _render(tpl.text, "", x, y), None


def _threats() -> Iterator[tuple[Template, str, C | None]]:
    rng = np.random.default_rng(SEED + 2)
    combos = list(itertools.product(THREAT_INTENT, THREAT_ACT, THREAT_VICTIM, THREAT_WHEN))
    for k in sorted(rng.choice(len(combos), 700, replace=False).tolist()):
        intent, act, victim, when = combos[k]
        text = f"{intent} {act} {victim}{when}."
        yield Template("threat", text, hate=None, abuse=1, threat=1), text[:1].upper() + text[1:], None
    benign = list(itertools.product(THREAT_INTENT, BENIGN_ACT, THREAT_VICTIM, THREAT_WHEN))
    for k in sorted(rng.choice(len(benign), 700, replace=False).tolist()):
        intent, act, victim, when = benign[k]
        if "freak" in victim or "muslim" in victim or "foreigner" in victim:
            continue  # naming a group with contempt is not a harmless sentence
        text = f"{intent} {act} {victim}{when}."
        yield Template("idiom", text, threat=0), text[:1].upper() + text[1:], None
    for text in BENIGN_OTHER:
        yield Template("idiom", text, threat=0, abuse=0, hate=0), text, None
    for text in THREAT_OTHER:
        yield Template("threat", text, hate=None, abuse=1, threat=1), text, None
    for text in NOT_THREAT:
        yield Template("idiom", text, threat=0, abuse=0, hate=0), text, None
    for text in SEXUAL_MORE:
        yield Template("sexual", text, abuse=1, sexual=1), text, None
    for text in NOT_SEXUAL:
        yield Template("not_sexual", text, sexual=0, abuse=0, hate=0), text, None


def _round2() -> Iterator[tuple[Template, str, C | None]]:
    rng = np.random.default_rng(SEED + 3)
    for tpl, fillers in GROUP_TEMPLATES_2:
        for group, ch in GROUPS:
            for k in sorted(rng.choice(len(fillers), min(2, len(fillers)), replace=False).tolist()):
                yield tpl, _render(tpl.text, group, fillers[k]), ch if tpl.targets_group else None


def _civic() -> Iterator[tuple[Template, str, C | None]]:
    """In-domain negatives (training/civic.py): residents' complaints and questions, rhetorical questions, news."""
    for kind, text in civic.sentences():
        yield Template(kind, text), text, None


def generate() -> list[tuple[Example, dict[str, int | None]]]:
    """Every augmentation sentence as an Example (hate/abuse/spam labels) with its threat/sexual labels."""
    rng = np.random.default_rng(SEED + 1)
    out: list[tuple[Example, dict[str, int | None]]] = []
    seen: set[str] = set()
    for tpl, text, ch in itertools.chain(_rows(), _threats(), _civic(), _round2()):
        if text in seen:
            continue
        seen.add(text)
        split = "train" if rng.random() < SPLIT[0] else "val"
        label3 = "hate" if tpl.hate else "offensive" if tpl.abuse else "normal"
        ex = Example(text, "augment", split, hate=tpl.hate, abuse=tpl.abuse, spam=tpl.spam,
                     targets=(ch,) if ch else (), group=tpl.kind, label3=label3)
        out.append((ex, {"threat": tpl.threat, "sexual": tpl.sexual}))
    return out
