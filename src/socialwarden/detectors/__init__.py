"""Detectors: one small class per file, registered in ``registry.py``."""
