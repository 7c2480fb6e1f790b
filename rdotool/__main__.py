"""`python -m rdotool` runs the command line."""

from rdotool.cli import main

if __name__ == "__main__":
    main()
