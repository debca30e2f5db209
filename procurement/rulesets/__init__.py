"""The legal rules of a tender, as data chosen by its jurisdiction and route (issue 14 §1)."""
