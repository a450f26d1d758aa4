import {
  baseName,
  buildTransferRequest,
  initialOptions,
  joinPath,
  transferProblems,
  type TransferSource
} from '../../src/machines/transfer-request';
import { LOCAL_ID, MAPPED_ID } from './support/fixtures';

function source(overrides: Partial<TransferSource> = {}): TransferSource {
  return {
    direction: 'toCollection',
    jupyterPaths: ['notebooks/analysis.ipynb', 'data'],
    jupyterDirs: [false, true],
    localCollectionId: LOCAL_ID,
    collectionBasePath: '/~/',
    collectionId: MAPPED_ID,
    path: '/projects/incoming/',
    selectedNames: [],
    selectedDirs: [],
    options: initialOptions({ syncLevel: 'none', verifyChecksum: true }),
    encryptionForced: false,
    ...overrides
  };
}

describe('joinPath', () => {
  it.each([
    [['/~/', 'notebooks/a.ipynb'], '/~/notebooks/a.ipynb'],
    [['/', 'data'], '/data'],
    [['', 'data'], '/data'],
    [['/projects/incoming/', 'x'], '/projects/incoming/x'],
    [['/a/b/', '../c'], '/a/c'],
    [['/a/./b//', 'c'], '/a/b/c'],
    [['/a/', '../../..'], '/']
  ])('%j → %s', (parts, expected) => {
    expect(joinPath(...parts)).toBe(expected);
  });

  it('baseName takes the last segment, ignoring a trailing slash', () => {
    expect(baseName('notebooks/analysis.ipynb')).toBe('analysis.ipynb');
    expect(baseName('data/')).toBe('data');
  });
});

describe('buildTransferRequest', () => {
  it('copies Jupyter items into the current folder of the collection, folders recursively', () => {
    expect(buildTransferRequest(source())).toEqual({
      source_endpoint: LOCAL_ID,
      destination_endpoint: MAPPED_ID,
      DATA: [
        {
          source_path: '/~/notebooks/analysis.ipynb',
          destination_path: '/projects/incoming/analysis.ipynb',
          recursive: false
        },
        { source_path: '/~/data', destination_path: '/projects/incoming/data', recursive: true }
      ],
      verify_checksum: true
    });
  });

  it('copies into the one folder selected in the listing', () => {
    const request = buildTransferRequest(
      source({ selectedNames: ['shared'], selectedDirs: [true] })
    );
    expect(request.DATA.map(item => item.destination_path)).toEqual([
      '/projects/incoming/shared/analysis.ipynb',
      '/projects/incoming/shared/data'
    ]);
  });

  it('receives the selected collection entries into the single Jupyter folder', () => {
    const request = buildTransferRequest(
      source({
        direction: 'fromCollection',
        jupyterPaths: ['results'],
        jupyterDirs: [true],
        selectedNames: ['run-1', 'summary.csv'],
        selectedDirs: [true, false]
      })
    );
    expect(request.source_endpoint).toBe(MAPPED_ID);
    expect(request.destination_endpoint).toBe(LOCAL_ID);
    expect(request.DATA).toEqual([
      {
        source_path: '/projects/incoming/run-1',
        destination_path: '/~/results/run-1',
        recursive: true
      },
      {
        source_path: '/projects/incoming/summary.csv',
        destination_path: '/~/results/summary.csv',
        recursive: false
      }
    ]);
  });

  it('uses / when the local collection has no base path', () => {
    const request = buildTransferRequest(source({ collectionBasePath: '' }));
    expect(request.DATA[0].source_path).toBe('/notebooks/analysis.ipynb');
  });

  it.each([
    ['exists', 'exists'],
    ['size', 'size'],
    ['mtime', 'mtime'],
    ['checksum', 'checksum']
  ] as const)('sends sync level %s by its Globus name', (level, expected) => {
    const options = { ...source().options, sync_level: level };
    expect(buildTransferRequest(source({ options })).sync_level).toBe(expected);
  });

  it('leaves options at Globus defaults out and sends the changed ones', () => {
    const unchanged = buildTransferRequest(source());
    expect(Object.keys(unchanged).sort()).toEqual(
      ['DATA', 'destination_endpoint', 'source_endpoint', 'verify_checksum'].sort()
    );
    const changed = buildTransferRequest(
      source({
        options: {
          label: '  Nightly results  ',
          sync_level: 'mtime',
          verify_checksum: false,
          preserve_timestamp: true,
          encrypt_data: true,
          delete_destination_extra: true,
          skip_source_errors: true,
          fail_on_quota_errors: true,
          notify_on_succeeded: false,
          notify_on_failed: false,
          notify_on_inactive: false
        }
      })
    );
    expect(changed).toMatchObject({
      label: 'Nightly results',
      sync_level: 'mtime',
      verify_checksum: false,
      preserve_timestamp: true,
      encrypt_data: true,
      delete_destination_extra: true,
      skip_source_errors: true,
      fail_on_quota_errors: true,
      notify_on_succeeded: false,
      notify_on_failed: false,
      notify_on_inactive: false
    });
  });

  it('forces encryption when the collection requires it, whatever the form says', () => {
    const options = { ...source().options, encrypt_data: false };
    expect(buildTransferRequest(source({ options, encryptionForced: true })).encrypt_data).toBe(
      true
    );
  });

  it('refuses an incomplete transfer, naming every problem', () => {
    expect(() =>
      buildTransferRequest(
        source({
          direction: 'fromCollection',
          collectionId: null,
          selectedNames: []
        })
      )
    ).toThrow(
      'buildTransferRequest: the transfer is incomplete: no_collection, destination_needs_one_jupyter_folder, no_source_selected'
    );
  });
});

describe('transferProblems', () => {
  it('is empty for a complete transfer', () => {
    expect(transferProblems(source())).toEqual([]);
  });

  it('refuses several destination folders or a file as the destination', () => {
    expect(
      transferProblems(source({ selectedNames: ['a', 'b'], selectedDirs: [true, true] }))
    ).toEqual(['destination_needs_one_folder']);
    expect(transferProblems(source({ selectedNames: ['a.txt'], selectedDirs: [false] }))).toEqual([
      'destination_needs_one_folder'
    ]);
  });

  it('needs a local collection and Jupyter items', () => {
    expect(
      transferProblems(source({ localCollectionId: null, jupyterPaths: [], jupyterDirs: [] }))
    ).toEqual(['no_local_collection', 'no_jupyter_items']);
  });

  it('caps the label at 128 characters', () => {
    const options = { ...source().options, label: 'x'.repeat(129) };
    expect(transferProblems(source({ options }))).toEqual(['label_too_long']);
  });
});
