// Steps on the JupyterLab page shared by the scenarios, driven by roles and visible text.
import type { Locator, Page } from 'playwright-core';
import type { RunningLab } from '../../../harness/start';

/** Opens JupyterLab (logging the browser in with the token) and waits until it is usable. */
export async function openLab(page: Page, lab: RunningLab): Promise<void> {
  await page.goto(lab.labUrl);
  await fileItem(page, 'hello.txt').waitFor();
}

/** A row of the JupyterLab file browser. */
export function fileItem(page: Page, name: string): Locator {
  return page.locator('.jp-DirListing-content .jp-DirListing-item', {
    has: page.locator('.jp-DirListing-itemName', { hasText: new RegExp(`^${escapeRegExp(name)}$`) })
  });
}

/** Opens a folder of the file browser by double-clicking it. */
export async function openFolder(page: Page, name: string): Promise<void> {
  await showFileBrowser(page);
  await fileItem(page, name).dblclick();
  await page.locator('.jp-BreadCrumbs').getByText(name).waitFor();
}

/** A left side bar tab: Lumino marks each with the id of the panel it shows. */
function sideBarTab(page: Page, panelId: string): Locator {
  return page.locator(`.jp-SideBar.jp-mod-left [role="tab"][data-id="${panelId}"]`);
}

async function showSidePanel(page: Page, panelId: string): Promise<Locator> {
  const panel = page.locator(`#${panelId}`);
  if (!(await panel.isVisible())) {
    await sideBarTab(page, panelId).click();
  }
  await panel.waitFor();
  return panel;
}

/** The side panel tab of the Globus extension. */
export function globusPanelTab(page: Page): Locator {
  return sideBarTab(page, 'jp-Globus-panel');
}

export function showGlobusPanel(page: Page): Promise<Locator> {
  return showSidePanel(page, 'jp-Globus-panel');
}

export function showFileBrowser(page: Page): Promise<Locator> {
  return showSidePanel(page, 'filebrowser');
}

/** Right-click → "Transfer with Globus…" on a file browser item; resolves to the wizard. */
export async function openTransferWizard(page: Page, name: string): Promise<Locator> {
  await showFileBrowser(page);
  await fileItem(page, name).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Transfer with Globus…' }).click();
  // Earlier wizards stay open in hidden tabs: the new one is the visible one.
  const wizard = page.locator('.jp-Globus-wizard').filter({ visible: true });
  await wizard.waitFor();
  return wizard;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * First login: "Log in to Globus" opens a popup on the sandbox's consent page; pick the identity,
 * Allow, and the popup closes itself once the shim has the tokens.
 */
export async function loginThroughPopup(
  page: Page,
  container: Locator,
  identity: string,
  onConsentPage?: (popup: Page) => Promise<void>
): Promise<void> {
  const popupOpened = page.waitForEvent('popup');
  await container.getByRole('button', { name: 'Log in to Globus' }).click();
  const popup = await popupOpened;
  await approveInPopup(popup, identity, onConsentPage);
}

/** The sandbox's consent page in a login popup: choose the identity, Allow, wait for it to close. */
export async function approveInPopup(
  popup: Page,
  identity: string,
  onConsentPage?: (popup: Page) => Promise<void>
): Promise<void> {
  await popup.getByRole('radio', { name: identity }).check();
  await onConsentPage?.(popup);
  const closed = popup.waitForEvent('close');
  await popup.getByRole('button', { name: 'Allow' }).click();
  await closed;
}

/** Collection step: search by text and pick the collection by its display name. */
export async function chooseCollection(
  wizard: Locator,
  search: string,
  name: string
): Promise<void> {
  await wizard.getByLabel('Search collections').fill(search);
  await wizard
    .getByRole('list', { name: 'Search results' })
    .getByRole('button', { name: new RegExp(`^${escapeRegExp(name)}`) })
    .click();
}

/** The listing of the browse step (its items are waited for by their own locators). */
export async function remoteListing(wizard: Locator): Promise<Locator> {
  const listing = wizard.getByRole('listbox', { name: /^Contents of / });
  await listing.waitFor();
  return listing;
}

export function remoteItem(listing: Locator, name: string): Locator {
  return listing.getByRole('option', { name: new RegExp(`^${escapeRegExp(name)}\\b`) });
}

/** Browse step: open the sub-folders one by one. */
export async function openRemoteFolders(wizard: Locator, ...names: string[]): Promise<void> {
  for (const name of names) {
    const listing = await remoteListing(wizard);
    await remoteItem(listing, name).dblclick();
    await wizard
      .getByRole('listbox', { name: new RegExp(`^Contents of .*${escapeRegExp(name)}/?$`) })
      .waitFor();
  }
}

/** The wizard's step list marks the current step with aria-current="step". */
export async function waitForStep(wizard: Locator, step: string): Promise<void> {
  await wizard
    .getByRole('list', { name: 'Steps' })
    .locator('li[aria-current="step"]', { hasText: step })
    .waitFor();
}

/** Closes the current main-area tab (a finished wizard) with its close icon. */
export async function closeCurrentTab(page: Page): Promise<void> {
  const id = await page.locator('.jp-MainAreaWidget').filter({ visible: true }).getAttribute('id');
  await page
    .locator('#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabCloseIcon')
    .click();
  await page.locator(`[id="${id}"]`).waitFor({ state: 'detached' });
}

/** A JupyterLab notification toast (bottom right) with the given text. */
export function toast(page: Page, text: string | RegExp): Locator {
  return page.locator('.jp-toastContainer .Toastify__toast', { hasText: text });
}

/** Hides a toast the way a user does: toasts sit over the bottom-right of the main area. */
export async function hideToast(toastLocator: Locator): Promise<void> {
  await toastLocator.getByTitle('Hide notification').click();
  await toastLocator.waitFor({ state: 'detached' });
}
