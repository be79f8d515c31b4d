"""The site's own named date formats (`FORMAT_MODULE_PATH`): how pages, PDFs and e-mails write
a day and a moment, decided once here and used by name (`|date:"DATE_FORMAT"`). CSV and API
values keep ISO 8601 (`|date:"c"`, `isoformat()`)."""
