#!/usr/bin/env bash
# From the shared reference harness (shared/bench/, which measured DVC 3.64 here); workloads and steps unchanged.
# "What a user would pick instead": plain tools on the same workload, timed like run.sh (median of REPS samples,
# one sample when slower than SLOW_S), against the same kind of S3 server.
#
#   bench/anchors.sh WORKLOAD OUTFILE
#
# Steps (tool column: ANCHOR_LABEL, default "anchors"):
#   cp_r              cp -r data/ to a fresh folder (the floor for a checkout with cache.type copy)
#   md5sum_1p         find | xargs md5sum: one md5sum process at a time (the floor for hashing in add/status)
#   md5sum_P2         find | xargs -P2 md5sum, in 16 batches (two at a time)
#   rclone_up_s3      rclone copy data/ to a fresh S3 prefix (provider Other; rclone's defaults: 4 transfers)
#   rclone_down_s3    rclone copy of that prefix to a fresh empty folder (verified)
#   rclone_down_cp_s3 the same download, then cp -r of what came down to a second folder: the least a pull in the
#                     DVC layout does where files cannot be reflinked (ext4 here): the verified download into the
#                     cache, then a copy into the workspace
#   awscli_up_s3      aws s3 sync data/ to a fresh S3 prefix (the CLI's defaults: 10 concurrent requests)
#   awscli_down_s3    aws s3 sync of that prefix to a fresh empty folder (verified)
# rclone is configured only through RCLONE_CONFIG_S3_* variables (RCLONE_CONFIG=/dev/null), and runs without
# AWS_CA_BUNDLE (rclone 1.60 refuses a custom CA bundle on its HTTP transport; the endpoint is plain HTTP).
# cp_r here runs after whatever came before (run.sh's steps have their own paired floors, cp_r@STEP, timed in the
# same rounds); SETTLE (lib.sh) applies before every step that creates files (cp_r, the downloads, the uploads:
# S3Proxy stores each object as a file).
set -euo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

[ $# -eq 2 ] || { sed -n '2,6p' "$0" >&2; exit 2; }
bench_open "${ANCHOR_LABEL:-anchors}" "$1" "$2"
meta versions "$(cp --version | head -n 1); $(md5sum --version | head -n 1); $("$RCLONE" version 2>/dev/null | head -n 1);\
 $("$AWS" --version 2>&1 | head -n 1)"
cd "$WDIR"

# ---- local copies and hashing
reset_cp() { bulk_rm "$SCRATCH/cp"; mkdir -p "$SCRATCH/cp"; settle_create; }
body_cp() {
  timed cp_r "$1" "$WDIR" cp -r data "$SCRATCH/cp/data"
  verify cp_r "$1" "$SCRATCH/cp" "$WDIR/MANIFEST.md5"
}
repeat cp_r reset_cp body_cp
bulk_rm "$SCRATCH/cp"

body_md5() { timed md5sum_1p "$1" "$WDIR" bash -c 'find data -type f -print0 | xargs -0 md5sum > /dev/null'; }
repeat md5sum_1p noop body_md5
BATCH=$(( (NFILES + 15) / 16 ))
body_md5p() {
  timed md5sum_P2 "$1" "$WDIR" bash -c "find data -type f -print0 | xargs -0 -P2 -n $BATCH md5sum > /dev/null"
}
repeat md5sum_P2 noop body_md5p

# ---- S3
if [ "$S3" = 1 ]; then
  s3_open
  rclone_env=(env -u AWS_CA_BUNDLE RCLONE_CONFIG=/dev/null RCLONE_CONFIG_S3_TYPE=s3 RCLONE_CONFIG_S3_PROVIDER=Other
              RCLONE_CONFIG_S3_ENDPOINT="$S3_ENDPOINT" RCLONE_CONFIG_S3_ACCESS_KEY_ID="$S3_IDENTITY"
              RCLONE_CONFIG_S3_SECRET_ACCESS_KEY="$S3_CREDENTIAL" RCLONE_CONFIG_S3_REGION="$AWS_DEFAULT_REGION")
  reset_down() { bulk_rm "$SCRATCH/down"; mkdir -p "$SCRATCH/down"; settle_create; }
  settle_k() { settle_create; }

  body_rclone_up() { timed rclone_up_s3 "$1" "$WDIR" "${rclone_env[@]}" "$RCLONE" copy data "s3:$S3_BUCKET/$RUN_ID/rclone-$1"; }
  repeat rclone_up_s3 settle_k body_rclone_up
  body_rclone_down() {
    timed rclone_down_s3 "$1" "$SCRATCH/down" "${rclone_env[@]}" "$RCLONE" copy "s3:$S3_BUCKET/$RUN_ID/rclone-1" data
    verify rclone_down_s3 "$1" "$SCRATCH/down" "$WDIR/MANIFEST.md5"
  }
  repeat rclone_down_s3 reset_down body_rclone_down
  body_rclone_down_cp() {
    timed rclone_down_cp_s3 "$1" "$SCRATCH/down" sh -c '"$@" && cp -r data data.copy' sh "${rclone_env[@]}" "$RCLONE" \
      copy "s3:$S3_BUCKET/$RUN_ID/rclone-1" data
    verify rclone_down_cp_s3 "$1" "$SCRATCH/down" "$WDIR/MANIFEST.md5"
  }
  repeat rclone_down_cp_s3 reset_down body_rclone_down_cp

  body_aws_up() {
    timed awscli_up_s3 "$1" "$WDIR" "$AWS" --endpoint-url "$S3_ENDPOINT" s3 sync data "s3://$S3_BUCKET/$RUN_ID/awscli-$1" \
      --only-show-errors
  }
  repeat awscli_up_s3 settle_k body_aws_up
  body_aws_down() {
    timed awscli_down_s3 "$1" "$SCRATCH/down" "$AWS" --endpoint-url "$S3_ENDPOINT" s3 sync "s3://$S3_BUCKET/$RUN_ID/awscli-1" data \
      --only-show-errors
    verify awscli_down_s3 "$1" "$SCRATCH/down" "$WDIR/MANIFEST.md5"
  }
  repeat awscli_down_s3 reset_down body_aws_down
fi
say "done; medians appended to $OUT"
