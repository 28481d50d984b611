"""Downloads of the PDF report of an ML and of the Excel workbooks, scoped like the pages."""
