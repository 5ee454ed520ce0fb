// The independent SOPS implementation (npm sops-age) as a test peer.
//   node sops_peer.mjs decrypt FILE KEYFILE   -> the decrypted values as canonical JSON
//   node sops_peer.mjs plain FILE             -> a plaintext YAML/JSON file's values, same form
// Canonical JSON: keys sorted, so two documents with equal values print identically.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const root = process.env.HP_ROOT;
const mods = `${root}/tools/npm/node_modules`;
const { decryptSops } = await import(pathToFileURL(`${mods}/sops-age/dist/index.js`).href);
const require = createRequire(`${mods}/sops-age/package.json`);
const YAML = require("yaml");

function canon(v) {
  if (Array.isArray(v)) return v.map(canon);
  if (v && typeof v === "object") {
    const o = {};
    for (const k of Object.keys(v).sort()) o[k] = canon(v[k]);
    return o;
  }
  return v;
}

const [mode, file, keyfile] = process.argv.slice(2);
let value;
if (mode === "decrypt") {
  const key = readFileSync(keyfile, "utf8").split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-"));
  const type = file.endsWith(".json") ? "json" : "yaml";
  value = await decryptSops(readFileSync(file, "utf8"), { secretKey: key, fileType: type });
} else {
  const text = readFileSync(file, "utf8");
  value = file.endsWith(".json") ? JSON.parse(text) : YAML.parse(text);
}
process.stdout.write(JSON.stringify(canon(value), null, 1) + "\n");
