"""What people read: the box-plot PDF per ML and the campaign's Excel workbooks.

`boxplot` draws one indicator's three boxes (also as SVG for the web), `campaign` gathers
a year's figures, `pdf` writes one A4 page per ML, `workbook` the Excel workbooks and
`workbook_import` reads the targets typed in them back into the warehouse.
"""
