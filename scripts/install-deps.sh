#!/usr/bin/env bash
# Installs the system packages the test suite needs (Debian). Idempotent; does nothing when all are present.
set -euo pipefail
need=()
command -v git >/dev/null || need+=(git)
command -v mvn >/dev/null || need+=(maven)
# the SSH remote's tests run a real OpenSSH server (testing/SshServerProcess) and make keys with ssh-keygen
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh-keygen >/dev/null || need+=(openssh-client)
# the fault campaign's fault-injecting file system (testing/.../faultfs.c) is compiled when the tests start
command -v cc >/dev/null || need+=(gcc)
[ -e /usr/include/dlfcn.h ] || need+=(libc6-dev)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
  else
    echo "missing packages: ${need[*]} (install them, e.g. apt-get install ${need[*]})" >&2; exit 1
  fi
fi
