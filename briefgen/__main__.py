"""Run the CLI with `python -m briefgen`."""

from .cli import main

main()
