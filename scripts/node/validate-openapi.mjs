// Validates each OpenAPI document named on the command line: swagger-parser checks it against the OpenAPI schema
// ($refs, parameters, types), and the rule the schema leaves out is checked here: component names must match
// ^[a-zA-Z0-9.\-_]+$ (OpenAPI 3.0 and 3.1, "Components Object"). Prints "valid FILE" or "invalid FILE: why";
// exits 1 when one is invalid.
import { readFile } from "node:fs/promises";
import SwaggerParser from "@apidevtools/swagger-parser";

const componentName = /^[a-zA-Z0-9.\-_]+$/;

function badComponentNames(document) {
  const bad = [];
  for (const [kind, entries] of Object.entries(document.components ?? {})) {
    for (const name of Object.keys(entries ?? {})) {
      if (!componentName.test(name)) bad.push(`components.${kind}.${name}`);
    }
  }
  return bad;
}

let failed = false;
for (const file of process.argv.slice(2)) {
  try {
    const bad = badComponentNames(JSON.parse(await readFile(file, "utf8")));
    if (bad.length > 0) throw new Error(`component names not allowed by OpenAPI: ${bad.join(", ")}`);
    await SwaggerParser.validate(file);
    console.log(`valid ${file}`);
  } catch (error) {
    failed = true;
    console.log(`invalid ${file}: ${error.message}`);
  }
}
process.exit(failed ? 1 : 0);
