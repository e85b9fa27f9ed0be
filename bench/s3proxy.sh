#!/usr/bin/env bash
# From the shared reference harness (shared/bench/, which measured DVC 3.64 here); workloads and steps unchanged.
# A local S3 server for the benchmarks: S3Proxy (filesystem backend) as a separate Java process.
#
#   bench/s3proxy.sh start DIR   # fetch the jar if needed, start, wait until it answers, make the bucket
#   bench/s3proxy.sh stop DIR    # stop the process whose PID start recorded in DIR/s3proxy.pid (and only it)
#   bench/s3proxy.sh status DIR
#
# DIR holds s3proxy.properties, s3proxy.pid, s3proxy.log and the objects (DIR/blobs/<bucket>/...).
# Environment (defaults): S3PROXY_VERSION=4.1.0, S3PROXY_JAR_DIR=/var/tmp/s3proxy (where Maven copies the jar),
# S3_PORT=18080, S3_BUCKET=bench, S3_IDENTITY=local-identity, S3_CREDENTIAL=local-credential, JAVA=java,
# MVN=mvn, AWS=aws. S3Proxy 4.x needs Java 17 or newer (2.6.0 rejects the AWS SDKs' default checksums).
set -euo pipefail

S3PROXY_VERSION=${S3PROXY_VERSION:-4.1.0}
S3PROXY_JAR_DIR=${S3PROXY_JAR_DIR:-/var/tmp/s3proxy}
S3_PORT=${S3_PORT:-18080}
S3_BUCKET=${S3_BUCKET:-bench}
S3_IDENTITY=${S3_IDENTITY:-local-identity}
S3_CREDENTIAL=${S3_CREDENTIAL:-local-credential}
JAVA=${JAVA:-java}
MVN=${MVN:-mvn}
AWS=${AWS:-aws}
ENDPOINT=http://127.0.0.1:$S3_PORT

usage() { echo "usage: $0 start|stop|status DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1; dir=$(realpath -m "$2")
pidfile=$dir/s3proxy.pid

running() {  # the recorded PID is alive and is our S3Proxy
  [ -s "$pidfile" ] || return 1
  local pid; pid=$(cat "$pidfile")
  kill -0 "$pid" 2>/dev/null && ps -p "$pid" -o args= | grep -q -- "--properties $dir/s3proxy.properties"
}

answers() { curl -s -o /dev/null -m 2 "$ENDPOINT/" ; }

case $cmd in
start)
  if running; then echo "s3proxy: already running, pid $(cat "$pidfile"), $ENDPOINT" >&2; exit 0; fi
  if answers; then echo "s3proxy: something else already answers on $ENDPOINT; stop it or set S3_PORT" >&2; exit 1; fi
  jar=$S3PROXY_JAR_DIR/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar
  if [ ! -s "$jar" ]; then
    mkdir -p "$S3PROXY_JAR_DIR"
    "$MVN" -q -B org.apache.maven.plugins:maven-dependency-plugin:3.9.0:copy \
      -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" -DoutputDirectory="$S3PROXY_JAR_DIR"
  fi
  mkdir -p "$dir/blobs"
  cat > "$dir/s3proxy.properties" <<EOF
s3proxy.endpoint=$ENDPOINT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_IDENTITY
s3proxy.credential=$S3_CREDENTIAL
jclouds.provider=filesystem
jclouds.filesystem.basedir=$dir/blobs
EOF
  nohup "$JAVA" -jar "$jar" --properties "$dir/s3proxy.properties" > "$dir/s3proxy.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  for _ in $(seq 1 120); do
    answers && break
    kill -0 "$(cat "$pidfile")" 2>/dev/null || { echo "s3proxy: exited; see $dir/s3proxy.log" >&2; tail -5 "$dir/s3proxy.log" >&2; exit 1; }
    sleep 0.5
  done
  answers || { echo "s3proxy: no answer on $ENDPOINT after 60 s" >&2; "$0" stop "$dir"; exit 1; }
  export AWS_ACCESS_KEY_ID=$S3_IDENTITY AWS_SECRET_ACCESS_KEY=$S3_CREDENTIAL AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1}
  "$AWS" --endpoint-url "$ENDPOINT" s3api head-bucket --bucket "$S3_BUCKET" > /dev/null 2>&1 ||
    "$AWS" --endpoint-url "$ENDPOINT" s3 mb "s3://$S3_BUCKET" > /dev/null
  echo "s3proxy: pid $(cat "$pidfile"), $ENDPOINT, bucket $S3_BUCKET, objects in $dir/blobs" >&2
  ;;
stop)
  if ! running; then echo "s3proxy: not running (no live pid in $pidfile)" >&2; rm -f "$pidfile"; exit 0; fi
  pid=$(cat "$pidfile")
  kill "$pid"
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
  rm -f "$pidfile"
  echo "s3proxy: stopped pid $pid" >&2
  ;;
status)
  if running; then echo "running pid $(cat "$pidfile") $ENDPOINT"; else echo "not running"; exit 1; fi
  ;;
*) usage ;;
esac
