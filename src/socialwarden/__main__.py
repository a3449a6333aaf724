from socialwarden.cli.app import main

main()
