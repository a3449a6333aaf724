"""The decision engine: detectors produce findings; rules turn findings and context into a decision."""
