#!/usr/bin/env bash
# Releases vMAJOR.MINOR.PATCH: refuses unless the tree is clean, dist/ equals a fresh build, the README is
# current, production dependencies have no known vulnerabilities and CHANGELOG.md has the version; then
# tags it, moves the major tag (v1) to it, pushes both and creates the GitHub release, whose notes name
# the commit SHA users should pin.
#
#   scripts/release.sh v1.2.3 [--dry-run]
#
# Needs git with push rights to $REMOTE (default origin) and, unless --dry-run, the GitHub CLI (`gh`)
# authenticated (GH_TOKEN in CI).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: scripts/release.sh vMAJOR.MINOR.PATCH [--dry-run]" >&2; exit 2; }
fail() { echo "release: $*" >&2; exit 1; }

version="${1:-}"
dry_run=false
[ "${2:-}" = "--dry-run" ] && dry_run=true
[ $# -le 2 ] || usage
[[ "$version" =~ ^v([1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]] || usage
major="v${BASH_REMATCH[1]}"
remote="${REMOTE:-origin}"

run() {
  if $dry_run; then printf 'would run:'; printf ' %q' "$@"; echo; else "$@"; fi
}

echo "release: checking $version"
$dry_run || command -v gh >/dev/null || fail "the GitHub CLI (gh) is needed to create the release"
[ -z "$(git status --porcelain)" ] || fail "the working tree is not clean; commit or remove the changes first"
git rev-parse -q --verify "refs/tags/$version" >/dev/null && fail "tag $version already exists"
if git ls-remote --exit-code --tags "$remote" "refs/tags/$version" >/dev/null 2>&1; then
  fail "tag $version already exists on $remote"
fi
grep -q "^## \[${version#v}\]" CHANGELOG.md || fail "CHANGELOG.md has no '## [${version#v}]' section"

# dist/ must be exactly what the sources build to: users run dist/, reviewers read src/.
npm run build --silent
if [ -n "$(git status --porcelain -- dist)" ]; then
  git status --porcelain -- dist >&2
  fail "dist/ is stale: run 'npm run build' and commit dist/"
fi
npx tsx scripts/readme-tables.ts --check || fail "README.md is stale: run 'npm run docs' and commit it"
npm audit --omit=dev --audit-level=low || fail "npm audit found vulnerabilities in production dependencies"

commit="$(git rev-parse HEAD)"
repository="${GITHUB_REPOSITORY:-}"
if [ -z "$repository" ]; then
  url="$(git remote get-url "$remote" 2>/dev/null || git remote get-url origin)"
  repository="$(printf '%s\n' "$url" | sed -E 's#^(https://[^/]+/|git@[^:]+:)##; s#\.git$##')"
fi

notes="$(mktemp)"
trap 'rm -f "$notes"' EXIT
{
  echo "Pin this release by its commit SHA:"
  echo
  echo '```yaml'
  echo "- uses: ${repository}@${commit} # ${version}"
  echo '```'
  echo
  echo "\`${major}\` now points to this release too."
  echo
  # The version's CHANGELOG section, without its heading, up to the next version.
  awk -v heading="## [${version#v}]" '
    index($0, heading) == 1 { inside = 1; next }
    inside && /^## \[/ { exit }
    inside && /^\[[^]]+\]: / { exit }
    inside { print }
  ' CHANGELOG.md
} >"$notes"

echo "release: tagging $commit as $version and moving $major to it"
run git tag -a "$version" -m "$version" "$commit"
run git tag -fa "$major" -m "$major -> $version" "$commit"
run git push "$remote" "refs/tags/$version"
run git push --force "$remote" "refs/tags/$major"
run gh release create "$version" --repo "$repository" --title "$version" --notes-file "$notes" --verify-tag
if $dry_run; then
  echo "release notes would be:"
  cat "$notes"
fi
echo "release: done. Users pin: uses: ${repository}@${commit} # ${version}"
