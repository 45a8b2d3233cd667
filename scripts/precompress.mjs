// Writes a gzip (.gz) and a Brotli (.br) copy beside every file of the built site, for static
// hosts that serve a pre-compressed copy when the browser accepts it (nginx's gzip_static and
// brotli_static, Caddy's precompressed, Netlify, GitHub Pages compresses by itself). Both at
// their highest levels: the build compresses once, every visitor downloads less.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** A pre-compressed copy's suffix; such copies are never compressed again nor weighed as pages. */
export const COMPRESSED = /\.(gz|br)$/;

/** Writes `name.gz` and `name.br` beside each file of `dir`. */
export async function precompress(dir) {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && !COMPRESSED.test(entry.name))
    .map((entry) => entry.name);
  for (const name of names) {
    const body = await readFile(join(dir, name));
    await writeFile(join(dir, `${name}.gz`), gzipSync(body, { level: 9 }));
    const brotli = brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
    await writeFile(join(dir, `${name}.br`), brotli);
  }
  console.log(`precompress: .gz and .br copies of ${names.length} files in ${dir}`);
}
