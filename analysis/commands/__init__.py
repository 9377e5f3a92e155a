"""Sub-commands of run.py that read result files (NAME, HELP, configure, execute)."""
