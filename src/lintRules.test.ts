// The import rules of eslint.config.js can fail: small snippets linted as if they were files of src/ (ESLint's lintText
// with the path of a real file, so the type-aware rules see it in its project) are reported, a correct one is not.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
let eslint: ESLint;

/** What the lint says of `code` linted as the file at `path` (relative to the repository): `rule: message` lines. */
async function findings(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${path}` });
  expect(result?.fatalErrorCount, JSON.stringify(result?.messages)).toBe(0);
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'fatal'}: ${message.message}`);
}

/** The rules that report `code` linted as the file at `path`. */
const rulesReporting = async (path: string, code: string): Promise<string[]> => (await findings(path, code)).map((line) => line.split(':')[0] ?? line);

beforeAll(async () => {
  eslint = new ESLint({ cwd: ROOT });
  // The first type-aware lint loads the whole TypeScript project (seconds on a loaded machine); the tests after it reuse it.
  await rulesReporting('src/sync/syncPass.ts', 'export const loaded = true;\n');
}, 120_000);

describe('lint rules', () => {
  it('keep React out of the engine', async () => {
    expect(await rulesReporting('src/sync/syncPass.ts', "import { useState } from 'react';\nexport const hook = useState;\n")).toContain('no-restricted-imports');
    expect(await rulesReporting('src/door/decideScan.ts', "import { PinPad } from '../ui/PinPad.tsx';\nexport const pad = PinPad;\n")).toContain('import-x/no-restricted-paths');
  });

  it('keep the database out of the screens', async () => {
    expect(await rulesReporting('src/app/MainMenu.tsx', "import type { ScanRow } from '../db/tables.ts';\nexport type Row = ScanRow;\n")).toEqual(['import-x/no-restricted-paths']);
    expect(await rulesReporting('src/ui/PinPad.tsx', "import { Dexie } from 'dexie';\nexport const db = Dexie;\n")).toEqual(['no-restricted-imports']);
  });

  it('keep each layer to the layers below it', async () => {
    // src/reports is far above src/model; nothing it imports leads back to verdict.ts's own file, so no cycle either.
    expect(await findings('src/model/verdict.ts', "import { DOOR_COUNTS } from '../reports/doorCounts.ts';\nexport const counts = DOOR_COUNTS;\n")).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*src\/model imports only the layers below it/),
    ]);
  });

  it('find a floating promise', async () => {
    const code = 'async function send(): Promise<void> {}\nexport function sendNow(): void {\n  send();\n}\n';
    expect(await rulesReporting('src/outbox/outbox.ts', code)).toEqual(['@typescript-eslint/no-floating-promises']);
  });

  it('find a two-file import cycle', async () => {
    // parsePayload.ts imports looksLikeSetupCode from setupCodeShape.ts: importing it back closes a cycle.
    const code = "import { parsePayload } from '../model/parsePayload.ts';\nexport const parse = parsePayload;\n";
    expect(await rulesReporting('src/contracts/setupCodeShape.ts', code)).toContain('import-x/no-cycle');
  });

  it('pass a file that keeps them all', async () => {
    const code = [
      "import type { Verdict } from '../model/verdict.ts';",
      "import { parsePayload } from '../model/parsePayload.ts';",
      'async function send(verdict: Verdict): Promise<string> {',
      '  return verdict.kind;',
      '}',
      'export async function sendNow(verdict: Verdict): Promise<string> {',
      '  return `${await send(verdict)} ${String(parsePayload)}`;',
      '}',
      '',
    ].join('\n');
    expect(await rulesReporting('src/sync/syncPass.ts', code)).toEqual([]);
  });
});
