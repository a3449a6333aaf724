"""Training, evaluation and benchmarking of the shipped classifiers (needs the train extra for training)."""
