// One jest run, several projects: each suite gets the environment it needs.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'classic' } },
      target: 'es2021'
    },
    module: { type: 'commonjs' }
  }
];
// JupyterLab, Lumino and friends ship ES modules only; jest (CommonJS) needs them transformed.
const esmPackages = [
  '@jupyterlab',
  '@jupyter',
  '@lumino',
  '@microsoft',
  'exenv-es6',
  'lib0',
  'y-protocols',
  'yjs',
  '@codemirror',
  '@lezer',
  'nanoid',
  'vscode-ws-jsonrpc',
  '@rjsf',
  'react-toastify',
  'style-mod',
  'w3c-keyname',
  'crelt',
  'marked',
  'mermaid',
  'lodash-es'
];
const base = {
  transform: { '^.+\\.(t|j|mj)sx?$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper: { '\\.(css|svg)$': '<rootDir>/test/support/file-stub.js' },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  // Build outputs and installed copies repeat the root package name (a jest-haste-map collision).
  modulePathIgnorePatterns: [
    '<rootDir>/labextension/',
    '<rootDir>/harness/app/static',
    '<rootDir>/.demo/',
    '<rootDir>/.e2e-run/',
    '<rootDir>/dist/',
    '<rootDir>/lib/'
  ]
};
module.exports = {
  projects: [
    {
      ...base,
      displayName: 'sandbox',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/sandbox/**/*.test.ts']
    },
    {
      ...base,
      displayName: 'server',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/server/**/*.test.ts']
    },
    {
      ...base,
      displayName: 'machines',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/machines/**/*.test.ts']
    },
    {
      ...base,
      displayName: 'frontend',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/test/{components,api}/**/*.test.{ts,tsx}'],
      setupFilesAfterEnv: ['<rootDir>/test/support/jest-dom.ts']
    },
    {
      ...base,
      displayName: 'tools',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/tools/**/*.test.ts']
    },
    {
      ...base,
      displayName: 'hub',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/hub/**/*.test.ts']
    },
    {
      ...base,
      displayName: 'e2e',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts']
    }
  ]
};
