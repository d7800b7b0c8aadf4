// The schema under ajv, a second independent validator, for tests/test_schema_ajv.py.
//
//   node tests/js/validate.mjs [--json] [--print-data] SCHEMA [DOCUMENT ...]
//
// Compiles SCHEMA with Ajv2020 in strict mode (every strict option, strictRequired included) and ajv-formats, then
// validates each DOCUMENT, read as YAML 1.2 (core schema: yes/no are strings, dates are strings) by the `yaml`
// package; JSON documents read the same way. When the strict compile fails, every strict-mode issue is listed (ajv
// throws on the first; a second compile with strict: "log" collects them all) and the documents are still validated
// against a compile without strict mode, so one run reports both.
//
// Exit status: 0 when the schema compiles in strict mode and every document is valid; 1 otherwise; 2 on bad usage.
// --json prints one JSON report on stdout instead of text; --print-data adds each document's data to it, so the
// tests can check ajv saw the same data as policylint's loader.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";

const addFormats = addFormatsModule.default ?? addFormatsModule;

const args = process.argv.slice(2);
const json = args.includes("--json");
const printData = args.includes("--print-data");
const positional = args.filter((a) => !a.startsWith("--"));
const unknown = args.filter((a) => a.startsWith("--") && a !== "--json" && a !== "--print-data");
if (positional.length < 1 || unknown.length > 0) {
  process.stderr.write(`usage: node validate.mjs [--json] [--print-data] SCHEMA [DOCUMENT ...]\n`);
  process.exit(2);
}
const [schemaFile, ...documents] = positional;

// Keywords the schema carries for editors, not for validation: yaml-language-server (VS Code's YAML extension,
// Neovim, Helix...) offers `defaultSnippets` in completion. Declared so strict mode still rejects any other unknown
// keyword (a typo such as "requried").
const EDITOR_KEYWORDS = ["defaultSnippets"];

function newAjv(options) {
  const ajv = new Ajv2020({ allErrors: true, ...options });
  addFormats(ajv);
  for (const keyword of EDITOR_KEYWORDS) ajv.addKeyword({ keyword, schemaType: "array" });
  return ajv;
}

// Where in the schema file an issue is. Ajv names the subschema relative to the referenced definition it compiled
// (`#/allOf/0/then`, inside some `$defs/...`), so this lists the JSON pointers of the whole file that end with that
// path and, for strictRequired, whose `required` names the property.
function locate(root, message) {
  const at = /at "[^"#]*#([^"]*)"/.exec(message);
  if (at === null) return [];
  const rel = at[1].split("/").slice(1).map((s) => decodeURIComponent(s).replace(/~1/g, "/").replace(/~0/g, "~"));
  const required = /required property "([^"]*)"/.exec(message);
  const found = [];
  (function walk(node, path) {
    if (node === null || typeof node !== "object") return;
    const tail = path.slice(path.length - rel.length);
    if (path.length >= rel.length && tail.every((s, i) => s === rel[i])
        && (required === null || (Array.isArray(node.required) && node.required.includes(required[1])))) {
      found.push(path.map((s) => "/" + s.replace(/~/g, "~0").replace(/\//g, "~1")).join(""));
    }
    for (const [key, value] of Object.entries(node)) walk(value, [...path, key]);
  })(root, []);
  return found;
}

const report = { schema: schemaFile, strict: { ok: false, error: null, issues: [] }, compiled: null, documents: [] };
let schema;
try {
  schema = JSON.parse(readFileSync(schemaFile, "utf8"));
} catch (e) {
  report.strict.error = `cannot read the schema: ${e.message}`;
}

let validate = null;
if (schema !== undefined) {
  try {
    validate = newAjv({ strict: true, strictRequired: true }).compile(schema);
    report.strict.ok = true;
    report.compiled = "strict";
  } catch (e) {
    report.strict.error = e.message;
    // Every strict-mode issue, not only the first: the same checks, logged instead of thrown.
    const issues = [];
    const logger = { log() {}, warn: (...m) => issues.push(m.join(" ")), error: (...m) => issues.push(m.join(" ")) };
    try {
      newAjv({ strict: "log", strictRequired: "log", logger }).compile(schema);
    } catch (e2) {
      issues.push(`not only strict mode: ${e2.message}`);
    }
    report.strict.issues = [...new Set(issues)].map((message) => ({ message, pointers: locate(schema, message) }));
    try {
      validate = newAjv({ strict: false }).compile(schema);
      report.compiled = "lax";
    } catch (e3) {
      report.compiled = null;
      report.strict.issues.push({ message: `the schema does not compile even without strict mode: ${e3.message}`,
                                  pointers: [] });
    }
  }
}

for (const file of documents) {
  const result = { file, valid: false, errors: [] };
  let data;
  try {
    data = parse(readFileSync(file, "utf8"), { version: "1.2", schema: "core", uniqueKeys: true, merge: false });
  } catch (e) {
    result.errors.push({ instancePath: "", message: `cannot read as YAML 1.2: ${e.message}` });
    report.documents.push(result);
    continue;
  }
  if (printData) result.data = data;
  if (validate !== null) {
    result.valid = validate(data);
    result.errors = (validate.errors ?? []).map(({ instancePath, schemaPath, keyword, params, message }) => (
      { instancePath, schemaPath, keyword, params, message }));
  } else {
    result.errors.push({ instancePath: "", message: "not validated: the schema did not compile" });
  }
  report.documents.push(result);
}

const ok = report.strict.ok && report.documents.every((d) => d.valid);
if (json) {
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
} else {
  if (report.strict.ok) {
    process.stdout.write(`ok -- ${schemaFile} compiles under ajv in strict mode\n`);
  } else {
    process.stdout.write(`FAIL -- ${schemaFile} does not compile under ajv in strict mode: ${report.strict.error}\n`);
    for (const issue of report.strict.issues) {
      process.stdout.write(`  ${issue.message}\n`);
      for (const pointer of issue.pointers) process.stdout.write(`    in the schema at ${pointer}\n`);
    }
  }
  for (const d of report.documents) {
    process.stdout.write(`${d.valid ? "ok" : "INVALID"} -- ${d.file}\n`);
    for (const e of d.errors) {
      const where = e.instancePath === "" ? "(root)" : e.instancePath;
      const params = e.params === undefined ? "" : ` ${JSON.stringify(e.params)}`;
      process.stdout.write(`  ${where}: ${e.message}${params}${e.schemaPath ? ` [${e.schemaPath}]` : ""}\n`);
    }
  }
}
// Not process.exit(): it can cut off what is still being written to a pipe.
process.exitCode = ok ? 0 : 1;
