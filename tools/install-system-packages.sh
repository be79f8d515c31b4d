#!/usr/bin/env bash
# Debian packages Certify needs: PostgreSQL 15 (tests), pango and Noto fonts (WeasyPrint PDFs,
# names in any script), chromium and its headless shell (browser and accessibility tests: ADR
# 0072), npm (pdf.js for the evidence viewer), wrk, nginx and redis-server (the benchmark in
# bench/), gettext (`make messages` compiles certify/locale's words).
# As root, installs whatever is missing; otherwise says what to install.
set -euo pipefail
packages=(postgresql-15 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-core fonts-noto-cjk libmagic1 chromium chromium-headless-shell wrk nginx redis-server gettext)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm (pdf.js, the browser tests' tools): Debian's package unless an npm is already on the PATH
# (Node.js distributions bring their own).
command -v npm >/dev/null || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "Not a Debian system: install the equivalents of: ${missing[*]}" >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
