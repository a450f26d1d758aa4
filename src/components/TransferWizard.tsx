/**
 * The "Transfer with Globus" wizard: renders the state of one
 * `transferWizardMachine` actor (src/machines/wizard.machine.ts) and sends it
 * the user's events. It holds no flow logic: which step shows, when Next is
 * allowed and what happens after an error are the statechart's.
 */
import { Button } from '@jupyterlab/ui-components';
import { useSelector } from '@xstate/react';
import React, { useCallback, useEffect, useRef } from 'react';
import type { ActorRefFrom } from 'xstate';
import { describeMachineError, toMachineError } from '../api/errors';
import { useEndpointDetail } from '../api/queries';
import type { GlobusErrorBody, TaskStatus } from '../api/types';
import {
  buildTransferRequest,
  destinationProblems,
  type TransferProblem
} from '../machines/transfer-request';
import type { transferWizardMachine } from '../machines/wizard.machine';
import { BrowseStep } from './BrowseStep';
import { CollectionSearch } from './CollectionSearch';
import { useGlobus } from './context';
import { Status } from './Status';
import { LoginView, type AuthActorRef } from './LoginView';
import { OptionsForm } from './OptionsForm';
import { RecoveryPrompt, type RecoveryActorRef } from './RecoveryPrompt';
import { ReviewStep } from './ReviewStep';
import { TaskProgress } from './TaskProgress';

export type WizardActorRef = ActorRefFrom<typeof transferWizardMachine>;

export interface ITransferWizardProps {
  wizard: WizardActorRef;
  auth: AuthActorRef;
  /** Close the wizard once the machine has finished (its final states take no events). */
  onClose?: () => void;
}

