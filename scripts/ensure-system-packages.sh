#!/usr/bin/env bash
# The Debian packages the tests drive: a browser, Chinese fonts for what it renders, LibreOffice to turn
# Word files into PDF, and poppler to turn PDF into pictures. Installed only when one is missing.
set -euo pipefail

missing=()
need() {  # need PACKAGE CHECK...: the package is wanted when the check fails
  local package=$1
  shift
  "$@" >/dev/null 2>&1 || missing+=("$package")
}
need chromium command -v chromium
# writer-nogui is the smallest LibreOffice that runs `soffice --headless --convert-to pdf` on .docx; a
# machine with the full LibreOffice already has soffice and is left alone.
need libreoffice-writer-nogui command -v soffice
need poppler-utils command -v pdftoppm
need fonts-noto-cjk test -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
need fonts-wqy-zenhei test -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "!! Missing Debian packages: ${missing[*]}" >&2
  echo "!! Not root, so not installing them. As root run:" >&2
  echo "!!   apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
