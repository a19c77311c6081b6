"""`python -m wparchive` runs the command-line interface."""

from wparchive.cli import main

main()
