"""Allow ``python -m ic2kg``."""

from ic2kg.cli.main import main

main()
