"""Demo data shipped for `make run`."""
