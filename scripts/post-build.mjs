// Trunk's post_build hook (Trunk.toml), run in this directory after every build: in a release
// build, the home view prerendered into index.html (scripts/prerender.mjs), then the one-file
// offline copy (scripts/offline-file.mjs), both written into Trunk's staging folder
// (TRUNK_STAGING_DIR), which Trunk then moves to dist/. By hand: `node scripts/post-build.mjs DIST`.
import { writeOfflineFile } from './offline-file.mjs';
import { prerender } from './prerender.mjs';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('usage: node scripts/post-build.mjs DIST (or run by Trunk as a post_build hook)');
  process.exit(2);
}
if (!process.argv[2] && process.env.TRUNK_PROFILE !== 'release') {
  // A debug build's wasm is tens of MB: the dev server goes without either.
  console.log(`post-build: skipped in a ${process.env.TRUNK_PROFILE} build`);
} else {
  await prerender(dir);
  await writeOfflineFile(dir);
}
