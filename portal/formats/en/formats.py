"""English dates as the EU writes them: 27 November 2026, 14:30 (not November 27, 2026, 2:30 p.m.)."""

DATE_FORMAT = "j F Y"  # 27 November 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j F Y, H:i"  # 27 November 2026, 14:30
YEAR_MONTH_FORMAT = "F Y"  # November 2026
MONTH_DAY_FORMAT = "j F"  # 27 November
SHORT_DATE_FORMAT = "j M Y"  # 27 Nov 2026, for tables: the month stays in letters
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 27 Nov 2026, 14:30
FIRST_DAY_OF_WEEK = 1  # Monday
