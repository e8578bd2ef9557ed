"""The command line: `main.py` is the `ic2kg` group and the graph commands (build, validate,
stats, export, countries); each other module holds one family of commands and is imported only
when one of them runs; `common.py` holds what they share."""
