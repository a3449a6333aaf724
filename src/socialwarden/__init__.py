"""SocialWarden: puts an organisation's written social media policy into practice.

Public API::

    from socialwarden import check, load_policy
    decision = check("We will fix every pothole by Friday!", "gen")
    print(decision.verdict, [r.citation.section for r in decision.rules])
"""

from socialwarden.engine.context import Context, Direction
from socialwarden.engine.decision import Decision, Verdict
from socialwarden.engine.service import check, engine_for
from socialwarden.policy.loader import load_policy

__all__ = ["Context", "Decision", "Direction", "Verdict", "check", "engine_for", "load_policy"]
__version__ = "0.1.0"
