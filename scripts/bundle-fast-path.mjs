#!/usr/bin/env node
// Part of `npm run build`, after tsc: bundles out/app/cli/fast-token.js and fast-status.js (the `token` and
// `status` commands, the same modules main.js loads) each into one CommonJS file, out/app/cli/fast-token.cjs
// and fast-status.cjs, which the launcher requires. Why: Node's ES module loader costs ~9 ms to start and
// 1-2 ms per file, and `token` runs on every Claude Code apiKeyHelper call; one CommonJS file skips both,
// and one per command keeps `status`'s settings service out of `token`'s. Rolldown (the bundler Vite 8 is
// built on) does the work, so there is no second copy of any command's logic.
// Dynamic imports stay lazy: relative ones (the token client, the port-owner lookup) remain `import()` of
// the ES modules beside the bundle, and packages (the keyring's native binding) become a lazy require().
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'out', 'app', 'cli');
/** The commands the launcher answers from a bundle; it requires out/app/cli/fast-<name>.cjs. */
const COMMANDS = ['token', 'status'];
const LAZY_REQUIRE = '\0lazy-require:';

/** Keeps what the commands load only on their rare paths out of the bundle, and still loaded lazily. */
const lazyImports = {
  name: 'lazy-imports',
  resolveId(id, importer, options) {
    // The package itself, required from the lazy wrapper below, is loaded from node_modules at run time.
    if (importer?.startsWith(LAZY_REQUIRE)) return { id, external: true };
    if (options.kind !== 'dynamic-import' || id.startsWith('node:')) return null;
    if (id.startsWith('.')) {
      // Written relative to the bundle, which sits in out/app/cli/, so it finds the same compiled file.
      const target = relative(outDir, resolve(dirname(importer), id)).split('\\').join('/');
      return { id: target.startsWith('.') ? target : `./${target}`, external: true };
    }
    return `${LAZY_REQUIRE}${id}`;
  },
  load(id) {
    // A CommonJS package through require(): import() would start the ES module loader this bundle avoids.
    if (id.startsWith(LAZY_REQUIRE)) return `module.exports = require(${JSON.stringify(id.slice(LAZY_REQUIRE.length))});`;
    return null;
  },
};

// Earlier builds made one bundle for both commands: an out/ folder built over keeps no stale copy of it.
rmSync(join(outDir, 'fast-path.cjs'), { force: true });

for (const name of COMMANDS) {
  const input = join(outDir, `fast-${name}.js`);
  const output = join(outDir, `fast-${name}.cjs`);
  if (!existsSync(input)) {
    console.error(`bundle-fast-path: ${relative(root, input)} is missing: run tsc -p tsconfig.node.json first.`);
    process.exit(1);
  }
  const bundle = await rolldown({
    input,
    platform: 'node',
    plugins: [lazyImports],
    external: [/^node:/],
    logLevel: 'warn',
  });
  await bundle.write({ file: output, format: 'cjs', codeSplitting: false });
  await bundle.close();

  // The launcher requires this file: an ES-module-only construct in it would fail at run time, so fail the build.
  const code = readFileSync(output, 'utf8');
  if (/\bimport\.meta\b/.test(code)) {
    console.error(`bundle-fast-path: ${relative(root, output)} uses import.meta, which CommonJS does not have. Keep it out of the ${name} path.`);
    process.exit(1);
  }
}
