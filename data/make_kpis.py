"""Writes data/kpis.xlsx, the KPI export two programs of the sample portfolio
read with `values_from` (docs/FORMAT.md, "Values from spreadsheets").

Run from the repository root with openpyxl installed (3.1.5 was used):

    python3 -m venv venv && venv/bin/pip install openpyxl
    venv/bin/python data/make_kpis.py

It is the shape of a BI export: one row per program, metric and month, the
month as a real date cell (the month's last day), the value as a number.
"""

import datetime

import openpyxl

ROWS = {
    "data-protection-requests": {
        "dsar-on-time": [98.1, 98.4, 98.9, 99.1, 99.4],
        "dsar-automation": [71, 74, 79, 83, 86],
        "access-median-days": [14, 13, 11, 10, 11],
    },
    "uk-online-safety-act": {
        "priority-illegal-24h": [None, None, 90.0, 92.0, 93.5],
        "complaints-14d": [None, None, 80, 84, 88],
    },
}
MONTH_ENDS = [datetime.date(2026, m + 1, 1) - datetime.timedelta(days=1) for m in range(7, 12)]

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "KPIs"
ws.append(["Program", "Metric", "Month", "Value"])
for program, metrics in ROWS.items():
    for metric, values in metrics.items():
        for month, value in zip(MONTH_ENDS, values):
            if value is not None:
                ws.append([program, metric, month, value])
for row in ws.iter_rows(min_row=2, min_col=3, max_col=3):
    row[0].number_format = "yyyy-mm-dd"
ws.column_dimensions["A"].width = 28
ws.column_dimensions["B"].width = 22
ws.column_dimensions["C"].width = 12
wb.save("data/kpis.xlsx")
