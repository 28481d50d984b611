"""The Garantie jeunes follow-up of the user's territory."""
