// Reads ORIGINAL (every value a quoted string) and WRITTEN (our output for the same data) with
// node's yaml in YAML 1.2 core mode and in YAML 1.1 mode: every value of WRITTEN must come back
// as the same string. Prints one line per value read as anything else; exits 1 if any.
// Usage: node yaml_strings.mjs YAML_PACKAGE_DIR ORIGINAL WRITTEN
import fs from 'fs';
import path from 'path';
const [pkg, original, written] = process.argv.slice(2);
const { parse } = await import(path.join(pkg, 'dist/index.js'));
const want = parse(fs.readFileSync(original, 'utf8'), { version: '1.2', schema: 'core' });
let bad = 0;
for (const opt of [{ version: '1.2', schema: 'core' }, { version: '1.1' }]) {
    const got = parse(fs.readFileSync(written, 'utf8'), opt);
    for (const [k, v] of Object.entries(want.strings)) {
        const g = got.strings[k];
        if (g !== v) {
            console.log(`YAML ${opt.version}: ${k}: wrote ${JSON.stringify(v)}, read back ${typeof g} ${String(g)}`);
            bad++;
        }
    }
}
process.exit(bad ? 1 : 0);
