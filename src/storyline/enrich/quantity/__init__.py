"""Quantities in text: money with its currency, counts, percentages, ages."""
