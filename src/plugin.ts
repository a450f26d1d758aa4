/**
 * The JupyterLab plugins of globus-jupyterlab-ts: wiring only. Everything
 * heavy (axios, react-query, xstate, the React UI) loads on first use from
 * `./runtime` and `./widgets`, so JupyterLab starts with just this file.
 *
 * - `:settings` provides `IGlobusModel`: the settings and the lazy runtime.
 * - `:transfer` adds `globus:transfer` (file browser context menu, declared in
 *   schema/transfer.json, and the command palette) and opens the wizard.
 * - `:panel` adds the Globus side panel and `globus:open-panel`,
 *   `globus:login`, `globus:logout`.
 */
import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator, type TranslationBundle } from '@jupyterlab/translation';
import { Panel } from '@lumino/widgets';
import { type ISignal, Signal } from '@lumino/signaling';
import { globusIcon } from './icons';
import type { GlobusRuntime } from './runtime';
import {
  DEFAULT_SETTINGS,
  isInspectorRequested,
  readSettings,
  type IGlobusSettings
} from './settings';
import { CommandIDs, IGlobusModel, PluginIDs } from './tokens';

const TRANSLATION_DOMAIN = 'globus_jupyterlab_ts';
const PALETTE_CATEGORY = 'Globus';

/** The settings and the runtime, loaded once on first use. */
class GlobusModel implements IGlobusModel {
  constructor(
    readonly serverSettings: IGlobusModel['serverSettings'],
    private readonly trans: TranslationBundle
  ) {}

  get settings(): IGlobusSettings {
    return this._settings;
  }

  get settingsChanged(): ISignal<IGlobusModel, IGlobusSettings> {
    return this._settingsChanged;
  }

  get loadedRuntime(): GlobusRuntime | null {
    return this._loaded;
  }

  update(settings: IGlobusSettings): void {
    this._settings = settings;
    this._settingsChanged.emit(settings);
  }

  runtime(): Promise<GlobusRuntime> {
    if (!this._runtime) {
      this._runtime = import('./runtime').then(async module => {
        const runtime = await module.createRuntime({
          serverSettings: this.serverSettings,
          trans: this.trans,
          settings: () => this._settings,
          inspect: isInspectorRequested(this._settings, window.location.search)
        });
        this._loaded = runtime;
        return runtime;
      });
    }
    return this._runtime;
  }

  private _settings: IGlobusSettings = DEFAULT_SETTINGS;
  private _settingsChanged: Signal<IGlobusModel, IGlobusSettings> = new Signal(this);
  private _runtime: Promise<GlobusRuntime> | null = null;
  private _loaded: GlobusRuntime | null = null;
}

const settingsPlugin: JupyterFrontEndPlugin<IGlobusModel> = {
  id: PluginIDs.settings,
  description: 'Globus transfer settings and the lazily loaded Globus runtime.',
  autoStart: true,
  provides: IGlobusModel,
  optional: [ISettingRegistry, ITranslator],
  activate: async (
    app: JupyterFrontEnd,
    registry: ISettingRegistry | null,
    translator: ITranslator | null
  ): Promise<IGlobusModel> => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const model = new GlobusModel(app.serviceManager.serverSettings, trans);
    if (registry) {
      try {
        const settings = await registry.load(PluginIDs.settings);
        const read = () =>
          model.update(readSettings(settings.composite as Record<string, unknown>));
        settings.changed.connect(read);
        read();
      } catch (error) {
        console.warn(`${PluginIDs.settings}: settings could not be loaded, using defaults`, error);
      }
    }
    return model;
  }
};

const transferPlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.transfer,
  description: 'The "Transfer with Globus" command, context menu item and wizard.',
  autoStart: true,
  requires: [IGlobusModel],
  optional: [IDefaultFileBrowser, ITranslator, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    model: IGlobusModel,
    browser: IDefaultFileBrowser | null,
    translator: ITranslator | null,
    palette: ICommandPalette | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const contents = app.serviceManager.contents;

    const selectionFromBrowser = () => {
      const items = browser ? Array.from(browser.selectedItems()) : [];
      return {
        paths: items.map(item => contents.localPath(item.path)),
        dirs: items.map(item => item.type === 'directory')
      };
    };
    const selectionFromArgs = async (paths: unknown[]) => {
      if (!paths.every(path => typeof path === 'string')) {
        throw new Error(`${CommandIDs.transfer}: \`paths\` must be a list of strings`);
      }
      const models = await Promise.all(paths.map(path => contents.get(path, { content: false })));
      return {
        paths: models.map(item => contents.localPath(item.path)),
        dirs: models.map(item => item.type === 'directory')
      };
    };

    app.commands.addCommand(CommandIDs.transfer, {
      label: trans.__('Transfer with Globus…'),
      caption: trans.__('Transfer the selected files or folder with Globus'),
      icon: globusIcon,
      describedBy: {
        args: {
          type: 'object',
          properties: {
            paths: {
              type: 'array',
              items: { type: 'string' },
              description: trans.__(
                'Jupyter paths to transfer (default: the file browser selection)'
              )
            }
          }
        }
      },
      isEnabled: args =>
        Array.isArray(args.paths) || (browser !== null && !browser.selectedItems().next().done),
      execute: async args => {
        try {
          const selection = Array.isArray(args.paths)
            ? await selectionFromArgs(args.paths)
            : selectionFromBrowser();
          if (selection.paths.length === 0) {
            Notification.warning(trans.__('Select files or a folder in the file browser first.'));
            return;
          }
          const [runtime, widgets] = await Promise.all([model.runtime(), import('./widgets')]);
          await widgets.openWizard(runtime, selection, widget => {
            app.shell.add(widget, 'main');
            app.shell.activateById(widget.id);
          });
        } catch (error) {
          Notification.error(
            trans.__(
              'Could not open the Globus transfer: %1',
              error instanceof Error ? error.message : String(error)
            )
          );
        }
      }
    });
    palette?.addItem({ command: CommandIDs.transfer, category: PALETTE_CATEGORY });
  }
};

/** The side panel: a light shell whose React content loads the first time it is shown. */
class LazyGlobusPanel extends Panel {
  constructor(
    private readonly model: IGlobusModel,
    private readonly trans: TranslationBundle
  ) {
    super();
    this.id = 'jp-Globus-panel';
    this.addClass('jp-Globus-panelShell');
    this.title.icon = globusIcon;
    this.title.caption = trans.__('Globus');
  }

  protected onBeforeShow(): void {
    if (this.loading) {
      return;
    }
    this.loading = Promise.all([this.model.runtime(), import('./widgets')])
      .then(([runtime, widgets]) => {
        if (!this.isDisposed) {
          this.addWidget(widgets.createPanelContent(runtime));
        }
      })
      .catch(error => {
        this.node.textContent = this.trans.__(
          'The Globus panel could not be loaded: %1',
          error instanceof Error ? error.message : String(error)
        );
      });
  }

  private loading: Promise<void> | null = null;
}

const panelPlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.panel,
  description: 'The Globus side panel: login, identity and recent transfers.',
  autoStart: true,
  requires: [IGlobusModel],
  optional: [ITranslator, ILayoutRestorer, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    model: IGlobusModel,
    translator: ITranslator | null,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const panel = new LazyGlobusPanel(model, trans);
    app.shell.add(panel, 'left', { rank: 900 });
    restorer?.add(panel, panel.id);

    const withRuntime = (action: (runtime: GlobusRuntime) => void) => {
      // Act inside the click when the runtime is loaded: a login popup opened
      // after an await is blocked by browsers (the panel then offers a button).
      const loaded = model.loadedRuntime;
      if (loaded) {
        action(loaded);
        return;
      }
      return model.runtime().then(action);
    };

    app.commands.addCommand(CommandIDs.openPanel, {
      label: trans.__('Show the Globus panel'),
      icon: globusIcon,
      describedBy: { args: { type: 'object', properties: {} } },
      execute: () => app.shell.activateById(panel.id)
    });
    app.commands.addCommand(CommandIDs.login, {
      label: trans.__('Log in to Globus'),
      describedBy: { args: { type: 'object', properties: {} } },
      execute: () => {
        app.shell.activateById(panel.id);
        return withRuntime(runtime => runtime.auth.send({ type: 'login' }));
      }
    });
    app.commands.addCommand(CommandIDs.logout, {
      label: trans.__('Log out of Globus'),
      describedBy: { args: { type: 'object', properties: {} } },
      execute: () => withRuntime(runtime => runtime.auth.send({ type: 'logout' }))
    });
    for (const command of [CommandIDs.openPanel, CommandIDs.login, CommandIDs.logout]) {
      palette?.addItem({ command, category: PALETTE_CATEGORY });
    }
  }
};

export default [settingsPlugin, transferPlugin, panelPlugin];
