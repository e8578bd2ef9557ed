"""Allow ``python -m ic2kg``."""

from ic2kg.cli import main

main()
