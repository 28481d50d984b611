"""Errors a user can fix: shown as one French message, never a traceback."""


class UserError(Exception):
    """An error the user can fix; its message is French and says what to do."""
