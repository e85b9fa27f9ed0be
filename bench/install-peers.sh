#!/usr/bin/env bash
# Installs what the whole-process benchmarks need besides jdvc (Debian, as root): the peers (git-lfs, git-annex),
# the S3 transfer anchor rclone, GNU time, hyperfine (bench/startup.sh), gnuplot (bench/plot.sh) and the HTTP load
# generator wrk (bench/jukebox.sh).
# `aws` (the other S3 anchor) comes from Debian's awscli when it is not on PATH already.
# openssl and perl (the workload generators) are part of a fresh Debian; they are listed for completeness.
#
#   bench/install-peers.sh            # idempotent: installs only what is missing
#
# Not part of ./test.sh or CI: benchmarks are run by hand (bench/README.md).
set -euo pipefail
want=()
need() { command -v "$1" > /dev/null || want+=("$2"); }
need git git
need git-lfs git-lfs
need git-annex git-annex
need rclone rclone
need hyperfine hyperfine
need gnuplot gnuplot-nox
need wrk wrk
need openssl openssl
need perl perl
need curl curl
need unzip unzip
need aws awscli
[ -x /usr/bin/time ] || want+=(time)
if [ ${#want[@]} = 0 ]; then echo "install-peers: everything is installed" >&2; exit 0; fi
[ "$(id -u)" = 0 ] || { echo "install-peers: as root: apt-get update && apt-get install ${want[*]}" >&2; exit 1; }
echo "install-peers: installing ${want[*]}" >&2
apt-get update -q
failed=()
# One package at a time: a package missing from this Debian release must not stop the others.
for p in "${want[@]}"; do
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$p" || failed+=("$p")
done
if [ ${#failed[@]} -gt 0 ]; then echo "install-peers: could not install: ${failed[*]}" >&2; exit 1; fi
echo "install-peers: done" >&2
