#!/usr/bin/env bash
# Build the vendored front-end assets: GOV.UK Frontend (compiled CSS, JS module) and htmx.
#
# Why: ASB Hub has no front-end build at run time. We compile GOV.UK Frontend's Sass once,
# with the system font stack and without GOV.UK branding (no GDS Transport font, no crown,
# crest or GOV.UK logo), and commit the result under
# src/asbhub/core/static/vendor/{govuk-frontend,htmx}/ with each package's licence and a
# VERSION file. Rerun this script only to change a pinned version below.
#
# Needs: node and npm (reaching the npm registry). Installs into a temporary folder, never
# into the repository, and removes it afterwards.
#
# Usage: scripts/build_govuk_frontend.sh
set -euo pipefail

GOVUK_FRONTEND_VERSION="6.6.0"
SASS_VERSION="1.108.2"
# htmx 2.x is the line django-htmx documents; htmx 4 changes attribute inheritance.
HTMX_VERSION="2.0.11"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/src/asbhub/core/static/vendor"
GOVUK_OUT="$VENDOR/govuk-frontend"
HTMX_OUT="$VENDOR/htmx"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "Installing govuk-frontend@$GOVUK_FRONTEND_VERSION, sass@$SASS_VERSION, htmx.org@$HTMX_VERSION in $WORK"
cd "$WORK"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts --save-exact \
  "govuk-frontend@$GOVUK_FRONTEND_VERSION" "sass@$SASS_VERSION" "htmx.org@$HTMX_VERSION" >/dev/null

# The system font stack replaces GDS Transport; with it no @font-face rule is emitted, so no
# font files are needed. Image URLs resolve relative to the CSS file.
cat > asbhub-govuk.scss <<'SCSS'
@use "pkg:govuk-frontend" with (
  $govuk-font-family: (system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif),
  $govuk-include-default-font-face: false,
  $govuk-assets-path: "./"
);
SCSS
npx sass --pkg-importer=node --style=compressed --no-source-map asbhub-govuk.scss compiled.css

# Drop the rules that draw GOV.UK branding from the compiled CSS: the footer's crown and
# crest (.govuk-footer__crown, .govuk-footer__copyright-logo; we use neither). Removing them
# also means the CSS references no image at all, so collectstatic's manifest storage finds
# every URL it rewrites.
node - compiled.css govuk-frontend.min.css <<'JS'
const fs = require("fs");
const [src, dest] = process.argv.slice(2);
const css = fs.readFileSync(src, "utf8");

// Split a block of CSS into top-level statements (rules and at-rules) by brace depth.
function statements(text) {
  const out = [];
  let depth = 0, start = 0, quote = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) { if (c === "\\") i++; else if (c === quote) quote = null; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) { out.push(text.slice(start, i + 1)); start = i + 1; }
    else if (c === ";" && depth === 0) { out.push(text.slice(start, i + 1)); start = i + 1; }
  }
  if (text.slice(start).trim()) out.push(text.slice(start));
  return out;
}

const BRANDING = ["govuk-crest", "govuk-footer__copyright-logo", "govuk-footer__crown"];
const branded = (text) => BRANDING.some((mark) => text.includes(mark));

// Keep statements without branding; recurse into at-rule blocks and drop emptied ones.
function clean(text) {
  return statements(text).map((stmt) => {
    if (!branded(stmt)) return stmt;
    if (!stmt.trimStart().startsWith("@")) return "";
    const open = stmt.indexOf("{");
    const inner = clean(stmt.slice(open + 1, -1));
    return inner.trim() ? stmt.slice(0, open + 1) + inner + "}" : "";
  }).join("");
}

const out = clean(css);
for (const banned of ["GDS Transport", "@font-face", "url(", ...BRANDING]) {
  if (out.includes(banned)) { console.error(`compiled CSS still contains ${banned}`); process.exit(1); }
}
fs.writeFileSync(dest, out.endsWith("\n") ? out : out + "\n");
JS

PKG="$WORK/node_modules/govuk-frontend"
rm -rf "$GOVUK_OUT" "$HTMX_OUT"
mkdir -p "$GOVUK_OUT" "$HTMX_OUT"
cp govuk-frontend.min.css "$GOVUK_OUT/govuk-frontend.min.css"
# The ES module bundle, without its sourceMappingURL (the map is not shipped, and Django's
# manifest storage would fail on a missing map).
sed -e 's|//# sourceMappingURL=[^ ]*$||' "$PKG/dist/govuk/govuk-frontend.min.js" \
  > "$GOVUK_OUT/govuk-frontend.min.js"
# The npm package does not ship LICENSE.txt; README.md states the MIT licence. This is the
# text of LICENSE.txt in the upstream repository (alphagov/govuk-frontend).
cat > "$GOVUK_OUT/LICENSE" <<'LICENSE'
The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
LICENSE
cat > "$GOVUK_OUT/VERSION" <<VERSION
govuk-frontend $GOVUK_FRONTEND_VERSION (npm), compiled with sass $SASS_VERSION
by scripts/build_govuk_frontend.sh: system font stack, no GDS Transport font,
no crown, crest or GOV.UK logo, no images needed.
VERSION

sed -e 's|//# sourceMappingURL=[^ ]*$||' "$WORK/node_modules/htmx.org/dist/htmx.min.js" \
  > "$HTMX_OUT/htmx.min.js"
cp "$WORK/node_modules/htmx.org/LICENSE" "$HTMX_OUT/LICENSE"
echo "htmx.org $HTMX_VERSION (npm), dist/htmx.min.js" > "$HTMX_OUT/VERSION"

echo "Wrote:"
ls -l "$GOVUK_OUT" "$HTMX_OUT"
