/**
 * A transfer as a hub user makes it: right-click a file of their home in the
 * JupyterLab file browser → "Transfer with Globus…" → collection → folder →
 * options → review → submit → progress. The page steps are the e2e suite's
 * (test/e2e/support/lab-page.ts), so both suites drive the same UI the same way.
 */
import {
  chooseCollection,
  openRemoteFolders,
  openTransferWizard,
  showFileBrowser,
  waitForStep
} from '../../e2e/support/lab-page';
import type { HubUserSession } from './lab-session';

export interface WizardTransfer {
  /** A file in the Jupyter root (the user's home). */
  file: string;
  label: string;
  /** Search text and full display name of the destination collection. */
  search: string;
  collection: string;
  /** Folders to open on the destination, in order. */
  folders: string[];
}

export async function transferThroughWizard(
  session: HubUserSession,
  transfer: WizardTransfer
): Promise<void> {
  const { page } = session;
  // The file was written after the page loaded: ask the file browser to look again.
  const browser = await showFileBrowser(page);
  await browser.getByTitle(/^Refresh the file browser/).click();

  const wizard = await openTransferWizard(page, transfer.file);
  await waitForStep(wizard, 'Collection');
  await chooseCollection(wizard, transfer.search, transfer.collection);
  await waitForStep(wizard, 'Folder');
  await session.screenshot('wizard-folder');
  await openRemoteFolders(wizard, ...transfer.folders);
  await wizard.getByRole('button', { name: 'Next' }).click();

  await waitForStep(wizard, 'Options');
  await wizard.getByLabel('Label').fill(transfer.label);
  await wizard.getByRole('button', { name: 'Next' }).click();

  await waitForStep(wizard, 'Review');
  await session.screenshot('wizard-review');
  await wizard.getByRole('button', { name: 'Submit transfer' }).click();
  await waitForStep(wizard, 'Progress');
  await wizard.getByRole('status').getByText('Succeeded').waitFor({ timeout: 30_000 });
  await session.screenshot('wizard-succeeded');
}
