// @ts-check
// ESLint flat config (`npm run lint`, part of `npm test`). Plain JavaScript so that ESLint 9 loads it without a
// TypeScript loader; `@ts-check` still type-checks it in an editor. Every rule here is an error: the code holds them
// with zero findings, and there is no list of exceptions.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

// The layers of src/, bottom to top: a layer imports only the layers below it (files in one folder may import each
// other). Edit this list, and only this list, when a layer is added or moved. src/testing/ and *.test.ts files are
// exempt from the layer order; src/zodWithoutEval.ts, imported first by the entry points, is in no layer.
export const LAYERS = [
  'src/contracts',
  'src/model',
  'src/db',
  'src/api',
  'src/reader',
  'src/settings',
  'src/guestlist',
  'src/door',
  'src/outbox',
  'src/sync',
  'src/feeds',
  'src/reports',
  'src/readiness',
  'src/engine',
  'src/ui',
  'src/app',
  'src/sw.ts',
];

const SCREENS = ['src/app', 'src/ui'];
const ENGINE = LAYERS.filter((layer) => !SCREENS.includes(layer));
/** @param {string} path a folder or a file of src/ */
const filesOf = (path) => (path.endsWith('.ts') ? [path] : [`${path}/**`]);
const TESTS = ['**/*.test.ts', '**/*.test.tsx'];

/**
 * The zones of import-x/no-restricted-paths (paths relative to the repository, matched on the file an import resolves
 * to, so `../db/tables.ts` and `../../src/db/tables.ts` are the same import).
 * @param {{ test: boolean }} which test: for tests and src/testing, which are exempt from the layer order and may start
 *   the demo servers.
 */
function restrictedPathZones({ test }) {
  /** @type {{ target: string | string[], from: string | string[], except?: string[], message: string }[]} */
  const zones = [
    // (a) the engine knows nothing of the screens.
    ...ENGINE.map((layer) => ({
      target: `./${layer}`,
      from: ['./src/app', './src/ui'],
      message: 'The engine imports nothing from the screens (src/app, src/ui): the screens call the engine.',
    })),
    ...ENGINE.map((layer) => ({
      target: `./${layer}`,
      from: './src/**/*.tsx',
      message: 'The engine imports no .tsx (React) file.',
    })),
    // The servers share only the pure parts of src/ with the device.
    {
      target: './server',
      from: './src',
      except: ['./contracts', './model', './api', './guestlist'],
      message: 'The servers import only src/contracts, src/model, src/api and src/guestlist from the device code.',
    },
  ];
  if (!test) {
    zones.push({
      target: './src',
      from: './server',
      message: 'The device code imports nothing from server/ (its tests may start the demo servers).',
    });
  }
  // (b) the screens reach the database only through the engine.
  zones.push({
    target: SCREENS.map((folder) => `./${folder}`),
    from: './src/db',
    message: 'The screens (src/app, src/ui) import nothing from src/db: ask the engine (src/engine).',
  });
  if (!test) {
    // (c) a layer imports only the layers below it.
    LAYERS.forEach((layer, index) => {
      const above = LAYERS.slice(index + 1);
      if (above.length === 0) return;
      zones.push({
        target: `./${layer}`,
        from: above.map((path) => `./${path}`),
        message: `${layer} imports only the layers below it (see LAYERS in eslint.config.js): not ${above.join(', ')}.`,
      });
    });
  }
  return zones;
}

const REACT = ['react', 'react/*', 'react-dom', 'react-dom/*', 'dexie-react-hooks', 'dexie-react-hooks/*'];
const DEXIE = ['dexie', 'dexie/*', 'dexie-react-hooks', 'dexie-react-hooks/*'];

export default defineConfig(
  {
    ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'e2e/.artifacts/**', 'bench/.dist/**', 'bench/.artifacts/**', 'bench/results/**', '.server-data/**'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    languageOptions: {
      parserOptions: {
        // Each file is typed by the nearest tsconfig.json: the root one (src, e2e, the tool configs), server/ and
        // bench/ have their own. src/sw.ts (tsconfig.sw.json) gets its own block below; the scripts are plain JS.
        projectService: {
          allowDefaultProject: ['eslint.config.js', 'scripts/*.mjs'],
        },
        tsconfigRootDir: ROOT,
      },
    },
    plugins: { 'import-x': importX },
    settings: {
      // import-x reads the files an import leads to (for no-cycle) with the TypeScript parser, and resolves this
      // repository's explicit `.ts` suffixes with its own Node resolver: no TypeScript resolver package is needed.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs'] })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // A leading underscore marks a name left unused on purpose (a property taken out of an object by destructuring).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: restrictedPathZones({ test: false }) }],
    },
  },
  {
    files: ['src/sw.ts'],
    languageOptions: {
      parserOptions: { projectService: false, project: './tsconfig.sw.json', tsconfigRootDir: ROOT },
    },
  },
  {
    // (a) React stays out of the engine.
    files: ENGINE.flatMap(filesOf),
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: REACT, message: 'The engine imports nothing from React: the screens (src/app, src/ui) do.' }] }],
    },
  },
  {
    // (b) the screens do not open the database themselves.
    files: SCREENS.flatMap(filesOf),
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: DEXIE, message: 'The screens import nothing from Dexie: the engine (src/engine) gives them live data.' }] }],
    },
  },
  {
    // Tests and the test fixtures may reach across the layers (a test sets up the world below and above what it tests).
    files: ['src/testing/**', ...TESTS],
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: restrictedPathZones({ test: true }) }],
    },
  },
);
