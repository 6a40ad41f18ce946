"""weekplan: a keyboard-driven weekly planner for a full life of your own, and time together."""

__version__ = "0.1.0"
