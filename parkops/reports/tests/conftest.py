"""The supervision module's fixtures, for the tests of the 一览表 it exports through the report centre."""

from parkops.supervision.tests.conftest import imported, media_in_tmp_for_ledgers  # noqa: F401
