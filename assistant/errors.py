"""The base of expected failures: the CLI and the app show their message, never a traceback."""

from __future__ import annotations


class AssistantError(Exception):
    """An expected failure whose message is written for the user (configuration, busy index, ...)."""
