"""The portal's date and time formats per language (settings.FORMAT_MODULE_PATH), ahead of Django's own.

Dates are written as the Commission's web guide asks: the day as a number, the month in letters, the year in
four digits, a 24-hour clock. Templates name the format (`date:"DATE_FORMAT"`), never spell one out, so that a
German page reads "27. November 2026" and an English one "27 November 2026". What is not set here (input
formats, number separators) is Django's for the language. CSV exports and calendar files keep ISO 8601.
"""
