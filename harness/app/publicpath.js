// Runs before any other module of the harness app: webpack must know where its chunks are served
// (`{base_url}static/lab/`, page config `fullStaticUrl`) before it fetches the first one.
const configElement = document.getElementById('jupyter-config-data');
const pageConfig = configElement ? JSON.parse(configElement.textContent || '{}') : {};
__webpack_public_path__ = `${pageConfig.fullStaticUrl || '/static/lab'}/`;
