#!/usr/bin/env bash
# From the shared reference harness (shared/bench/, which measured DVC 3.64 here); workloads and steps unchanged.
# Deterministic benchmark workloads (fixed seeds; same bytes on every machine with OpenSSL >= 1.1 and Perl >= 5.20).
#
#   bench/workloads.sh big|many|songs|tiny|all DIR     (all = big many songs)
#
# Writes DIR/<workload>/data/... plus DIR/<workload>/MANIFEST.md5 (md5sum listing of data/, sorted) and
# DIR/<workload>/FINGERPRINT (md5 of that manifest: the same value means the same workload). A workload whose
# FINGERPRINT file exists is not generated again (delete DIR/<workload> to force it).
#
#   big    W1: 2 files of 512 MiB of AES-CTR keystream (incompressible).
#   many   W2: 70,000 files of 150-400 bytes in 70 folders (1,000 each), about 19 MB: the dvc-bench "mnist" shape.
#   tiny   W0: a smoke test of the harness: 200 files of 100 bytes in 2 folders and one 1 MiB file.
#   songs  W3: song_rankings.csv (100 MB of CSV text in the shape of the Spotify Top-50 table) and
#          song_properties.bin (1,304,283 random bytes: the size of the real song_properties.parquet).
#
# Pseudo-random bytes come from `openssl enc -aes-128-ctr` over /dev/zero with a key derived from a seed string;
# CSV rows come from Perl's built-in drand48 (srand with a fixed seed), which is the same on every platform.
set -euo pipefail

OPENSSL=${OPENSSL:-openssl}
PERL=${PERL:-perl}

usage() { echo "usage: $0 big|many|songs|tiny|all DIR" >&2; exit 2; }

# prng SEED: endless deterministic byte stream on stdout (the reader decides when to stop)
prng() {
  local key
  key=$(printf '%s' "$1" | md5sum | cut -c1-32)
  "$OPENSSL" enc -aes-128-ctr -K "$key" -iv 00000000000000000000000000000000 -nosalt < /dev/zero 2>/dev/null
}

# prng_head SEED BYTES FILE: exactly BYTES bytes of the SEED stream into FILE
prng_head() {
  ( set +o pipefail; prng "$1" | head -c "$2" > "$3" )
  [ "$(stat -c %s "$3")" = "$2" ] || { echo "workloads: short write to $3" >&2; exit 1; }
}

gen_big() {
  local d=$1/data
  mkdir -p "$d"
  prng_head bench-big-1 536870912 "$d/big1.bin"
  prng_head bench-big-2 536870912 "$d/big2.bin"
}

