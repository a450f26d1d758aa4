/**
 * The wizard end to end in jsdom: the real statecharts, the real client and
 * react-query, the shim answered at the HTTP boundary (fakeShim), and the
 * login popup at the browser boundary (window.open + postMessage).
 */
import './support/polyfills';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import type { GlobusConfigResponse } from '../../src/api/types';
import { GlobusProviders } from '../../src/components/context';
import { TransferWizard } from '../../src/components/TransferWizard';
import { GlobusRuntime } from '../../src/runtime';
import { DEFAULT_SETTINGS } from '../../src/settings';
import { startWizard, type IJupyterSelection } from '../../src/widgets';
import { fakeShim, type IFakeShim } from './support/fakeShim';
import {
  config,
  endpoint,
  file,
  globusError,
  listing,
  LOCAL_ID,
  REMOTE_ID,
  task
} from './support/fixtures';
import { giveElementsASize } from './support/layout';
import { render } from '@testing-library/react';
import { trans } from './support/render';

let restoreLayout: () => void;
beforeAll(() => (restoreLayout = giveElementsASize(800, 480)));
afterAll(() => restoreLayout());

const TASK_ID = task().task_id;
let stopWizard: (() => void) | undefined;
const FILES: IJupyterSelection = { paths: ['notebooks/a.csv', 'b.txt'], dirs: [false, false] };

/** A fake popup window; the test "completes the login" by posting its message. */
function stubPopups() {
  const opened: string[] = [];
  const popup = { closed: false, close: () => undefined };
  const spy = jest.spyOn(window, 'open').mockImplementation((url?: string | URL) => {
    opened.push(String(url));
    return popup as unknown as Window;
  });
  const complete = (result: 'success' | 'error' = 'success') =>
    act(() => {
      window.dispatchEvent(
        new MessageEvent('message', {
          origin: window.location.origin,
          data: { type: 'globus-jupyterlab:login', result }
        })
      );
    });
  return { opened, complete, restore: () => spy.mockRestore() };
}

function searchResult(shim: IFakeShim) {
  shim.on('GET endpoint_search', [
    200,
    { DATA_TYPE: 'endpoint_list', DATA: [endpoint()], has_next_page: false, limit: 25, offset: 0 }
  ]);
  shim.on('GET endpoint_detail', request => [
    200,
    request.params.endpoint_id === LOCAL_ID
      ? endpoint({ id: LOCAL_ID, display_name: 'Jupyter collection' })
      : endpoint()
  ]);
}

async function start(
  shim: IFakeShim,
  selection = FILES,
  configPatch: Partial<GlobusConfigResponse> = {}
) {
  let currentConfig = config(configPatch);
  shim.on('GET config', () => [200, currentConfig]);
  const runtime = new GlobusRuntime({
    serverSettings: { baseUrl: 'http://jupyter.test/base/', token: '' },
    trans,
    settings: () => ({ ...DEFAULT_SETTINGS, pollIntervalSeconds: 0.02 }),
    client: shim.client
  });
  runtime.queryClient.setDefaultOptions({
    queries: { ...runtime.queryClient.getDefaultOptions().queries, retry: false }
  });
  await waitFor(() => expect(runtime.auth.getSnapshot().value).not.toBe('checking'));
  const { actor: wizard, stop } = startWizard(runtime, selection, currentConfig);
  stopWizard = stop;
  render(
    <GlobusProviders
      client={shim.client}
      queryClient={runtime.queryClient}
      trans={trans}
      pollMs={20}
    >
      <TransferWizard wizard={wizard} auth={runtime.auth} onClose={stop} />
    </GlobusProviders>
  );
  const setConfig = (patch: Partial<GlobusConfigResponse>) => {
    currentConfig = config({ ...configPatch, ...patch });
  };
  return { runtime, wizard, setConfig };
}

async function chooseRemote(user: ReturnType<typeof userEvent.setup>) {
  await user.type(await screen.findByRole('searchbox', { name: 'Search collections' }), 'tutorial');
  await user.click(await screen.findByRole('button', { name: /Tutorial Collection 1/ }));
}

