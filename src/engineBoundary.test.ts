// DESIGN.md: domain, db, api, sync and scan never import React code. This scan of import lines keeps it so.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('.', import.meta.url).pathname;
const ENGINE_FOLDERS = ['contracts', 'db', 'api', 'reader', 'door', 'guestlist', 'outbox', 'sync', 'feeds', 'reports', 'readiness', 'settings', 'engine'];
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? filesUnder(path) : /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

export function reactImports(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(IMPORT)) {
    const target = match[1] ?? match[2] ?? '';
    if (/^(react|react-dom|dexie-react-hooks)(\/|$)/.test(target) || /\.tsx$/.test(target) || /(^|\/)(app|ui)\//.test(target)) found.push(target);
  }
  return found;
}

describe('engine boundary', () => {
  it('finds React imports when they are there (the check can fail)', () => {
    expect(reactImports("import { useState } from 'react';\nimport x from '../ui/Thing.tsx';")).toEqual(['react', '../ui/Thing.tsx']);
  });

  it.each(ENGINE_FOLDERS)('src/%s imports nothing from React or the UI', (folder) => {
    const offenders = filesUnder(join(SRC, folder)).flatMap((file) =>
      reactImports(readFileSync(file, 'utf8')).map((target) => `${relative(SRC, file)} -> ${target}`),
    );
    expect(offenders).toEqual([]);
    expect(filesUnder(join(SRC, folder)).some((file) => file.endsWith('.tsx'))).toBe(false);
  });
});