gen_many() {
  local d=$1/data
  mkdir -p "$d"
  # One stream: for each file, 2 bytes choose its size (150 + v mod 251, so 150..400), then the content.
  ( set +o pipefail
    prng bench-many | "$PERL" -e '
      use strict; use warnings;
      my ($root) = @ARGV; binmode STDIN;
      sub take { my ($n) = @_; my $buf = ""; while (length($buf) < $n) {
          my $got = read(STDIN, $buf, $n - length($buf), length($buf));
          die "stream ended\n" unless $got; } return $buf; }
      for my $dir (0 .. 69) {
        my $dpath = sprintf("%s/d%02d", $root, $dir);
        mkdir $dpath or die "mkdir $dpath: $!\n";
        for my $i (0 .. 999) {
          my $size = 150 + unpack("n", take(2)) % 251;
          my $path = sprintf("%s/f%05d.bin", $dpath, $dir * 1000 + $i);
          open(my $fh, ">:raw", $path) or die "$path: $!\n";
          print $fh take($size); close($fh) or die "$path: $!\n";
        }
      }' "$d" )
  [ "$(find "$d" -type f | wc -l)" = 70000 ] || { echo "workloads: many: wrong file count" >&2; exit 1; }
}

gen_tiny() {
  local d=$1/data i
  mkdir -p "$d/a" "$d/b"
  ( set +o pipefail; prng bench-tiny | head -c 20000 ) > "$1/tiny.tmp"
  for i in $(seq 0 199); do
    dd if="$1/tiny.tmp" of="$d/$( [ "$i" -lt 100 ] && echo a || echo b)/f$i.bin" bs=100 skip="$i" count=1 status=none
  done
  rm -f "$1/tiny.tmp"
  prng_head bench-tiny-big 1048576 "$d/big.bin"
}

gen_songs() {
  local d=$1/data
  mkdir -p "$d"
  "$PERL" -e '
    use strict; use warnings;
    my ($path, $target) = @ARGV;
    srand(20250108);
    my @cc = (qw(AE AR AT AU BE BG BO BR BY CA CH CL CO CR CZ DE DK DO EC EE EG ES FI FR GB GR GT HK HN HU ID IE IL IN
                IS IT JP KR KZ LT LU LV MA MX MY NG NI NL NO NZ PA PE PH PK PL PT PY RO SA SE SG SK SV TH TR TW UA US
                UY VE VN ZA), "");
    my @b62 = ("0".."9", "A".."Z", "a".."z");
    my @syl = qw(la na ri so ko me ta vi du ne ro sa mi ka lo be ze fa pu yo);
    sub word { my $n = 2 + int(rand(3)); join("", map { $syl[int(rand(@syl))] } 1 .. $n) }
    sub title { my $n = 1 + int(rand(4)); ucfirst(join(" ", map { word() } 1 .. $n)) }
    my @songs = map { { id => join("", map { $b62[int(rand(62))] } 1 .. 22), name => title(),
                        artists => join(", ", map { title() } 1 .. 1 + int(rand(2))), album => title(),
                        rel => sprintf("20%02d-%02d-%02d", 10 + int(rand(15)), 1 + int(rand(12)), 1 + int(rand(28))),
                        pop => int(rand(101)) } } 1 .. 14245;
    open(my $fh, ">", $path) or die "$path: $!\n";
    print $fh "spotify_id,name,artists,popularity,daily_rank,daily_movement,weekly_movement,country,snapshot_date,",
              "album_name,album_release_date\n";
    my $bytes = 0; my $day = 0;
    while ($bytes < $target) {
      my $date = sprintf("2024-%02d-%02d", 1 + int($day / 28) % 12, 1 + $day % 28);
      for my $c (@cc) {
        for my $rank (1 .. 50) {
          my $s = $songs[int(rand(@songs))];
          my $line = sprintf(qq{%s,"%s","%s",%d,%d,%d,%d,%s,%s,"%s",%s\n}, $s->{id}, $s->{name}, $s->{artists},
                             $s->{pop}, $rank, int(rand(21)) - 10, int(rand(41)) - 20, $c, $date, $s->{album}, $s->{rel});
          print $fh $line; $bytes += length($line);
          last if $bytes >= $target;
        }
        last if $bytes >= $target;
      }
      $day++;
    }
    close($fh) or die "$path: $!\n";' "$d/song_rankings.csv" 100000000
  prng_head bench-songs-properties 1304283 "$d/song_properties.bin"
}

[ $# -eq 2 ] || usage
which=$1; out=$2
case $which in big|many|songs|tiny) set -- "$which" ;; all) set -- big many songs ;; *) usage ;; esac
mkdir -p "$out"
for w in "$@"; do
  wdir=$out/$w
  if [ -s "$wdir/FINGERPRINT" ]; then
    echo "workloads: $w exists ($(cat "$wdir/FINGERPRINT")), not regenerated" >&2
    continue
  fi
  rm -rf "$wdir"; mkdir -p "$wdir"
  start=$(date +%s)
  "gen_$w" "$wdir"
  (cd "$wdir" && find data -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum > MANIFEST.md5)
  md5sum < "$wdir/MANIFEST.md5" | cut -c1-32 > "$wdir/FINGERPRINT"
  echo "workloads: $w: $(wc -l < "$wdir/MANIFEST.md5") files, $(find "$wdir/data" -type f -printf '%s\n' | awk '{s+=$1} END {print s}') bytes," \
       "fingerprint $(cat "$wdir/FINGERPRINT"), $(( $(date +%s) - start )) s" >&2
done
