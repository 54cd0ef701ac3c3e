"""The test-function registry: stable id -> ``TestFunction`` at its default parameters."""

from typing import Dict

from .base import TestFunction

FUNCTIONS: Dict[str, TestFunction] = {}
