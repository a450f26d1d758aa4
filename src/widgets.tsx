/**
 * The Lumino widgets of the UI (loaded lazily with the runtime): the wizard in
 * the main area, one `transferWizardMachine` actor each, and the side panel's
 * content. The actors' dependencies are injected here with `.provide`.
 */
import { MainAreaWidget } from '@jupyterlab/apputils';
import { ReactWidget } from '@jupyterlab/ui-components';
import React from 'react';
import { createActor, fromPromise } from 'xstate';
import { toMachineError } from './api/errors';
import { globusKeys, globusQueries } from './api/queries';
import { createIdempotentSubmitter } from './api/submission';
import type { GlobusConfigResponse } from './api/types';
import { GlobusProviders } from './components/context';
import { SidePanel } from './components/SidePanel';
import { TransferWizard } from './components/TransferWizard';
import { globusIcon } from './icons';
import { openLoginPopup } from './loginPopup';
import { recoveryMachine } from './machines/recovery.machine';
import { transferWizardMachine } from './machines/wizard.machine';
import type { GlobusRuntime } from './runtime';

export interface IJupyterSelection {
  /** Jupyter contents paths, relative to the server root. */
  paths: string[];
  /** Whether each path is a folder. */
  dirs: boolean[];
}

/** Rejections the machines understand (`toGlobusError` in src/machines/errors.ts). */
async function unwrap<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw toMachineError(error);
  }
}

/**
 * Create and start the wizard's actor, connected to the app: it hears when the
 * app-level login completes, and tells the runtime about expired sessions,
 * recoveries and submitted tasks. `stop` disconnects and stops it.
 */
export function startWizard(
  runtime: GlobusRuntime,
  selection: IJupyterSelection,
  config: GlobusConfigResponse
) {
  const { client, queryClient } = runtime;
  const settings = runtime.settings();
  // One per wizard: its retries of the same document reuse one submission_id.
  const submit = createIdempotentSubmitter(client);
  const machine = transferWizardMachine.provide({
    actors: {
      loadCollection: fromPromise(({ input }: { input: { id: string } }) =>
        unwrap(queryClient.fetchQuery(globusQueries.endpoint(client, input.id)))
      ),
      submitTransfer: fromPromise(
        ({ input }: { input: { request: Parameters<typeof client.submitTransfer>[0] } }) =>
          unwrap(submit(input.request))
      ),
      cancelTask: fromPromise(({ input }: { input: { taskId: string } }) =>
        unwrap(client.cancelTask(input.taskId))
      ),
      recovery: recoveryMachine.provide({
        actors: {
          loginPopup: fromPromise<void, { url: string }>(({ input, signal }) =>
            openLoginPopup(input.url, { signal })
          ),
          exchangeCode: fromPromise(({ input }: { input: { code: string } }) =>
            unwrap(client.exchangeCode(input.code))
          ),
          autoactivate: fromPromise(({ input }: { input: { collectionId: string } }) =>
            unwrap(client.autoactivate(input.collectionId))
          )
        }
      })
    }
  });
  const actor = createActor(machine, {
    input: {
      jupyterPaths: selection.paths,
      jupyterDirs: selection.dirs,
      localCollectionId: config.collection_id,
      collectionBasePath: config.collection_base_path || '/',
      defaults: {
        syncLevel: settings.defaultSyncLevel,
        verifyChecksum: settings.defaultVerifyChecksum
      },
      // The auth actor may still be checking when the first wizard opens;
      // /config was just read and says the same.
      isLoggedIn: runtime.auth.getSnapshot().matches('loggedIn') || config.is_logged_in,
      loginUrl: client.loginUrl(),
      isManualCopyCodeRequired: config.is_manual_copy_code_required
    },
    inspect: runtime.inspect
  });
  actor.on('session.expired', () => runtime.auth.send({ type: 'session.expired' }));
  actor.on('recovery.resolved', event => {
    // A new login changed what the shim may do: drop what was fetched before.
    if (['login_required', 'consent_required', 'session_required'].includes(event.kind)) {
      runtime.auth.send({ type: 'session.refresh' });
    }
    void queryClient.invalidateQueries({ queryKey: globusKeys.all });
  });
  actor.on('task.submitted', event => {
    runtime.watchTask(event.taskId, actor.getSnapshot().context.options.label || null);
    void queryClient.invalidateQueries({ queryKey: globusKeys.tasks() });
  });
  const authSubscription = runtime.auth.subscribe(snapshot => {
    if (snapshot.matches('loggedIn')) {
      actor.send({ type: 'auth.loggedIn' });
    }
  });
  actor.start();
  const stop = () => {
    authSubscription.unsubscribe();
    actor.stop();
  };
  return { actor, stop };
}

/** Each ReactWidget is its own React root: give it the runtime's providers. */
function withProviders(runtime: GlobusRuntime, children: React.ReactNode): JSX.Element {
  return (
    <GlobusProviders
      client={runtime.client}
      queryClient={runtime.queryClient}
      trans={runtime.trans}
      pollMs={runtime.settings().pollIntervalSeconds * 1000}
    >
      {children}
    </GlobusProviders>
  );
}

/** The wizard in the main area; closing the widget stops its actor. */
export function createWizardWidget(
  runtime: GlobusRuntime,
  selection: IJupyterSelection,
  config: GlobusConfigResponse
): MainAreaWidget {
  const { actor, stop } = startWizard(runtime, selection, config);
  const content = ReactWidget.create(
    withProviders(
      runtime,
      <TransferWizard wizard={actor} auth={runtime.auth} onClose={() => widget.dispose()} />
    )
  );
  content.addClass('jp-Globus-wizardContent');
  const widget = new MainAreaWidget({ content });
  widget.id = `jp-Globus-wizard-${Date.now().toString(36)}`;
  widget.title.label = runtime.trans.__('Globus transfer');
  widget.title.icon = globusIcon;
  widget.title.closable = true;

  const closeSubscription = actor.subscribe(snapshot => {
    if (snapshot.matches('closed')) {
      widget.dispose();
    }
  });
  widget.disposed.connect(() => {
    closeSubscription.unsubscribe();
    stop();
  });
  return widget;
}

/** The side panel's content. */
export function createPanelContent(runtime: GlobusRuntime): ReactWidget {
  const widget = ReactWidget.create(withProviders(runtime, <SidePanel auth={runtime.auth} />));
  widget.addClass('jp-Globus-panelContent');
  return widget;
}

/**
 * Open a wizard for the selection: read `/config` first (the local collection,
 * the login state), then show the widget in the main area.
 */
export async function openWizard(
  runtime: GlobusRuntime,
  selection: IJupyterSelection,
  addToShell: (widget: MainAreaWidget) => void
): Promise<MainAreaWidget> {
  const config = await runtime.queryClient.fetchQuery(globusQueries.config(runtime.client));
  const widget = createWizardWidget(runtime, selection, config);
  addToShell(widget);
  return widget;
}
