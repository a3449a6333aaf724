"""The `warden` command line: one edge over the same core as the web app."""
