/**
 * The design card: machines are pure modules, importable without React,
 * axios or JupyterLab, and take Globus data types only as types.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

const dir = join(__dirname, '../../src/machines');
const files = readdirSync(dir).filter(name => name.endsWith('.ts'));

function imports(source: string): Array<{ typeOnly: boolean; from: string }> {
  const found: Array<{ typeOnly: boolean; from: string }> = [];
  const pattern = /^import\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gms;
  for (const match of source.matchAll(pattern)) {
    found.push({ typeOnly: Boolean(match[1]), from: match[2] });
  }
  return found;
}

describe('src/machines', () => {
  it('has machine files to check', () => {
    expect(files).toEqual(expect.arrayContaining(['auth.machine.ts', 'wizard.machine.ts']));
  });

  it.each(files)('%s imports only xstate, its siblings, and API types as types', file => {
    for (const { typeOnly, from } of imports(readFileSync(join(dir, file), 'utf8'))) {
      if (from === 'xstate' || from.startsWith('./')) {
        continue;
      }
      expect({ file, from, typeOnly }).toEqual({ file, from: '../api/types', typeOnly: true });
    }
  });
});
