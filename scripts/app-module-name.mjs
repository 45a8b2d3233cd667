// Gives the app module (src/shell.rs: kafka-lab-app.js and kafka-lab-app_bg.wasm, which Trunk
// writes under a fixed name) a content-hashed name, as Trunk does for the page's own files, so
// that a course site can let browsers cache every file but index.html forever. index.html's
// loader (window.kafkaLab) and the glue's default wasm URL follow the new name.
import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const NAME = 'kafka-lab-app';

/** Renames the app module in `dir` to `kafka-lab-app-<hash>` and rewrites the references. */
export async function hashAppModule(dir) {
  const index = join(dir, 'index.html');
  let html = await readFile(index, 'utf8');
  const glueFile = `${NAME}.js`;
  const wasmFile = `${NAME}_bg.wasm`;
  if (!html.includes(`'./${glueFile}'`)) {
    console.log('app module: already renamed');
    return;
  }
  const glue = await readFile(join(dir, glueFile), 'utf8');
  const wasm = await readFile(join(dir, wasmFile));
  const hash = createHash('sha256').update(glue).update(wasm).digest('hex').slice(0, 16);
  const named = `${NAME}-${hash}`;
  for (const file of [glueFile, wasmFile]) {
    if (!html.includes(`'./${file}'`)) throw new Error(`app module: index.html does not load ./${file}`);
    html = html.replace(`'./${file}'`, () => `'./${file.replace(NAME, named)}'`);
  }
  await writeFile(join(dir, `${named}.js`), glue.replaceAll(wasmFile, `${named}_bg.wasm`));
  await rename(join(dir, wasmFile), join(dir, `${named}_bg.wasm`));
  await rm(join(dir, glueFile));
  await writeFile(index, html);
  console.log(`app module: ${named}.js, ${named}_bg.wasm`);
}
