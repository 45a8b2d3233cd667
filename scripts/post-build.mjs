// Trunk's post_build hook (Trunk.toml), run in this directory after every build: in a release
// build, the app module gets a content-hashed name (scripts/app-module-name.mjs), the home view
// is prerendered into index.html (scripts/prerender.mjs), the one-file offline copy is written
// (scripts/offline-file.mjs), then a gzip and a Brotli copy of every file (scripts/precompress.mjs),
// all in Trunk's staging folder (TRUNK_STAGING_DIR), which Trunk then moves to dist/.
// By hand: `node scripts/post-build.mjs DIST`.
import { hashAppModule } from './app-module-name.mjs';
import { writeOfflineFile } from './offline-file.mjs';
import { precompress } from './precompress.mjs';
import { prerender } from './prerender.mjs';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('usage: node scripts/post-build.mjs DIST (or run by Trunk as a post_build hook)');
  process.exit(2);
}
if (!process.argv[2] && process.env.TRUNK_PROFILE !== 'release') {
  // A debug build's wasm is tens of MB: the dev server goes without any of it.
  console.log(`post-build: skipped in a ${process.env.TRUNK_PROFILE} build`);
} else {
  await hashAppModule(dir);
  await prerender(dir);
  await writeOfflineFile(dir);
  await precompress(dir);
}
