// The one place the page tests get @playwright/test from.
//
// The runner (node_modules/.bin/playwright) is installed outside the
// repository (`cargo xtask` puts it in target/tools/playwright-test/, a hand
// run anywhere else) and NODE_PATH names its node_modules. ES modules ignore
// NODE_PATH, so `import '@playwright/test'` from tests/playwright/ would not
// resolve; a CommonJS `require` does. The copy loaded must be the runner's own
// (two copies of Playwright Test refuse to work together), so the lookup is:
// next to the running CLI first (process.argv[1] is the runner's bin or a
// file of its playwright package, in the main process and in its workers),
// then NODE_PATH, then this folder upwards (a node_modules in the repository).

import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

function find(name, how) {
  const bases = [
    ...(process.argv[1] ? [process.argv[1]] : []),
    ...(process.env.NODE_PATH || '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'noop.js')),
    import.meta.url,
  ];
  const tried = [];
  for (const base of bases) {
    try {
      const require = createRequire(base);
      return how === 'resolve' ? require.resolve(name) : require(name);
    } catch (e) {
      if (e.code !== 'MODULE_NOT_FOUND') throw e;
      tried.push(base);
    }
  }
  throw new Error(
    `cannot find ${name} (looked from ${tried.join(', ')}); install it and set NODE_PATH to its node_modules ` +
      '(e.g. NODE_PATH=target/tools/playwright-test/node_modules)',
  );
}

/// The path of a file of a package the tests need (axe-core/axe.min.js),
/// found the same way.
export const resolvePackage = (name) => find(name, 'resolve');

const pw = find('@playwright/test', 'require');
export const { test, expect, defineConfig } = pw;
