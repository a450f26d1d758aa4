/**
 * Start the example submission service the way JupyterHub starts a managed
 * service: everything comes from the environment the Hub hands it
 * (jupyter-ecosystem.md §2.4) plus where Globus Transfer is.
 *
 *   JUPYTERHUB_SERVICE_URL     where to listen, e.g. http://127.0.0.1:10101
 *   JUPYTERHUB_API_URL         the Hub API, e.g. http://127.0.0.1:8081/hub/api
 *   JUPYTERHUB_SERVICE_PREFIX  e.g. /services/globus-submission/
 *   GLOBUS_SDK_SERVICE_URL_TRANSFER  optional; default https://transfer.api.globus.org
 */
import { createSubmissionService } from './service';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`hub-submission-service: ${name} is not set; run me as a JupyterHub service.`);
    process.exit(2);
  }
  return value;
}

const listenUrl = new URL(required('JUPYTERHUB_SERVICE_URL'));
const server = createSubmissionService({
  hubApiUrl: required('JUPYTERHUB_API_URL'),
  prefix: required('JUPYTERHUB_SERVICE_PREFIX'),
  transferUrl: process.env.GLOBUS_SDK_SERVICE_URL_TRANSFER || 'https://transfer.api.globus.org',
  log: line => console.log(`[hub-submission-service] ${line}`)
});
server.listen(Number(listenUrl.port), listenUrl.hostname, () => {
  console.log(`[hub-submission-service] listening on ${listenUrl.origin}`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