export function TransferWizard(props: ITransferWizardProps): JSX.Element {
  const { wizard, auth } = props;
  const { trans } = useGlobus();
  const state = useSelector(wizard, snapshot => String(snapshot.value));
  const context = useSelector(wizard, snapshot => snapshot.context);
  const recovery = useSelector(
    wizard,
    snapshot => snapshot.children.recovery as RecoveryActorRef | undefined
  );
  const send = wizard.send.bind(wizard);

  // A step change unmounts the control that had the focus (Next, Submit…):
  // keep keyboard and screen-reader users in the wizard, at the new step.
  const body = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const active = document.activeElement;
    if (body.current && (active === null || active === document.body)) {
      body.current.focus();
    }
  }, [state]);

  const onPathChange = useCallback(
    (path: string) => wizard.send({ type: 'path.change', path }),
    [wizard]
  );
  const onListingFailed = useCallback(
    (error: unknown) => wizard.send({ type: 'listing.failed', error: toMachineError(error) }),
    [wizard]
  );
  const onTaskStatus = useCallback(
    (status: TaskStatus) => wizard.send({ type: 'task.updated', status }),
    [wizard]
  );

  const steps: Array<[string, string[]]> = [
    [trans.__('Sign in'), ['signIn', 'unconfigured']],
    [trans.__('Collection'), ['chooseCollection', 'checkingCollection']],
    [trans.__('Folder'), ['browse']],
    [trans.__('Options'), ['options']],
    [trans.__('Review'), ['review', 'submitting']],
    [trans.__('Progress'), ['tracking', 'cancelling', 'finishing', 'succeeded', 'failed']]
  ];
  // While an error is recovered or shown, the step that failed stays marked.
  const failedStep: Record<string, string> = {
    checkingCollection: 'checkingCollection',
    browse: 'browse',
    submitting: 'review'
  };
  const shownStep = ['failing', 'recovering', 'retrying', 'error'].includes(state)
    ? (failedStep[context.retryTarget ?? ''] ?? state)
    : state;
  const title =
    context.direction === 'toCollection'
      ? trans._n(
          'Transfer %1 item from Jupyter with Globus',
          'Transfer %1 items from Jupyter with Globus',
          context.jupyterPaths.length
        )
      : trans.__('Transfer into the Jupyter folder %1 with Globus', context.jupyterPaths[0]);

  return (
    <div className="jp-Globus-wizard">
      <h2 className="jp-Globus-wizardTitle">{title}</h2>
      <ol className="jp-Globus-steps" aria-label={trans.__('Steps')}>
        {steps.map(([name, states]) => (
          <li key={name} aria-current={states.includes(shownStep) ? 'step' : undefined}>
            {name}
          </li>
        ))}
      </ol>
      <div
        ref={body}
        className="jp-Globus-wizardBody"
        tabIndex={-1}
        role="group"
        aria-label={trans.__('Current step')}
      >
        {renderStep()}
      </div>
    </div>
  );

  function renderStep(): JSX.Element | null {
    switch (state) {
      case 'signIn':
        return <LoginView auth={auth} />;
      case 'unconfigured':
        return (
          <p role="alert" className="jp-Globus-error">
            {trans.__(
              'This Jupyter server has no Globus collection: set GLOBUS_COLLECTION_ID, or run Globus Connect Personal, then restart Jupyter.'
            )}
          </p>
        );
      case 'chooseCollection':
        return (
          <>
            <DirectionChooser wizard={wizard} />
            <CollectionSearch
              localCollectionId={context.localCollectionId}
              onSelect={choice =>
                send({ type: 'collection.select', id: choice.id, path: choice.path })
              }
            />
          </>
        );
      case 'checkingCollection':
        return (
          <>
            <Status>{trans.__('Checking the collection…')}</Status>
            <Button minimal onClick={() => send({ type: 'back' })}>
              {trans.__('Back')}
            </Button>
          </>
        );
      case 'browse':
        return (
          <>
            <DirectionChooser wizard={wizard} />
            <BrowseStep
              collectionId={context.collectionId ?? ''}
              path={context.path}
              selectedNames={context.selectedNames}
              purpose={context.direction === 'toCollection' ? 'destination' : 'source'}
              onPathChange={onPathChange}
              onSelectionChange={(names, dirs) => send({ type: 'selection.change', names, dirs })}
              onListingFailed={onListingFailed}
            />
            <Problems problems={destinationProblems(context)} />
            <Navigation wizard={wizard} />
          </>
        );
      case 'options':
        return (
          <>
            <OptionsForm
              options={context.options}
              encryptionForced={context.encryptionForced}
              deleteExtraConfirmed={context.deleteExtraConfirmed}
              onChange={patch => send({ type: 'options.change', patch })}
              onConfirmDeleteExtra={() => send({ type: 'deleteExtra.confirm' })}
            />
            <Navigation wizard={wizard} />
          </>
        );
      case 'review':
      case 'submitting':
        return <Review wizard={wizard} submitting={state === 'submitting'} />;
      case 'recovering':
        return recovery ? <RecoveryPrompt recovery={recovery} /> : null;
      case 'error':
        return (
          <>
            {context.error ? <GlobusErrorText error={context.error} /> : null}
            <div className="jp-Globus-actions">
              {context.retryTarget ? (
                <Button className="jp-Globus-primary" onClick={() => send({ type: 'retry' })}>
                  {trans.__('Try again')}
                </Button>
              ) : null}
              <Button minimal onClick={() => send({ type: 'back' })}>
                {trans.__('Back')}
              </Button>
              <Button minimal onClick={() => send({ type: 'close' })}>
                {trans.__('Close')}
              </Button>
            </div>
          </>
        );
      case 'tracking':
      case 'cancelling':
      case 'finishing':
      case 'succeeded':
      case 'failed':
        return (
          <>
            {context.taskId ? (
              <TaskProgress
                taskId={context.taskId}
                onStatus={onTaskStatus}
                onCancel={
                  state === 'tracking' && !context.cancelRequested
                    ? () => send({ type: 'cancel' })
                    : undefined
                }
                cancelling={state === 'cancelling'}
              />
            ) : null}
            {context.error ? <GlobusErrorText error={context.error} /> : null}
            {(state === 'succeeded' || state === 'failed') && props.onClose ? (
              <div className="jp-Globus-actions jp-Globus-navigation">
                <Button className="jp-Globus-primary" onClick={props.onClose}>
                  {trans.__('Close')}
                </Button>
              </div>
            ) : null}
          </>
        );
      default:
        return <Status>{trans.__('Working…')}</Status>;
    }
  }
}

function GlobusErrorText(props: { error: GlobusErrorBody }): JSX.Element {
  const { trans } = useGlobus();
  return (
    <div role="alert" className="jp-Globus-error">
      {describeMachineError(props.error, trans)}
    </div>
  );
}

