"""Coordinator announcements: pre-written templates in every language, filled with slots.

Each parent reads a correct message in their own language without machine
translation: the coordinator fills slots (a date, a reason from a list, a
place name) and each language's template words the sentence itself.
"""