const currentStep = () =>
  screen.getByRole('list', { name: 'Steps' }).querySelector('[aria-current="step"]')?.textContent;

describe('TransferWizard', () => {
  let runtime: GlobusRuntime | undefined;
  afterEach(() => {
    stopWizard?.();
    runtime?.dispose();
  });

  it('goes from the collection search to a tracked, finished transfer', async () => {
    const shim = fakeShim();
    searchResult(shim);
    shim.on('GET operation_ls', [200, listing('/home/u/', [file('results', { type: 'dir' })])]);
    shim.on('GET submission_id', [200, { DATA_TYPE: 'submission_id', value: 'sub-1' }]);
    shim.on('POST submit_transfer', [202, { task_id: TASK_ID, code: 'Accepted' }]);
    let polls = 0;
    shim.on(`GET task/${TASK_ID}`, () => [
      200,
      task({ status: polls++ < 1 ? 'ACTIVE' : 'SUCCEEDED', files: 2, files_transferred: 2 })
    ]);
    const user = userEvent.setup();
    ({ runtime } = await start(shim));

    expect(currentStep()).toBe('Collection');
    await chooseRemote(user);
    expect(await screen.findByText('results')).toBeInTheDocument();
    expect(currentStep()).toBe('Folder');
    // Two files go into one folder: selecting a file there is refused.
    await user.click(screen.getByRole('button', { name: 'Next' }));

    expect(currentStep()).toBe('Options');
    // The Next button of the previous step is gone: the focus stays in the wizard.
    expect(screen.getByLabelText('Current step')).toHaveFocus();
    await user.type(screen.getByRole('textbox', { name: 'Label' }), 'my run');
    await user.click(screen.getByRole('button', { name: 'Next' }));

    expect(currentStep()).toBe('Review');
    expect(screen.getByRole('table')).toHaveTextContent('/notebooks/a.csv');
    expect(screen.getByRole('table')).toHaveTextContent('/home/u/b.txt');
    expect(await screen.findByText('Jupyter collection')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Submit transfer' }));

    expect(await screen.findByText('Succeeded')).toBeInTheDocument();
    expect(currentStep()).toBe('Progress');
    const submitted = shim.requests.find(r => r.route === 'submit_transfer');
    expect(submitted?.body).toEqual({
      source_endpoint: LOCAL_ID,
      destination_endpoint: REMOTE_ID,
      DATA: [
        { source_path: '/notebooks/a.csv', destination_path: '/home/u/a.csv', recursive: false },
        { source_path: '/b.txt', destination_path: '/home/u/b.txt', recursive: false }
      ],
      label: 'my run',
      verify_checksum: true,
      // From GET /submission_id: a retry of this document could only be a Duplicate.
      submission_id: 'sub-1'
    });
    expect(screen.getByRole('button', { name: 'Close' })).toBeInTheDocument();
  });

  it('recovers a consent error by logging in again, then lists the folder by itself', async () => {
    const popups = stubPopups();
    try {
      const shim = fakeShim();
      searchResult(shim);
      let consented = false;
      shim.on('GET operation_ls', () =>
        consented
          ? [200, listing('/home/u/', [file('after-consent.txt')])]
          : [
              401,
              globusError('consent_required', {
                collection_id: REMOTE_ID,
                login_url: 'http://jupyter.test/base/globus-jupyterlab/login?requested_scopes=x'
              })
            ]
      );
      const user = userEvent.setup();
      ({ runtime } = await start(shim));
      await chooseRemote(user);

      expect(await screen.findByRole('heading', { name: 'Consent needed' })).toBeInTheDocument();
      consented = true;
      await user.click(screen.getByRole('button', { name: 'Log in again' }));
      expect(popups.opened).toEqual([
        'http://jupyter.test/base/globus-jupyterlab/login?requested_scopes=x'
      ]);
      expect(screen.getByText('Complete the login in the Globus window.')).toBeInTheDocument();
      await popups.complete('success');
      expect(await screen.findByText('after-consent.txt')).toBeInTheDocument();
      expect(currentStep()).toBe('Folder');
    } finally {
      popups.restore();
    }
  });

  it('stops after one recovery round-trip: a second consent error shows the error', async () => {
    const popups = stubPopups();
    try {
      const shim = fakeShim();
      searchResult(shim);
      shim.on('GET operation_ls', [
        401,
        globusError('consent_required', { collection_id: REMOTE_ID })
      ]);
      const user = userEvent.setup();
      ({ runtime } = await start(shim));
      await chooseRemote(user);
      await user.click(await screen.findByRole('button', { name: 'Log in again' }));
      await popups.complete('success');
      expect(await screen.findByRole('button', { name: 'Try again' })).toBeInTheDocument();
      expect(screen.getByRole('alert')).toHaveTextContent(/needs your consent/);
      expect(shim.count('GET operation_ls')).toBe(2);
      expect(popups.opened).toHaveLength(1);
    } finally {
      popups.restore();
    }
  });

  it('asks to log in first, with the popup, then continues', async () => {
    const popups = stubPopups();
    try {
      const shim = fakeShim();
      searchResult(shim);
      const user = userEvent.setup();
      const started = await start(shim, FILES, { is_logged_in: false });
      runtime = started.runtime;
      expect(currentStep()).toBe('Sign in');
      await user.click(screen.getByRole('button', { name: 'Log in to Globus' }));
      expect(popups.opened).toEqual(['http://jupyter.test/base/globus-jupyterlab/login']);
      started.setConfig({ is_logged_in: true });
      await popups.complete('success');
      expect(
        await screen.findByRole('searchbox', { name: 'Search collections' })
      ).toBeInTheDocument();
      expect(currentStep()).toBe('Collection');
    } finally {
      popups.restore();
    }
  });

  it('lets a single Jupyter folder receive files from the collection', async () => {
    const shim = fakeShim();
    searchResult(shim);
    shim.on('GET operation_ls', [
      200,
      listing('/home/u/', [file('raw', { type: 'dir' }), file('x.bin')])
    ]);
    const user = userEvent.setup();
    ({ runtime } = await start(shim, { paths: ['incoming'], dirs: [true] }));
    await user.click(
      screen.getByRole('radio', { name: 'Fetch files from a collection into incoming' })
    );
    await chooseRemote(user);
    await user.click(await screen.findByText('raw'));
    await user.keyboard('{Control>}');
    await user.click(screen.getByText('x.bin'));
    await user.keyboard('{/Control}');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    const table = screen.getByRole('table');
    expect(table).toHaveTextContent('/home/u/raw (folder)');
    expect(table).toHaveTextContent('/incoming/raw');
    expect(table).toHaveTextContent('/incoming/x.bin');
  });

  it('shows a listing Globus refuses inline, once, and lets the user go up', async () => {
    const shim = fakeShim();
    searchResult(shim);
    shim.on('GET operation_ls', request =>
      request.params.path === '/~/'
        ? [404, globusError('globus_error', { details: 'No such directory /~/' })]
        : [200, listing('/', [file('home', { type: 'dir' })])]
    );
    const user = userEvent.setup();
    ({ runtime } = await start(shim));
    await chooseRemote(user);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Globus error ClientError.NotFound: No such directory /~/'
    );
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(currentStep()).toBe('Folder');
    await user.click(screen.getByRole('button', { name: 'Up' }));
    expect(await screen.findByText('home')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows an unreachable shim as an error with a retry', async () => {
    const shim = fakeShim();
    searchResult(shim);
    shim.on('GET endpoint_detail', () => Promise.reject(new Error('socket hang up')));
    const user = userEvent.setup();
    ({ runtime } = await start(shim));
    await chooseRemote(user);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The Globus service of this Jupyter server did not answer (socket hang up).'
    );
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
