#!/bin/sh
# One image serves every Pulse app: PULSE_APP names the one this container runs.
# Paths are relative to the image's WORKDIR (/app).
set -eu

apps_dir=dist/apps
app="${PULSE_APP:-}"

available_apps() {
  found=''
  for main in "$apps_dir"/*/src/main.js; do
    [ -f "$main" ] || continue
    name="${main#"$apps_dir"/}"
    found="${found:+$found, }${name%%/*}"
  done
  printf '%s' "${found:-none}"
}

# Only plain app names: PULSE_APP must not reach outside dist/apps.
case "$app" in
  '' | *[!a-z0-9-]*) main='' ;;
  *) main="$apps_dir/$app/src/main.js" ;;
esac

if [ -z "$app" ]; then
  echo "pulse: PULSE_APP is not set. Valid apps: $(available_apps)." >&2
  exit 64
fi
if [ -z "$main" ] || [ ! -f "$main" ]; then
  echo "pulse: PULSE_APP='$app' is not an app in this image. Valid apps: $(available_apps)." >&2
  exit 64
fi

exec node "$main" "$@"
