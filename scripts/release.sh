#!/usr/bin/env bash
# Releases vMAJOR.MINOR.PATCH: refuses unless the tree is clean, dist/ equals a fresh build, the README is
# current, production dependencies have no known vulnerabilities and CHANGELOG.md has the version; then
# tags it, moves the major tag (v1) to it, pushes both and creates the GitHub release, whose notes name
# the commit SHA users should pin.
#
# The major tag never moves backwards: it moves only when the version sorts highest (sort -V) among the
# vMAJOR.x.y tags, local and on $REMOTE. A lower version (a fix for an older minor) is released without
# moving it, and the script says so.
#
#   scripts/release.sh v1.2.3 [--dry-run]
#
# Any other argument prints the usage and exits 2, so a mistyped --dry-run never makes a real release.
#
# Needs git with push rights to $REMOTE (default origin) and, unless --dry-run, the GitHub CLI (`gh`)
# authenticated. In CI the token comes as RELEASE_TOKEN: it is removed from the environment at once, so
# nothing the checks run (npm, ncc, tsx) can read it, and handed only to the git commands that talk to
# $REMOTE (as an HTTP header in git's environment, never on a command line) and to gh.
set -euo pipefail
cd "$(dirname "$0")/.."

token="${RELEASE_TOKEN:-}"
unset RELEASE_TOKEN

usage() { echo "usage: scripts/release.sh vMAJOR.MINOR.PATCH [--dry-run]" >&2; exit 2; }
fail() { echo "release: $*" >&2; exit 1; }

version=""
dry_run=false
for argument in "$@"; do
  case "$argument" in
    --dry-run) dry_run=true ;;
    v*) [ -z "$version" ] || usage; version="$argument" ;;
    *) usage ;;
  esac
done
[[ "$version" =~ ^v([1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]] || usage
major="v${BASH_REMATCH[1]}"
remote="${REMOTE:-origin}"

# git and gh with the token when there is one; the user's own credentials otherwise.
with_token() {
  local command="$1"
  shift
  if [ -z "$token" ]; then
    "$command" "$@"
  elif [ "$command" = gh ]; then
    GH_TOKEN="$token" gh "$@"
  else
    local header
    header="AUTHORIZATION: basic $(printf 'x-access-token:%s' "$token" | base64 | tr -d '\n')"
    GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0="http.${GITHUB_SERVER_URL:-https://github.com}/.extraheader" \
      GIT_CONFIG_VALUE_0="$header" git "$@"
  fi
}

run() {
  if $dry_run; then printf 'would run:'; printf ' %q' "$@"; echo; else with_token "$@"; fi
}

echo "release: checking $version"
$dry_run || command -v gh >/dev/null || fail "the GitHub CLI (gh) is needed to create the release"
[ -z "$(git status --porcelain)" ] || fail "the working tree is not clean; commit or remove the changes first"
git rev-parse -q --verify "refs/tags/$version" >/dev/null && fail "tag $version already exists"
if with_token git ls-remote --exit-code --tags "$remote" "refs/tags/$version" >/dev/null 2>&1; then
  fail "tag $version already exists on $remote"
fi
grep -q "^## \[${version#v}\]" CHANGELOG.md || fail "CHANGELOG.md has no '## [${version#v}]' section"

# The highest vMAJOR.x.y tag, here or on the remote, decides whether the major tag may move.
release_tags() {
  git tag --list "$major.*"
  with_token git ls-remote --tags --refs "$remote" "refs/tags/$major.*" 2>/dev/null | sed 's#.*refs/tags/##' || true
}
highest="$({ release_tags; echo "$version"; } | grep -E "^$major\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\$" | sort -V | tail -n 1)"
move_major=true
if [ "$highest" != "$version" ]; then
  move_major=false
  echo "release: $highest is newer than $version, so $major stays where it is; releasing $version without moving it" >&2
fi

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
  if $move_major; then
    echo "\`${major}\` now points to this release too."
  else
    echo "\`${major}\` stays on ${highest}, the newest ${major} release; this release does not move it."
  fi
  echo
  # The version's CHANGELOG section, without its heading, up to the next version.
  awk -v heading="## [${version#v}]" '
    index($0, heading) == 1 { inside = 1; next }
    inside && /^## \[/ { exit }
    inside && /^\[[^]]+\]: / { exit }
    inside { print }
  ' CHANGELOG.md
} >"$notes"

if $move_major; then
  echo "release: tagging $commit as $version and moving $major to it"
else
  echo "release: tagging $commit as $version; $major stays on $highest"
fi
run git tag -a "$version" -m "$version" "$commit"
run git push "$remote" "refs/tags/$version"
if $move_major; then
  run git tag -fa "$major" -m "$major -> $version" "$commit"
  run git push --force "$remote" "refs/tags/$major"
  run gh release create "$version" --repo "$repository" --title "$version" --notes-file "$notes" --verify-tag
else
  run gh release create "$version" --repo "$repository" --title "$version" --notes-file "$notes" --verify-tag --latest=false
fi
if $dry_run; then
  echo "release notes would be:"
  cat "$notes"
fi
echo "release: done. Users pin: uses: ${repository}@${commit} # ${version}"
