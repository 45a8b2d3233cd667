// Gives the modules that index.html's loader fetches later (src/shell.rs: kafka-lab-app and
// kafka-lab-playground, each a .js glue and a _bg.wasm, which Trunk writes under fixed names) a
// content-hashed name, as Trunk does for the page's own files, so that a course site can let
// browsers cache every file but index.html forever. index.html's loader (window.kafkaLab) and
// each glue's default wasm URL follow the new names.
import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The modules loaded later, by the name Trunk gives their files. */
export const LATER_MODULES = ['kafka-lab-app', 'kafka-lab-playground'];

/** Renames each later module in `dir` to `<name>-<hash>` and rewrites the references. */
export async function hashAppModule(dir) {
  const index = join(dir, 'index.html');
  let html = await readFile(index, 'utf8');
  for (const name of LATER_MODULES) {
    const glueFile = `${name}.js`;
    const wasmFile = `${name}_bg.wasm`;
    if (!html.includes(`'./${glueFile}'`)) {
      console.log(`${name}: already renamed`);
      continue;
    }
    const glue = await readFile(join(dir, glueFile), 'utf8');
    const wasm = await readFile(join(dir, wasmFile));
    const hash = createHash('sha256').update(glue).update(wasm).digest('hex').slice(0, 16);
    const named = `${name}-${hash}`;
    for (const file of [glueFile, wasmFile]) {
      if (!html.includes(`'./${file}'`)) throw new Error(`${name}: index.html does not load ./${file}`);
      html = html.replace(`'./${file}'`, () => `'./${file.replace(name, named)}'`);
    }
    await writeFile(join(dir, `${named}.js`), glue.replaceAll(wasmFile, `${named}_bg.wasm`));
    await rename(join(dir, wasmFile), join(dir, `${named}_bg.wasm`));
    await rm(join(dir, glueFile));
    console.log(`${name}: ${named}.js, ${named}_bg.wasm`);
  }
  await writeFile(index, html);
}
