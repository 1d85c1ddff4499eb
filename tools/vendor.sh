#!/bin/sh
# Regenerate the vendored browser files from npm (pinned by package.json and package-lock.json beside them):
#   kg/web/static/vendor/yasgui/  the query editor the /sparql page serves (MIT)
#   tests/web/vendor/axe-core/    the accessibility rules the browser tests run (MPL-2.0; tests only)
# Run from the repository root: `make vendor`. Needs npm; nothing here runs at install or serve time.
set -eu
fetch() {  # fetch DIR: npm ci in a scratch copy of DIR's package files; prints the node_modules path
  tmp=$(mktemp -d)
  cp "$1/package.json" "$1/package-lock.json" "$tmp/"
  (cd "$tmp" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  echo "$tmp/node_modules"
}
web=$(fetch kg/web/static/vendor)
mkdir -p kg/web/static/vendor/yasgui
cp "$web/@zazuko/yasgui/build/yasgui.min.js" "$web/@zazuko/yasgui/build/yasgui.min.css" kg/web/static/vendor/yasgui/
node -e 'const p=require(process.argv[1]); console.log(p.name+" "+p.version+" — licence: "+p.license)' \
  "$web/@zazuko/yasgui/package.json" > kg/web/static/vendor/yasgui/VERSION
# what the bundle is built from, with each package's licence (yasgui/LICENSE is kept by hand: npm ships none)
node -e 'const l=require(process.argv[1]).packages; for (const [k,v] of Object.entries(l)) if (k) console.log(k.replace(/^.*node_modules\//,"")+" "+v.version+" "+(v.license||"?"))' \
  "$(pwd)/kg/web/static/vendor/package-lock.json" | sort -u > kg/web/static/vendor/yasgui/THIRD-PARTY.txt
tests=$(fetch tests/web/vendor)
mkdir -p tests/web/vendor/axe-core
cp "$tests/axe-core/axe.min.js" "$tests/axe-core/LICENSE" tests/web/vendor/axe-core/
node -e 'const p=require(process.argv[1]); console.log(p.name+" "+p.version+" — licence: "+p.license)' \
  "$tests/axe-core/package.json" > tests/web/vendor/axe-core/VERSION
rm -rf "$(dirname "$web")" "$(dirname "$tests")"
echo "vendored: $(cat kg/web/static/vendor/yasgui/VERSION); $(cat tests/web/vendor/axe-core/VERSION)"
