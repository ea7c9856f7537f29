"""One date format in the interface: 2026-12-02 in tables and lists (the short formats, which
django-tables2's date columns use), 2026年12月2日 in prose and documents (Django's own zh-hans
DATE_FORMAT, left as it is)."""

SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
