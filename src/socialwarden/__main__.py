from socialwarden.cli.app import run

run()
