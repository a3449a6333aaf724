"""Demo content for the web demo (Gosport): names, accounts, draft posts and an inbox of comments."""

from __future__ import annotations

NAMES = {"head_of_it": "Helen Okafor (Head of IT)", "line_manager": "Liam Hart (line manager)",
         "unit_manager": "Una Patel (Unit Manager)", "site_owner": "Sam Reid (site owner)",
         "officer": "Olu Adeyemi (officer)", "legal": "Leah Grant (Legal)", "it_team": "Ivan Novak (IT Team)"}

MAIL_DOMAIN = "gosport.example"  # demo addresses (a reserved example domain): notifications are e-mailed there
ACCOUNTS = [("facebook", "GosportBC", "News, events and service updates for Gosport residents"),
            ("x", "GosportCouncil", "Service updates and emergency information"),
            ("instagram", "GosportLeisure", "Photos and events from the borough's leisure centres")]

POSTS = ["Join us at the community fun day in Walpole Park this Saturday, 11am-3pm. Free entry for all!",
         "We will fix every pothole in the borough by Friday, guaranteed.",
         "Bin collections move by one day next week because of the bank holiday. Check your day at gosport.gov.uk"]

COMMENTS = [("Pat Jones", "You lot are useless, I've complained three times about my bin and nobody has replied."),
            ("Chris Mayo", "Hi, I'm a reporter at the Portsmouth News - could you comment on the leisure centre "
                           "closure for a story?"),
            ("anon4471", "I know where you live. It would be a shame if something happened to your car."),
            ("Deals4U", "Earn £500 a day from home!!! Click here bit.ly/3xYz9 and follow me for more"),
            ("Sue Bright", "Lovely event on Saturday, thank you to everyone who organised it!"),
            ("Ray Dunn", "My neighbour Jane Smith at 14 Ferry Road is on benefits and never works, look into her"),
            ("Tom Hill", "When does the Stoke Road pool reopen? The website still says March.")]

REPLIES = [("demo-5", "Thank you, Sue! We're glad you enjoyed it."),
           ("demo-7", "The Stoke Road pool reopens on 3 May; we have updated the website. Thanks for telling us.")]
