// Writes harness/app/package.json: the JupyterLab 4.5 application description (the equivalent of
// JupyterLab's dev_mode/package.json for our lean set of core extensions).
//
// Why generated: `build-labextension --core-path harness/app` reads `dependencies`, `resolutions`
// and `jupyterlab.singletonPackages` from it to decide what the extension shares with the core
// (@jupyterlab/builder lib/extensionConfig.js). The @jupyterlab/* spec strings must be EXACTLY the
// root package.json's (npm `overrides` refuse a mismatch), and the third-party ranges are the ones
// JupyterLab's own packages declare, so the extension asks for nothing newer than JupyterLab 4.5 ships.
//
// Usage: node harness/tools/write-app-package.mjs   (then `npx prettier --write harness/app/package.json`)
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const readJson = file => JSON.parse(readFileSync(file, 'utf8'));
const root = readJson(join(repo, 'package.json'));

// The lean app: the core extensions installed at the root (services-extension is mandatory since
// 4.4, the ServiceManager comes from a plugin; theme-dark for the dark-theme scenario).
const CORE_EXTENSIONS = [
  'application-extension',
  'apputils-extension',
  'codemirror-extension',
  'completer-extension',
  'docmanager-extension',
  'documentsearch-extension',
  'filebrowser-extension',
  'fileeditor-extension',
  'hub-extension',
  'launcher-extension',
  'mainmenu-extension',
  'rendermime-extension',
  'services-extension',
  'shortcuts-extension',
  'statusbar-extension',
  'theme-dark-extension',
  'theme-light-extension',
  'translation-extension',
  'ui-components-extension'
].map(name => `@jupyterlab/${name}`);
const CORE_LIBRARIES = ['application', 'coreutils', 'services'].map(name => `@jupyterlab/${name}`);

// JupyterLab 4's dev_mode `jupyterlab.singletonPackages`: packages that must exist once per page.
const SINGLETONS = [
  '@codemirror/language',
  '@codemirror/state',
  '@codemirror/view',
  '@jupyter/ydoc',
  '@jupyter/react-components',
  '@jupyter/web-components',
  ...[
    'application',
    'apputils',
    'cell-toolbar',
    'codeeditor',
    'codemirror',
    'completer',
    'console',
    'coreutils',
    'debugger',
    'docmanager',
    'documentsearch',
    'filebrowser',
    'fileeditor',
    'imageviewer',
    'inspector',
    'launcher',
    'logconsole',
    'mainmenu',
    'markdownviewer',
    'metadataform',
    'notebook',
    'outputarea',
    'rendermime',
    'rendermime-interfaces',
    'services',
    'settingeditor',
    'settingregistry',
    'statedb',
    'statusbar',
    'terminal',
    'toc',
    'tooltip',
    'translation',
    'ui-components',
    'workspaces'
  ].map(name => `@jupyterlab/${name}`),
  '@lezer/common',
  '@lezer/highlight',
  ...[
    'algorithm',
    'application',
    'commands',
    'coreutils',
    'datagrid',
    'disposable',
    'domutils',
    'dragdrop',
    'messaging',
    'properties',
    'signaling',
    'virtualdom',
    'widgets'
  ].map(name => `@lumino/${name}`),
  '@microsoft/fast-element',
  '@microsoft/fast-foundation',
  'react',
  'react-dom',
  'yjs'
];

const THIRD_PARTY =
  /^(@lumino\/|@codemirror\/(language|state|view)$|@lezer\/(common|highlight)$|@jupyter\/(ydoc|react-components|web-components)$|@microsoft\/fast-(element|foundation)$|react$|react-dom$|yjs$|@rjsf\/)/;

const lowerBound = spec =>
  spec
    .replace(/^[\^~]/, '')
    .split('.')
    .map(Number);
const newer = (a, b) => {
  const [x, y] = [lowerBound(a), lowerBound(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i];
  return false;
};

// Third-party ranges: the highest simple range any installed @jupyterlab package declares.
const thirdParty = {};
const jlabDir = join(repo, 'node_modules', '@jupyterlab');
const installedJupyterlab = new Set(readdirSync(jlabDir).map(dir => `@jupyterlab/${dir}`));
const declaringPackages = [
  ...[...installedJupyterlab].map(name => join(repo, 'node_modules', name)),
  // fast-element reaches JupyterLab only through the toolkit.
  join(repo, 'node_modules', '@jupyter', 'web-components')
];
for (const dir of declaringPackages) {
  const pkg = readJson(join(dir, 'package.json'));
  for (const [name, spec] of Object.entries(pkg.dependencies ?? {})) {
    if (!THIRD_PARTY.test(name) || !/^\^\d+\.\d+\.\d+$/.test(spec)) continue;
    if (!thirdParty[name] || newer(spec, thirdParty[name])) thirdParty[name] = spec;
  }
}
// fast-foundation 2.50 loops forever in DesignToken (microsoft/fast#7057); JupyterLab pins 2.49.4.
thirdParty['@microsoft/fast-foundation'] = root.overrides['@microsoft/fast-foundation'];

const rootSpec = name => {
  const spec = root.dependencies?.[name] ?? root.devDependencies?.[name] ?? root.overrides?.[name];
  if (!spec) throw new Error(`${name} is not declared in the root package.json`);
  return spec;
};

const jupyterlabResolutions = Object.fromEntries(
  Object.keys(root.overrides)
    .filter(name => installedJupyterlab.has(name) && name !== '@jupyterlab/builder')
    .map(name => [name, root.overrides[name]])
);
const sorted = obj =>
  Object.fromEntries(Object.entries(obj).sort(([a], [b]) => a.localeCompare(b)));

const app = {
  name: '@globus-jupyterlab-ts/harness-app',
  version: root.version,
  private: true,
  description:
    'The lean JupyterLab 4.5 application the e2e suite and the demo serve, and the core description the extension is built against (build-labextension --core-path harness/app).',
  license: 'BSD-3-Clause',
  dependencies: sorted(
    Object.fromEntries([...CORE_LIBRARIES, ...CORE_EXTENSIONS].map(name => [name, rootSpec(name)]))
  ),
  resolutions: sorted({ ...jupyterlabResolutions, ...thirdParty }),
  jupyterlab: {
    name: 'JupyterLab',
    version: readJson(join(jlabDir, 'application', 'package.json')).version,
    extensions: Object.fromEntries(CORE_EXTENSIONS.map(name => [name, ''])),
    mimeExtensions: {},
    buildDir: './build',
    outputDir: './static',
    singletonPackages: SINGLETONS
  }
};

writeFileSync(join(repo, 'harness', 'app', 'package.json'), JSON.stringify(app, null, 2) + '\n');
console.log('wrote harness/app/package.json');
