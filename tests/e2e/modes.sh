# modes.sh — every file a run writes has the mode the user's umask gives (0666 & ~umask),
# whichever writer thread committed it: reading the umask once used to mean setting it to
# 0 for a moment, and a file committed on another thread meanwhile came out world-writable.
set -eu
for um in 022 077 027; do
	rm -rf "$TMP/m"
	(umask $um; "$KAOJI" year "$ROOT/samples/2022" -o "$TMP/m" >/dev/null 2>&1)
	want=$(printf '%o' $((0666 & ~0$um)))
	bad=$(find "$TMP/m" -type f ! -perm "$want" -printf '%m %P\n' | head -3)
	[ -z "$bad" ] || { echo "umask $um: want $want, got: $bad"; exit 1; }
	[ "$(find "$TMP/m" -type f | wc -l)" -gt 60 ]
done
