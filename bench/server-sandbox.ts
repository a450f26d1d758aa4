/**
 * The benchmark's Globus: a sandbox in its own process (so it does not share a CPU
 * thread with the shim or the load generator), with a logged-in user whose tokens are
 * written to a token file in the format the shim reads.
 *
 * Started by bench/server.ts with an IPC channel: it sends {url, accessToken} once ready
 * and answers {connections} to every "connections" message.
 */
import { startSandbox } from '../sandbox';
import { writePythonTokenFile } from '../test/server/python-token-file';

const TRANSFER = 'urn:globus:auth:scope:transfer.api.globus.org:all';

async function main(): Promise<void> {
  const [tokenFile, delay] = process.argv.slice(2);
  if (!tokenFile) throw new Error('usage: server-sandbox.ts TOKEN_FILE [RESPONSE_DELAY_MS]');
  const sandbox = await startSandbox({ quiet: true, responseDelayMs: Number(delay ?? 0) });
  const issued = sandbox.issueTokens({ scopes: [TRANSFER, 'openid', 'profile'] });
  writePythonTokenFile(tokenFile, issued, 'bench');
  const transfer = [issued, ...(issued.other_tokens ?? [])].find(
    doc => doc.resource_server === 'transfer.api.globus.org'
  );
  process.on('message', message => {
    if (message === 'connections') process.send?.({ connections: sandbox.connectionsAccepted() });
    if (message === 'stop') void sandbox.stop().then(() => process.exit(0));
  });
  process.send?.({
    url: sandbox.url,
    accessToken: transfer?.access_token,
    collection: sandbox.ids.tutorial1
  });
}

main().catch(error => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