function DirectionChooser(props: { wizard: WizardActorRef }): JSX.Element | null {
  const { trans } = useGlobus();
  const canChoose = useSelector(props.wizard, snapshot => snapshot.context.canChooseDirection);
  const direction = useSelector(props.wizard, snapshot => snapshot.context.direction);
  const folder = useSelector(props.wizard, snapshot => snapshot.context.jupyterPaths[0]);
  if (!canChoose) {
    return null;
  }
  const option = (value: typeof direction, label: string) => (
    <label>
      <input
        type="radio"
        name="jp-Globus-direction"
        checked={direction === value}
        onChange={() => props.wizard.send({ type: 'direction.set', direction: value })}
      />
      {label}
    </label>
  );
  return (
    <fieldset className="jp-Globus-direction">
      <legend>{trans.__('Direction')}</legend>
      {option('toCollection', trans.__('Send %1 to a collection', folder))}
      {option('fromCollection', trans.__('Fetch files from a collection into %1', folder))}
    </fieldset>
  );
}

function Problems(props: { problems: TransferProblem[] }): JSX.Element | null {
  const { trans } = useGlobus();
  const texts: Record<TransferProblem, string> = {
    no_local_collection: trans.__('This Jupyter server has no Globus collection.'),
    no_jupyter_items: trans.__('Nothing is selected in Jupyter.'),
    no_collection: trans.__('Choose a collection.'),
    destination_needs_one_jupyter_folder: trans.__(
      'Select exactly one Jupyter folder to receive the files.'
    ),
    no_source_selected: trans.__('Select the files or folders to fetch.'),
    destination_needs_one_folder: trans.__(
      'Select one folder to transfer into, or none to use the current folder.'
    ),
    label_too_long: trans.__('The label is too long.')
  };
  if (props.problems.length === 0) {
    return null;
  }
  return (
    <ul className="jp-Globus-problems" aria-live="polite">
      {props.problems.map(problem => (
        <li key={problem}>{texts[problem]}</li>
      ))}
    </ul>
  );
}

/** Back and Next of the browse and options steps; Next only when the chart accepts it. */
function Navigation(props: { wizard: WizardActorRef }): JSX.Element {
  const { wizard } = props;
  const { trans } = useGlobus();
  const canGoOn = useSelector(wizard, snapshot => snapshot.can({ type: 'next' }));
  return (
    <div className="jp-Globus-actions jp-Globus-navigation">
      <Button minimal onClick={() => wizard.send({ type: 'back' })}>
        {trans.__('Back')}
      </Button>
      <Button
        className="jp-Globus-primary"
        onClick={() => wizard.send({ type: 'next' })}
        disabled={!canGoOn}
      >
        {trans.__('Next')}
      </Button>
    </div>
  );
}

function Review(props: { wizard: WizardActorRef; submitting: boolean }): JSX.Element {
  const { client, trans } = useGlobus();
  const context = useSelector(props.wizard, snapshot => snapshot.context);
  const local = useEndpointDetail(client, context.localCollectionId);
  const other = useEndpointDetail(client, context.collectionId);
  let request;
  try {
    request = buildTransferRequest(context);
  } catch (error) {
    return (
      <div role="alert" className="jp-Globus-error">
        {error instanceof Error ? error.message : String(error)}
      </div>
    );
  }
  const names: Record<string, string> = {};
  if (context.localCollectionId) {
    names[context.localCollectionId] = local.data?.display_name ?? trans.__('This Jupyter server');
  }
  if (context.collectionId && other.data?.display_name) {
    names[context.collectionId] = other.data.display_name;
  }
  return (
    <>
      <ReviewStep request={request} names={names} />
      <div className="jp-Globus-actions jp-Globus-navigation">
        <Button
          minimal
          onClick={() => props.wizard.send({ type: 'back' })}
          disabled={props.submitting}
        >
          {trans.__('Back')}
        </Button>
        <Button
          className="jp-Globus-primary"
          onClick={() => props.wizard.send({ type: 'submit' })}
          disabled={props.submitting}
        >
          {props.submitting ? trans.__('Submitting…') : trans.__('Submit transfer')}
        </Button>
      </div>
    </>
  );
}
