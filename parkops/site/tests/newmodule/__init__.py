"""A module that does not exist yet, as the next one will be written: an app with a site.py and nothing
else, to show that declaring is all it takes to be in the menu, the demo and the report centre."""
