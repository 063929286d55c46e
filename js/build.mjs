// Builds the two variants of the tag template from src/divolte.js (tag.md §1):
//   --readable <file>: the source as is (served with javascript.debug = true);
//   --minified <file>: minified by terser for ES5.
// Both must be ES5 (checked with acorn) and contain every constant placeholder of tag.md §2,
// which the collector replaces with the configured values at start-up.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';
import { minify } from 'terser';

export const PLACEHOLDERS = [
  'PARTY_COOKIE_NAME', 'PARTY_ID_TIMEOUT_SECONDS', 'SESSION_COOKIE_NAME',
  'SESSION_ID_TIMEOUT_SECONDS', 'COOKIE_DOMAIN', 'COOKIE_SAME_SITE', 'COOKIE_SECURE', 'LOGGING',
  'SCRIPT_NAME', 'EVENT_SUFFIX', 'AUTO_PAGE_VIEW_EVENT', 'EVENT_TIMEOUT_SECONDS',
].map((name) => `__DIVOLTE_${name}__`);

export const SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'src', 'divolte.js');

function check(label, code) {
  parse(code, { ecmaVersion: 5, sourceType: 'script' });
  for (const token of PLACEHOLDERS) {
    if (!code.includes(token)) throw new Error(`${label}: placeholder ${token} is missing`);
  }
}

export async function buildMinified(source) {
  const result = await minify(source, {
    ecma: 5,
    ie8: false,
    compress: { passes: 3, unsafe_comps: false, pure_getters: false },
    mangle: true,
    format: { ascii_only: true, comments: false },
  });
  return result.code;
}

async function main(args) {
  const source = readFileSync(SOURCE, 'utf8');
  check('src/divolte.js', source);
  for (let i = 0; i < args.length; i += 2) {
    if (args[i] === '--readable') {
      writeFileSync(args[i + 1], source);
    } else if (args[i] === '--minified') {
      const code = await buildMinified(source);
      check('minified', code);
      writeFileSync(args[i + 1], code);
    } else {
      throw new Error(`unknown argument ${args[i]}`);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`js/build.mjs: ${error.message}`);
    process.exit(1);
  });
}
