"""Run the CLI with `python -m briefgen`."""

from .start import main

# Guarded: a worker process started by `spawn` imports this module again, and must not run
# the command a second time.
if __name__ == "__main__":
    main()
