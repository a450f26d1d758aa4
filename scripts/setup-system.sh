#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the tests and the demo need, and only the missing ones:
# Jupyter (jupyter_server + jupyterlab_server, run as /usr/bin/python3) and Chromium (driven by
# playwright-core; nothing ever downloads a browser). Idempotent and silent when all is there.
set -euo pipefail

# jupyterhub (3.0, with node-configurable-http-proxy): the hub e2e suite (test/hub).
PACKAGES=(python3-jupyter-server python3-jupyterlab-server chromium jupyterhub)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "setup-system: missing ${missing[*]}, and this is not a Debian/Ubuntu system (no apt-get)." >&2
  echo "setup-system: install Jupyter Server, jupyterlab_server and Chromium with your package manager." >&2
  exit 1
fi
if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "setup-system: missing ${missing[*]}; run as root (or with password-less sudo):" >&2
  echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "setup-system: installing ${missing[*]} (apt)..."
export DEBIAN_FRONTEND=noninteractive
apt_install() {
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
}
# The package lists may be absent (fresh containers) or stale (a 404 on an old version):
# refresh them once, only when the first attempt fails.
if ! apt_install >/tmp/setup-system-apt.log 2>&1; then
  "${as_root[@]}" apt-get update -q </dev/null >>/tmp/setup-system-apt.log 2>&1
  if ! apt_install >>/tmp/setup-system-apt.log 2>&1; then
    tail -n 20 /tmp/setup-system-apt.log >&2
    echo "setup-system: apt-get install ${missing[*]} failed (log: /tmp/setup-system-apt.log)" >&2
    exit 1
  fi
fi

if ! /usr/bin/python3 -c 'import jupyter_server, jupyterlab_server' 2>/dev/null; then
  echo "setup-system: /usr/bin/python3 still cannot import jupyter_server and jupyterlab_server" >&2
  exit 1
fi
echo "setup-system: done."
