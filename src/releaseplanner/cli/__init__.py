"""The ``rplan`` command line: argparse only, never Qt, so it runs on servers and in CI."""
