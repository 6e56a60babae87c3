"""Attendance summaries, charts, exports and the funder report: what staff and funders see.

`figures` is pure (plain rows in, figures out), `loading` reads one group's
rows from the database, `chart` and `workbook` turn figures into a PNG and
an XLSX/CSV. Words on charts and sheets come from the caller, translated.
"""
