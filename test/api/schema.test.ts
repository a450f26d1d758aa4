/** The settings schemas and the code that reads them must agree. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, readSettings } from '../../src/settings';
import { CommandIDs, PluginIDs } from '../../src/tokens';

const schemaDir = path.join(__dirname, '..', '..', 'schema');
const load = (name: string) => JSON.parse(fs.readFileSync(path.join(schemaDir, name), 'utf8'));

describe('schema/', () => {
  it('has one file per plugin that declares settings, named after the plugin id', () => {
    const files = fs.readdirSync(schemaDir).sort();
    expect(files).toEqual(['settings.json', 'transfer.json']);
    for (const file of files) {
      expect(Object.values(PluginIDs)).toContain(
        `globus-jupyterlab-ts:${file.replace('.json', '')}`
      );
    }
  });

  it('gives every setting the default the code falls back to', () => {
    const { properties } = load('settings.json');
    const defaults = Object.fromEntries(
      Object.entries(properties as Record<string, { default: unknown }>).map(([key, value]) => [
        key,
        value.default
      ])
    );
    expect(defaults).toEqual(DEFAULT_SETTINGS);
    expect(readSettings(defaults)).toEqual(DEFAULT_SETTINGS);
  });

  it('offers exactly the sync levels the code accepts, with titles (no enum)', () => {
    const sync = load('settings.json').properties.defaultSyncLevel;
    expect(sync.enum).toBeUndefined();
    for (const choice of sync.oneOf as Array<{ const: string; title: string }>) {
      expect(choice.title).toBeTruthy();
      expect(readSettings({ defaultSyncLevel: choice.const }).defaultSyncLevel).toBe(choice.const);
    }
    expect(sync.oneOf.map((choice: { const: string }) => choice.const)).toEqual([
      'none',
      'exists',
      'size',
      'mtime',
      'checksum'
    ]);
  });

  it('puts "Transfer with Globus" on files and folders of the file browser', () => {
    const [item] = load('transfer.json')['jupyter.lab.menus'].context;
    expect(item.command).toBe(CommandIDs.transfer);
    expect(item.selector).toBe('.jp-DirListing-item[data-isdir]');
  });
});
