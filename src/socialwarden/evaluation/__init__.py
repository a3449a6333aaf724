"""The evaluation harness behind ``warden eval``: the whole engine and its peers on the official test splits."""
