/**
 * The plain-bash/Node helpers behind `npm test` and `npm run demo`: the final summary line, the
 * "is node_modules current?" check that decides on `npm ci`, and the system-package script.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, tempDir } from './installer-fixtures';

const SUMMARIZE = path.join(REPO, 'scripts', 'summarize-tests.cjs');
const CURRENT = path.join(REPO, 'scripts', 'node-modules-current.cjs');

describe('summarize-tests', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir('summary')));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const jestReport = (name: string, report: object): string => {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(report));
    return file;
  };
  const summarize = (rows: Array<[string, number, string]>) => {
    const stages = path.join(dir, 'stages.tsv');
    fs.writeFileSync(
      stages,
      rows.map(([name, status, json]) => `${name}\t${status}\t${json}\t1\n`).join('')
    );
    const run = spawnSync(process.execPath, [SUMMARIZE, stages], { encoding: 'utf8' });
    const lines = run.stdout.trim().split('\n');
    return { status: run.status, last: lines[lines.length - 1], lines };
  };

  it('sums the checks and the jest tests into one last line', () => {
    const unit = jestReport('unit', {
      numPassedTests: 40,
      numFailedTests: 0,
      numRuntimeErrorTestSuites: 0
    });
    const e2e = jestReport('e2e', {
      numPassedTests: 9,
      numFailedTests: 0,
      numRuntimeErrorTestSuites: 0
    });
    const result = summarize([
      ['lint', 0, '-'],
      ['typecheck', 0, '-'],
      ['unit', 0, unit],
      ['e2e', 0, e2e]
    ]);
    expect(result.last).toBe('51 passed, 0 failed');
    expect(result.status).toBe(0);
  });

  it('counts failed tests, suites that could not run, failed checks and missing reports', () => {
    const unit = jestReport('unit', {
      numPassedTests: 10,
      numFailedTests: 2,
      numRuntimeErrorTestSuites: 1
    });
    const result = summarize([
      ['lint', 1, '-'],
      ['typecheck', 0, '-'],
      ['unit', 1, unit],
      ['e2e', 1, path.join(dir, 'never-written.json')]
    ]);
    expect(result.last).toBe('11 passed, 5 failed');
    expect(
      result.lines.some(line => line.startsWith('e2e') && line.includes('jest wrote no report'))
    ).toBe(true);
    expect(result.status).toBe(1);
  });

  it('counts a jest run that failed without a failing test (e.g. no tests found)', () => {
    const e2e = jestReport('e2e', {
      numPassedTests: 0,
      numFailedTests: 0,
      numRuntimeErrorTestSuites: 0
    });
    const result = summarize([['e2e', 1, e2e]]);
    expect(result.last).toBe('0 passed, 1 failed');
    expect(result.status).toBe(1);
  });
});

describe('node-modules-current', () => {
  let repo: string;
  beforeEach(() => {
    repo = tempDir('lock');
    fs.mkdirSync(path.join(repo, 'scripts'));
    fs.copyFileSync(CURRENT, path.join(repo, 'scripts', 'node-modules-current.cjs'));
  });
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  const lock = (packages: Record<string, object>) =>
    JSON.stringify({ lockfileVersion: 3, packages });
  const wanted = {
    '': { name: 'x' },
    'node_modules/a': { version: '1.0.0' },
    'node_modules/b': { version: '2.0.0', dev: true },
    'node_modules/@swc/core-darwin-arm64': { version: '1.0.0', optional: true }
  };
  const check = () =>
    spawnSync(process.execPath, [path.join(repo, 'scripts', 'node-modules-current.cjs')]).status;
  const install = (packages: Record<string, object>) => {
    fs.mkdirSync(path.join(repo, 'node_modules'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'node_modules', '.package-lock.json'), lock(packages));
  };

  beforeEach(() => fs.writeFileSync(path.join(repo, 'package-lock.json'), lock(wanted)));

  it('asks for npm ci when node_modules was never installed', () => {
    expect(check()).toBe(1);
  });

  it('accepts node_modules that matches the lockfile, other platforms’ optional packages aside', () => {
    install({ 'node_modules/a': { version: '1.0.0' }, 'node_modules/b': { version: '2.0.0' } });
    expect(check()).toBe(0);
  });

  it('asks for npm ci when a version differs or a package is missing', () => {
    install({ 'node_modules/a': { version: '1.0.1' }, 'node_modules/b': { version: '2.0.0' } });
    expect(check()).toBe(1);
    install({ 'node_modules/a': { version: '1.0.0' } });
    expect(check()).toBe(1);
  });

  it('matches the real tree here (the suite itself runs on it)', () => {
    expect(spawnSync(process.execPath, [CURRENT]).status).toBe(0);
  });
});

describe('setup-system.sh', () => {
  const SCRIPT = path.join(REPO, 'scripts', 'setup-system.sh');

  it('does nothing, silently, when the packages are installed', () => {
    // The script's own list: a package missing here would make this test run apt-get.
    const list = /^PACKAGES=\(([^)]*)\)$/m.exec(fs.readFileSync(SCRIPT, 'utf8'))?.[1];
    const packages = list?.trim().split(/\s+/) ?? [];
    expect(packages).toEqual(expect.arrayContaining(['python3-jupyter-server', 'chromium']));
    const installed = packages.every(
      name =>
        spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout ===
        'install ok installed'
    );
    // npm test runs the script before any suite, so on a machine where the suite runs they are.
    expect(installed).toBe(true);
    const run = spawnSync('bash', [SCRIPT], { encoding: 'utf8' });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 0,
      stdout: '',
      stderr: ''
    });
  });
});
