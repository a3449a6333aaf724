"""The exceptions register (Gosport 8): departures from the policy, approved by the roles named, that expire."""
