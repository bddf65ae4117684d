"""Domain modules, one folder per concern."""
