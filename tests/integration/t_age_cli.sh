# The age commands' failure behaviour: one-line errors naming the input and the layer that
# failed, non-zero exits, and never a partial plaintext in -o OUT.
. "$HP_ROOT/tests/integration/lib.sh"
install_plugin || exit 1
cd "$T" || exit 1
CCTV=$ROOT/testdata/age-cctv

age-keygen -o id.txt 2>/dev/null
R=$(age-keygen -y id.txt)
head -c 200000 /dev/urandom >p
age -r "$R" -o good.age p

# a corrupted third chunk: the first two chunks authenticate, the file as a whole does not
cp good.age bad.age
size=$(stat -c %s bad.age)
# (one byte flipped, not overwritten: a random ciphertext byte is already 'X' once in 256 runs,
# and then nothing was corrupted, as a CI rehearsal met)
python3 -c 'import sys
f = open(sys.argv[1], "r+b"); f.seek(int(sys.argv[2])); b = f.read(1)[0]; f.seek(int(sys.argv[2])); f.write(bytes([b ^ 0xFF]))' \
    bad.age $((size - 100))
cmp -s good.age bad.age && not_ok "bad.age is not corrupted"
echo "old content" >out.txt
run "$HP_BIN" secrets decrypt --identity id.txt -o out.txt bad.age
expect_rc 1 "payload failure exits 1"
expect_err '^helm-panda: error: bad.age: payload chunk 3 does not authenticate' "payload failure names file and chunk"
expect_lines "$T/err" 1 "payload failure: one error line"
[ "$(cat out.txt)" = "old content" ] && ok "-o OUT untouched on payload failure" || not_ok "-o OUT untouched"
ls -a | grep -q '\.out\.txt\.tmp' && not_ok "temporary file left behind" || ok "no temporary file left behind"
run "$HP_BIN" secrets decrypt --identity id.txt -o fresh.txt bad.age
[ ! -e fresh.txt ] && ok "-o OUT not created on payload failure" || not_ok "-o OUT not created on payload failure"

# truncated file, trailing data
head -c $((size - 20)) good.age >trunc.age
run "$HP_BIN" secrets decrypt --identity id.txt -o t.out trunc.age
expect_rc 1 "truncated file fails"
expect_err 'trunc.age: payload' "truncated file is a payload error"
[ ! -e t.out ] && ok "no output for a truncated file" || not_ok "no output for a truncated file"
# (only detectable as such after a full last chunk: after a short one it is corruption)
head -c 131072 p >p2
age -r "$R" -o full.age p2
{ cat full.age; printf 'x'; } >trail.age
run "$HP_BIN" secrets decrypt --identity id.txt -o t.out trail.age
expect_err 'trail.age: trailing data after the end of the payload' "trailing data is named"

# the error kinds, from CCTV vectors that are stored uncompressed
vec() { sed '1,/^$/d' "$CCTV/$1" >"$1.age"; grep -a '^identity: ' "$CCTV/$1" | sed 's/^identity: //' >"$1.key"; }
vec hmac_bad
run "$HP_BIN" secrets decrypt --identity hmac_bad.key hmac_bad.age
expect_rc 1 "HMAC failure exits 1"
expect_err 'hmac_bad.age: header MAC does not verify' "HMAC failure is named"
vec stanza_long_line
run "$HP_BIN" secrets decrypt --identity stanza_long_line.key stanza_long_line.age
expect_err 'stanza_long_line.age: malformed age header: stanza body line longer than 64 columns' "header failure is named"
vec armor_long_line
run "$HP_BIN" secrets decrypt --identity armor_long_line.key armor_long_line.age
expect_err 'armor_long_line.age: malformed armor: line longer than 64 columns' "armor failure is named"
vec x25519_low_order
run "$HP_BIN" secrets decrypt --identity x25519_low_order.key x25519_low_order.age
expect_err 'low-order share' "a low-order share is refused"
vec version_unsupported
run "$HP_BIN" secrets decrypt --identity version_unsupported.key version_unsupported.age
expect_err 'unsupported age format version' "an unsupported version is named"
vec hybrid_no_match
run "$HP_BIN" secrets decrypt --identity id.txt hybrid_no_match.age
expect_rc 1 "no identity matches"
expect_err 'no identity matched any of the file.s recipients \(mlkem768x25519\)' "no match lists the file's recipient types"

# usage and input errors
run "$HP_BIN" secrets decrypt
expect_rc 2 "decrypt without FILE is a usage error"
run "$HP_BIN" secrets decrypt --identity id.txt nonexistent.age
expect_rc 1 "missing input fails"
expect_err '^helm-panda: error: nonexistent.age: No such file or directory$' "missing input is named"
run "$HP_BIN" secrets decrypt --identity nokey.txt good.age
expect_err 'nokey.txt: No such file or directory' "missing identity file is named"
printf 'AGE-SECRET-KEY-1NOTAKEY\n' >junk.txt; chmod 600 junk.txt
run "$HP_BIN" secrets decrypt --identity junk.txt good.age
expect_err 'junk.txt: line 1: not an age identity' "malformed identity names file and line"
run "$HP_BIN" secrets encrypt --format age -r age1notakey p
expect_rc 1 "bad recipient fails"
expect_err 'malformed X25519 recipient "age1notakey"' "bad recipient is named"
run "$HP_BIN" secrets encrypt --format age -r "ssh-rsa AAAAB3NzaC1yc2E x" p
expect_err 'unsupported SSH key type "ssh-rsa"' "ssh-rsa is refused by name"
run "$HP_BIN" secrets encrypt --format age p
expect_rc 2 "encrypt without recipients is a usage error"
run "$HP_BIN" secrets encrypt --format age -r "$R" -o nodir/x.age p
expect_rc 1 "unwritable -o fails"
expect_err 'nodir/x.age: cannot create a temporary file' "unwritable -o is named"
run "$HP_BIN" secrets encrypt --format age --frob p
expect_rc 2 "unknown flag exits 2"

# -o is atomic for encryption too, and stdin/stdout work
printf 'r1\n# comment\n\n%s\n' "$R" | sed 1d >rcpts.txt
run sh -c "cat p | '$HP_BIN' secrets encrypt --format age -R rcpts.txt -a -"
expect_rc 0 "encrypt from stdin with -R and --armor"
age -d -i id.txt "$T/out" | cmp -s - p && ok "age decrypts our armored stdout" || not_ok "age decrypts our armored stdout"

# -o onto a FIFO (like /dev/null or /dev/stdout) is written in place, never replaced by a
# rename; -o onto a symlink replaces the file it points to and keeps the link
mkfifo fifo
cat fifo >fromfifo &
run "$HP_BIN" secrets decrypt --identity id.txt -o fifo good.age
wait
expect_rc 0 "decrypt -o FIFO"
[ -p fifo ] && ok "the FIFO is still a FIFO" || not_ok "the FIFO is still a FIFO"
cmp -s fromfifo p && ok "plaintext went through the FIFO" || not_ok "plaintext went through the FIFO"
echo old >target.txt
ln -s target.txt link.txt
run "$HP_BIN" secrets decrypt --identity id.txt -o link.txt good.age
[ -L link.txt ] && cmp -s target.txt p && ok "-o through a symlink writes its target" ||
    not_ok "-o through a symlink writes its target"
