/**
 * `npm run sandbox [-- --port N --gcp-root DIR --data-root DIR --token-lifetime S --bytes-per-second N]`:
 * starts the sandbox with the sample catalogue until Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { startSandbox } from './index';

function numberFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} must be a non-negative number, got "${value}"`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'gcp-root': { type: 'string' },
      'data-root': { type: 'string' },
      'token-lifetime': { type: 'string' },
      'bytes-per-second': { type: 'string' },
      'response-delay-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    }
  });
  if (values.help) {
    console.log(
      'usage: npm run sandbox -- [--port N] [--host H] [--gcp-root DIR] [--data-root DIR] [--token-lifetime SECONDS] [--bytes-per-second N] [--response-delay-ms MS]'
    );
    return;
  }
  const sandbox = await startSandbox({
    port: numberFlag(values.port, 'port'),
    host: values.host,
    gcpRoot: values['gcp-root'],
    dataRoot: values['data-root'],
    accessTokenLifetimeSeconds: numberFlag(values['token-lifetime'], 'token-lifetime'),
    transferBytesPerSecond: numberFlag(values['bytes-per-second'], 'bytes-per-second'),
    responseDelayMs: numberFlag(values['response-delay-ms'], 'response-delay-ms')
  });
  console.log(JSON.stringify({ event: 'listening', url: sandbox.url }));
  const collections = Object.entries(sandbox.ids)
    .map(([name, id]) => `${name}=${id}`)
    .join(' ');
  const identities = sandbox.identities.map(i => `${i.username} (${i.id})`).join(', ');
  console.log(
    `Globus sandbox at ${sandbox.url} (GLOBUS_SDK_SERVICE_URL_AUTH and _TRANSFER); gcp root ${sandbox.gcpRoot}; collections: ${collections}; identities: ${identities}`
  );
  const shutdown = () => {
    sandbox.stop().then(
      () => process.exit(0),
      () => process.exit(1)
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch(err => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
