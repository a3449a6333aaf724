"""Run-time text classifiers shipped in the package (numpy only): features, model loading and scoring."""
