"""Attendance summaries, funder reports, charts and exports for staff and coordinators.

A functional core with a thin database edge; arrows point down:

    queries.py  reads one group's facts, aggregated in SQL  (SQLAlchemy, no Telegram)
       |
    figures.py  the numbers, as pure functions of plain frozen facts
       |
    chart.py    a phone-sized PNG (matplotlib, headless)
    export.py   an XLSX workbook and CSV files (openpyxl, csv)
    labels.py   the label keys: every visible word comes from the caller, translated

Nothing here imports `telegram` or `handlers`; the bot's handlers call in.
"""
