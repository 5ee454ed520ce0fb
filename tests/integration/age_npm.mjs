// A thin CLI over the npm age-encryption package (an independent age implementation in
// TypeScript, with the post-quantum hybrid type), for t_age_npm.sh.
//   node age_npm.mjs keygen-hybrid IDFILE         -> prints the age1pq1... recipient
//   node age_npm.mjs encrypt (-r R | -p PASS)... [-a] IN OUT
//   node age_npm.mjs decrypt (-i IDFILE | -p PASS) IN OUT
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { webcrypto } from "node:crypto";

// Node 18 (Debian 12's) has no global Web Crypto, which age-encryption's dependencies expect.
if (!globalThis.crypto) globalThis.crypto = webcrypto;

const age = await import(pathToFileURL(process.env.AGE_NPM + "/dist/index.js").href);
const [cmd, ...args] = process.argv.slice(2);

if (cmd === "keygen-hybrid") {
    const id = await age.generateHybridIdentity();
    writeFileSync(args[0], id + "\n", { mode: 0o600 });
    console.log(await age.identityToRecipient(id));
} else if (cmd === "encrypt") {
    const e = new age.Encrypter();
    let armor = false;
    while (args.length > 2) {
        const f = args.shift();
        if (f === "-r") e.addRecipient(args.shift());
        else if (f === "-p") { e.setPassphrase(args.shift()); e.setScryptWorkFactor(12); }
        else if (f === "-a") armor = true;
    }
    const ct = await e.encrypt(readFileSync(args[0]));
    writeFileSync(args[1], armor ? age.armor.encode(ct) : ct);
} else if (cmd === "decrypt") {
    const d = new age.Decrypter();
    while (args.length > 2) {
        const f = args.shift();
        if (f === "-i") {
            for (const l of readFileSync(args.shift(), "utf8").split("\n"))
                if (l.startsWith("AGE-SECRET-KEY-")) d.addIdentity(l.trim());
        } else if (f === "-p") d.addPassphrase(args.shift());
    }
    let ct = readFileSync(args[0]);
    if (ct.subarray(0, 10).toString() === "-----BEGIN") ct = age.armor.decode(ct.toString());
    writeFileSync(args[1], await d.decrypt(ct));
} else {
    console.error("usage: age_npm.mjs keygen-hybrid|encrypt|decrypt ...");
    process.exit(2);
}
