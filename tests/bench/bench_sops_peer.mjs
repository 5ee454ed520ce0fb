// Decrypts a SOPS file with the npm sops-age package (the peer of bench_sops.sh) N times.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const { decryptSops } = await import(pathToFileURL(`${process.env.HP_ROOT}/tools/npm/node_modules/sops-age/dist/index.js`).href);
const [file, keyfile] = process.argv.slice(2);
const key = readFileSync(keyfile, "utf8").split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-"));
const out = await decryptSops(readFileSync(file, "utf8"), { secretKey: key, fileType: "yaml" });
if (Object.keys(out).length === 0) process.exit(1);
