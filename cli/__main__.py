"""`python -m jurisdiction.cli`: the same as the `jurex` command."""

from jurisdiction.cli.app import main

main()
