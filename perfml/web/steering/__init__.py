"""Steering pages: the overview of a territory's MLs and the page of one ML."""
