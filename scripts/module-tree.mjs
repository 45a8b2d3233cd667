// Prints a crate's modules as a tree, one line each: the module and the first sentence of its
// `//!` doc comment (issue 13 asks the layout to be shown this way; the doc comments are the
// source, so the tree cannot drift from the code). Usage: node scripts/module-tree.mjs [src-dir...]
// (default: sim/src course/src src).
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** How much of a summary a line shows. */
const WIDTH = 150;

/** The first sentence of a file's leading `//!` comment, on one line. */
function summary(file) {
  const lines = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('//!')) break;
    lines.push(line.replace(/^\/\/! ?/, ''));
  }
  const paragraph = lines.join('\n').split(/\n\s*\n/)[0].replace(/\s+/g, ' ').trim();
  const sentence = (/^.*?\.(\s|$)/.exec(paragraph)?.[0] ?? paragraph).trim();
  return sentence.length <= WIDTH ? sentence : `${sentence.slice(0, WIDTH).replace(/\s+\S*$/, '')} …`;
}

/** The module file of `dir/name`: `name.rs`, or `name/mod.rs`. */
function moduleFile(dir, name) {
  const flat = join(dir, `${name}.rs`);
  return existsSync(flat) ? flat : join(dir, name, 'mod.rs');
}

/** The child modules of a module whose file is `file`: `mod x;` lines, in source order, but
 * not the test-only ones (`#[cfg(test)]`). */
function children(file) {
  const names = [...readFileSync(file, 'utf8').matchAll(/^(\s*#\[cfg\(test\)\]\s*\n)?\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;/gm)]
    .filter(([, test]) => !test)
    .map(([, , name]) => name);
  const own = basename(file) === 'mod.rs' || /\/(lib|main)\.rs$/.test(file)
    ? join(file, '..')
    : file.replace(/\.rs$/, '');
  return names.map((name) => [name, moduleFile(own, name)]);
}

function print(name, file, depth) {
  const lines = readFileSync(file, 'utf8').split('\n').length;
  console.log(`${'  '.repeat(depth)}${name} (${lines}): ${summary(file)}`);
  for (const [child, childFile] of children(file)) {
    if (existsSync(childFile)) print(child, childFile, depth + 1);
  }
}

const roots = process.argv.slice(2);
for (const dir of roots.length ? roots : ['sim/src', 'course/src', 'src']) {
  const root = ['lib.rs', 'main.rs'].map((f) => join(dir, f)).find(existsSync);
  if (!root) throw new Error(`${dir}: no lib.rs or main.rs`);
  print(dir, root, 0);
  console.log();
}
