#!/usr/bin/env python3
"""Read pip-audit's JSON (stdin) and fail on any known vulnerability of a locked package.

pip-audit itself exits 0 when it could not look a package up ("Dependency not found on PyPI and could
not be audited"), which happens whenever PyPI's per-version JSON API (/pypi/NAME/VERSION/json) is not
served, as on this project's build machines where PyPI is reached through a mirror and OSV is out of
reach. An audit that looked nothing up must not read as a pass: the packages it could not check are
listed loudly, and with AUDIT_REQUIRE_COVERAGE=1 (set it where the vulnerability service answers) they
fail the run too.

Vulnerabilities accepted on purpose go in IGNORED below, each with its reason; none today.
"""

import json
import os
import sys

# "VULNERABILITY-ID": "why it does not apply to us, and when to look again"
IGNORED: dict[str, str] = {}


def main() -> int:
    report = json.load(sys.stdin)
    found, unchecked, checked = [], [], 0
    for dependency in report["dependencies"]:
        if "skip_reason" in dependency:
            unchecked.append(dependency)
            continue
        checked += 1
        for vuln in dependency.get("vulns", []):
            aliases = {vuln["id"], *vuln.get("aliases", [])}
            if aliases & IGNORED.keys():
                continue
            found.append((dependency["name"], dependency["version"], vuln["id"], vuln.get("fix_versions", [])))
    for name, version, vuln_id, fixes in found:
        print(f"VULNERABLE {name}=={version}: {vuln_id}; fixed in {', '.join(fixes) or 'no release yet'}")
    if unchecked:
        print(f"!! pip-audit could not look up {len(unchecked)} of {len(unchecked) + checked} locked packages "
              f"(first: {unchecked[0]['skip_reason']}). They are NOT known to be safe.", file=sys.stderr)
    if found:
        print(f"{len(found)} known vulnerabilities in requirements.lock: upgrade (make lock) or list them in "
              "scripts/check-pip-audit.py IGNORED with the reason.", file=sys.stderr)
        return 1
    if unchecked and os.environ.get("AUDIT_REQUIRE_COVERAGE") == "1":
        return 1
    print(f"pip-audit: no known vulnerabilities in the {checked} packages it could look up.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
