#!/bin/sh
# Checks the build prerequisites and names the Debian/Ubuntu packages that are missing.
missing=""
command -v make >/dev/null 2>&1 || missing="$missing make"
command -v cc >/dev/null 2>&1 || missing="$missing gcc"
if ! command -v pkg-config >/dev/null 2>&1; then
    missing="$missing pkg-config"
else
    for pair in yaml-0.1:libyaml-dev libcjson:libcjson-dev libsodium:libsodium-dev libcrypto:libssl-dev \
                libarchive:libarchive-dev; do
        pc=${pair%%:*}
        pkg=${pair#*:}
        pkg-config --exists "$pc" 2>/dev/null || missing="$missing $pkg"
    done
fi
if [ -n "$missing" ]; then
    echo "helm-panda: error: missing build prerequisites; install them with:" >&2
    echo "  sudo apt-get install -y$missing" >&2
    echo "  (Fedora/RHEL: the matching -devel packages); then install the plugin again" >&2
    exit 1
fi
exit 0
