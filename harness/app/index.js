// Starts the lean JupyterLab application: the core extensions baked into this bundle plus the
// federated extensions the loader (bootstrap.js) has already initialised.
import { JupyterLab } from '@jupyterlab/application';
import { PageConfig } from '@jupyterlab/coreutils';

import './build/style.js';
import { coreExtensionModules } from './build/extensions.js';

// A plugin module exports one plugin or an array of them, as an ES module or CommonJS.
function pluginsOf(module) {
  const exported = Object.prototype.hasOwnProperty.call(module, '__esModule')
    ? module.default
    : module;
  return Array.isArray(exported) ? exported : [exported];
}

async function federatedModule(container, exposed) {
  const factory = await container.get(exposed);
  return factory();
}

export async function startJupyterLab(federated) {
  const extensionModules = [...coreExtensionModules];
  const mimeExtensionModules = [];
  for (const { extension, container } of federated) {
    // Each failure is reported and skipped so the rest of the application still starts.
    try {
      if (extension.extension) {
        extensionModules.push({
          name: extension.name,
          module: await federatedModule(container, extension.extension)
        });
      }
      if (extension.mimeExtension) {
        mimeExtensionModules.push(await federatedModule(container, extension.mimeExtension));
      }
      if (extension.style) {
        await federatedModule(container, extension.style);
      }
    } catch (error) {
      console.error(`Failed to load the labextension ${extension.name}`, error);
    }
  }

  const disabled = { patterns: PageConfig.Extension.disabled, matches: [] };
  const deferred = { patterns: PageConfig.Extension.deferred, matches: [] };
  const availablePlugins = [];
  const register = [];
  for (const { name, module } of extensionModules) {
    for (const plugin of pluginsOf(module)) {
      const isDisabled = PageConfig.Extension.isDisabled(plugin.id);
      availablePlugins.push({
        id: plugin.id,
        description: plugin.description,
        requires: plugin.requires ?? [],
        optional: plugin.optional ?? [],
        provides: plugin.provides ?? null,
        autoStart: plugin.autoStart,
        enabled: !isDisabled,
        extension: name
      });
      if (isDisabled) {
        disabled.matches.push(plugin.id);
        continue;
      }
      if (PageConfig.Extension.isDeferred(plugin.id)) {
        deferred.matches.push(plugin.id);
      }
      register.push(plugin);
    }
  }

  const lab = new JupyterLab({
    mimeExtensions: mimeExtensionModules.flatMap(pluginsOf),
    disabled,
    deferred,
    availablePlugins
  });
  lab.registerPlugins(register);
  // Tests drive the application through `window.jupyterapp`, as JupyterLab's own Galata does.
  if (PageConfig.getOption('exposeAppInBrowser') === 'true') {
    window.jupyterapp = lab;
  }
  await lab.start({ ignorePlugins: deferred.matches, bubblingKeydown: true });
  await lab.restored;
}
