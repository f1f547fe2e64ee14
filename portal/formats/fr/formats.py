"""French dates: 27 novembre 2026 à 14:30."""

DATE_FORMAT = "j F Y"  # 27 novembre 2026
TIME_FORMAT = "H:i"  # 14:30
# "à" is no format character (only ASCII letters are), so it needs no backslash.
DATETIME_FORMAT = "j F Y à H:i"  # 27 novembre 2026 à 14:30
YEAR_MONTH_FORMAT = "F Y"  # novembre 2026
MONTH_DAY_FORMAT = "j F"  # 27 novembre
# N, not M: Django's three-letter French months read "Jui" for both juin and juillet.
SHORT_DATE_FORMAT = "j N Y"  # 27 nov. 2026
SHORT_DATETIME_FORMAT = "j N Y à H:i"  # 27 nov. 2026 à 14:30
FIRST_DAY_OF_WEEK = 1  # lundi
