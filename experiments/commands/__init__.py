"""Sub-commands of run.py: one module each, exposing NAME, HELP, configure(parser) and
execute(args) -> exit code."""
