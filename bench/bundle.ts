/**
 * `npm run bench:bundle`: build the labextension in production mode (the same
 * webpack configuration `build-labextension` uses, run here to get its chunk
 * graph) and print the bytes, raw and gzip, of every file a browser downloads
 * for it, split into:
 * - start-up: remoteEntry plus the chunks of the `./extension` and `./style`
 *   modules, which JupyterLab loads before it shows anything;
 * - first use: the runtime and the React UI, loaded by the first command or
 *   the first look at the side panel;
 * - debugging only: the XState inspector, loaded only when asked.
 *
 * Targets (issue #4): < 150 KB gzip in all, < 40 KB gzip at start-up.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import webpack from 'webpack';
import generateConfig from '@jupyterlab/builder/lib/extensionConfig';

const ROOT = resolve(__dirname, '..');
const OUTPUT = join(ROOT, 'labextension', 'static');
const KB = 1024;
const TARGET_TOTAL_GZIP = 150 * KB;
const TARGET_STARTUP_GZIP = 40 * KB;

type Phase = 'start-up' | 'first use' | 'debugging only';

interface IFileSize {
  file: string;
  phase: Phase;
  raw: number;
  gzip: number;
}

function compile(): Promise<webpack.StatsCompilation> {
  const configs = generateConfig({
    packagePath: ROOT,
    corePath: join(ROOT, 'harness', 'app'),
    mode: 'production'
  });
  return new Promise((done, fail) => {
    webpack(configs, (error, stats) => {
      if (error || !stats) {
        fail(error ?? new Error('webpack gave no stats'));
        return;
      }
      if (stats.hasErrors()) {
        fail(new Error(stats.toString({ all: false, errors: true })));
        return;
      }
      const options = { all: false, ids: true, chunks: true, chunkOrigins: true, assets: true };
      const json = stats.toJson(options);
      // A multi-compiler run nests each compilation under `children`.
      done(json.children?.[0] ?? json);
    });
  });
}

/** The chunk ids JupyterLab loads through `./extension` and `./style` (read from remoteEntry). */
function startupChunkIds(remoteEntry: string): Set<string> {
  const ids = new Set<string>();
  for (const expose of ['./extension', './style']) {
    const match = remoteEntry.match(
      new RegExp(`"${expose.replace('.', '\\.')}":\\(\\)=>([^}]*?)\\.then`)
    );
    if (!match) {
      throw new Error(`remoteEntry does not expose ${expose}: cannot tell what loads at start-up`);
    }
    for (const id of match[1].matchAll(/\.e\((\d+)\)/g)) {
      ids.add(id[1]);
    }
  }
  return ids;
}

/** Chunks that only the inspector's dynamic import reaches. */
function inspectorChunkIds(stats: webpack.StatsCompilation): Set<string> {
  const ids = new Set<string>();
  for (const chunk of stats.chunks ?? []) {
    const origins = chunk.origins ?? [];
    if (origins.length > 0 && origins.every(origin => origin.request === '@statelyai/inspect')) {
      ids.add(String(chunk.id));
    }
  }
  return ids;
}

function gzipSize(bytes: Buffer): number {
  // Tornado (Jupyter's server) compresses with level 6.
  return gzipSync(bytes, { level: 6 }).length;
}

function format(bytes: number): string {
  return `${(bytes / KB).toFixed(1)} KB`;
}

async function main(): Promise<void> {
  console.log('Building lib/ (tsc) and the labextension (webpack, production)…');
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.lib.json'],
    {
      cwd: ROOT,
      stdio: 'inherit'
    }
  );
  const started = Date.now();
  const stats = await compile();
  console.log(`webpack: ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const files = readdirSync(OUTPUT).filter(file => file.endsWith('.js'));
  const remoteEntryFile = files.find(file => file.startsWith('remoteEntry.'));
  if (!remoteEntryFile) {
    throw new Error(`no remoteEntry.*.js in ${OUTPUT}`);
  }
  const startup = startupChunkIds(readFileSync(join(OUTPUT, remoteEntryFile), 'utf8'));
  const inspector = inspectorChunkIds(stats);
  // Files are named `<chunk id>.<hash>.js`; only files webpack just emitted count.
  const emitted = new Set((stats.assets ?? []).map(asset => asset.name.split('?')[0]));
  const sizes: IFileSize[] = files
    .filter(file => emitted.has(file))
    .map(file => {
      const bytes = readFileSync(join(OUTPUT, file));
      const id = file.split('.')[0];
      const phase: Phase =
        file === remoteEntryFile || file === 'style.js' || startup.has(id)
          ? 'start-up'
          : inspector.has(id)
            ? 'debugging only'
            : 'first use';
      return { file, phase, raw: bytes.length, gzip: gzipSize(bytes) };
    })
    .sort((a, b) => a.phase.localeCompare(b.phase) || b.gzip - a.gzip);

  console.log('\nfile                                         phase            raw        gzip');
  for (const size of sizes) {
    console.log(
      `${size.file.padEnd(45)}${size.phase.padEnd(17)}${format(size.raw).padStart(9)}  ${format(size.gzip).padStart(9)}`
    );
  }
  const sum = (phases: Phase[], key: 'raw' | 'gzip') =>
    sizes.filter(size => phases.includes(size.phase)).reduce((total, size) => total + size[key], 0);
  const startupGzip = sum(['start-up'], 'gzip');
  const usedGzip = sum(['start-up', 'first use'], 'gzip');
  const allGzip = sum(['start-up', 'first use', 'debugging only'], 'gzip');
  console.log(
    `\nstart-up:                ${format(sum(['start-up'], 'raw'))} raw, ${format(startupGzip)} gzip (target < 40 KB)`
  );
  console.log(
    `start-up + first use:    ${format(sum(['start-up', 'first use'], 'raw'))} raw, ${format(usedGzip)} gzip`
  );
  console.log(
    `everything (+ inspector): ${format(sum(['start-up', 'first use', 'debugging only'], 'raw'))} raw, ${format(allGzip)} gzip (target < 150 KB)`
  );
  const failures = [
    startupGzip >= TARGET_STARTUP_GZIP ? 'start-up is over 40 KB gzip' : null,
    allGzip >= TARGET_TOTAL_GZIP ? 'the total is over 150 KB gzip' : null
  ].filter(Boolean);
  if (failures.length > 0) {
    console.error(`\nFAILED: ${failures.join('; ')}`);
    process.exitCode = 1;
  } else {
    console.log('\nBoth targets met.');
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
