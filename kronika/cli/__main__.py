"""`python -m kronika.cli`: the same as the `kronika` command."""

from kronika.cli.app import main

main()
