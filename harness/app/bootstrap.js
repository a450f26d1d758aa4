// The harness app's loader: puts every prebuilt (federated) labextension that jupyterlab_server
// lists in page config `federated_extensions` into webpack's default share scope, THEN starts the
// application. The order matters: a shared module (react, @jupyterlab/*) is resolved the first
// time it is consumed, so every provider must have registered before `./index` is even imported.
/* global __webpack_init_sharing__, __webpack_share_scopes__ */

function readPageConfig() {
  const element = document.getElementById('jupyter-config-data');
  return element ? JSON.parse(element.textContent || '{}') : {};
}

function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`Failed to load the labextension entry ${url}`));
    document.head.appendChild(script);
  });
}

// build-labextension emits a `var` library named ['_JUPYTERLAB', <package name>]
// (@jupyterlab/builder lib/extensionConfig.js), so the container appears on window._JUPYTERLAB.
async function initContainer(extension, labextensionsUrl) {
  await loadScript(`${labextensionsUrl}/${extension.name}/${extension.load}`);
  const container = window._JUPYTERLAB && window._JUPYTERLAB[extension.name];
  if (!container) {
    throw new Error(`The labextension ${extension.name} did not register a container`);
  }
  await container.init(__webpack_share_scopes__.default);
  return { extension, container };
}

async function bootstrap() {
  const pageConfig = readPageConfig();
  const extensions = pageConfig.federated_extensions || [];
  const labextensionsUrl = pageConfig.fullLabextensionsUrl || '/lab/extensions';

  await __webpack_init_sharing__('default');
  const settled = await Promise.allSettled(
    extensions.map(extension => initContainer(extension, labextensionsUrl))
  );
  const federated = [];
  for (const result of settled) {
    if (result.status === 'fulfilled') {
      federated.push(result.value);
    } else {
      // One broken extension must not take the whole application down (JupyterLab does the same);
      // the error still reaches the console, which the e2e suite treats as a failure.
      console.error(result.reason);
    }
  }

  const { startJupyterLab } = await import('./index');
  await startJupyterLab(federated);
}

bootstrap().catch(error => {
  console.error('The harness JupyterLab failed to start', error);
});
