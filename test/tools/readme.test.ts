/**
 * The README is what a newcomer reads first: its configuration table must name every variable
 * the full reference (docs/configuration.md) documents, and the two commands it promises must
 * be real npm scripts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(repo, file), 'utf8');

/** Variable names in backticks in the first column of a markdown table. */
function documentedVariables(markdown: string): Set<string> {
  const names = new Set<string>();
  for (const line of markdown.split('\n')) {
    const firstCell = /^\|([^|]+)\|/.exec(line)?.[1] ?? '';
    for (const match of firstCell.matchAll(/`([A-Z][A-Z0-9_]+)`/g)) {
      names.add(match[1]);
    }
  }
  return names;
}

describe('README', () => {
  const readme = read('README.md');

  it('lists every variable of the configuration reference', () => {
    const reference = documentedVariables(read('docs/configuration.md'));
    expect(reference.size).toBeGreaterThan(15);
    const missing = [...reference].filter(name => !documentedVariables(readme).has(name));
    expect(missing).toEqual([]);
  });

  it('promises only commands that exist', () => {
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
    for (const command of ['npm test', 'npm run demo', 'npm run sandbox', 'npm start']) {
      expect(readme).toContain(command);
    }
    for (const script of [
      'test',
      'demo',
      'sandbox',
      'start',
      'bench:server',
      'bench:bundle',
      'bench:listing'
    ]) {
      expect(scripts[script]).toBeDefined();
    }
  });

  it('shows a screenshot that exists', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map(m => m[1]);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      expect(fs.existsSync(path.join(repo, image))).toBe(true);
    }
  });
});
