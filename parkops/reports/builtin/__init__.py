"""The built-in report types, one module each (the dispatch agenda and bulletin share one);
reports/site.py declares them to the report centre in the order it lists them."""
