// Compile every schema in a folder with ajv in strict mode (draft 2020-12,
// with ajv-formats), then validate the documents read from standard input
// (a JSON array of [schema $id, document] pairs) and print a JSON array of
// verdicts. Exits 1 when a schema does not compile.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const folder = process.argv[2];
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const ids = readdirSync(folder)
  .filter((n) => n.endsWith(".json"))
  .map((name) => JSON.parse(readFileSync(join(folder, name), "utf8")));
for (const schema of ids) ajv.addSchema(schema);
for (const schema of ids) ajv.getSchema(schema.$id); // compiles now: strict mode throws here
const pairs = JSON.parse(readFileSync(0, "utf8"));
const verdicts = pairs.map(([id, document]) => {
  const validate = ajv.getSchema(id);
  if (!validate) throw new Error(`no schema ${id}`);
  return validate(document);
});
process.stdout.write(JSON.stringify(verdicts));
