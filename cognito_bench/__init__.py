"""Cognito Bench: a desktop test bench for Amazon Cognito."""

__all__ = ["__version__"]

__version__ = "0.1.0"
