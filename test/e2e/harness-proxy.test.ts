// The harness's jupyter-server-proxy stand-in behaves like the real one: lazy start on a private
// Unix socket, Jupyter's authentication in front, headers forwarded (no XSRF check), responses
// relayed. A fixture echo server plays the shim so the test sees exactly what was forwarded.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startLab, type RunningLab } from '../../harness/start';

jest.setTimeout(60_000);

const ECHO_SERVER = path.join(__dirname, 'fixtures', 'echo-server.cjs');

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  pid: number;
  sandboxUrl: string | null;
}

let workDir: string;
let lab: RunningLab;

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-harness-proxy-'));
  const prefix = path.join(workDir, 'prefix');
  const rootDir = path.join(workDir, 'root');
  fs.mkdirSync(path.join(prefix, 'etc', 'jupyter'), { recursive: true });
  fs.mkdirSync(rootDir);
  // The same entry the installer writes, with the echo server as the command.
  fs.writeFileSync(
    path.join(prefix, 'etc', 'jupyter', 'jupyter_server_config.json'),
    JSON.stringify({
      ServerProxy: {
        servers: {
          'globus-jupyterlab': {
            command: [process.execPath, ECHO_SERVER, '--unix-socket', '{unix_socket}'],
            unix_socket: true,
            timeout: 30,
            absolute_url: false,
            update_last_activity: false,
            launcher_entry: { enabled: false }
          }
        }
      }
    })
  );
  lab = await startLab({
    prefix,
    rootDir,
    baseUrl: '/user/alice/',
    env: { GLOBUS_SDK_SERVICE_URL_AUTH: 'http://sandbox.invalid' }
  });
});

afterAll(async () => {
  await lab?.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

const auth = () => ({ Authorization: `token ${lab.token}` });
const proxied = (route: string) => `${lab.url}globus-jupyterlab/${route}`;

/** Jupyter's log from byte `offset`, once it holds `line` (access lines are written after the answer). */
async function logAfter(offset: number, line: RegExp): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const text = fs.readFileSync(lab.logFile).subarray(offset).toString('utf8');
    if (line.test(text) || Date.now() > deadline) {
      return text;
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

test('without Jupyter credentials: GET is sent to the login page, POST is refused', async () => {
  const logOffset = fs.statSync(lab.logFile).size;
  const get = await fetch(proxied('config'), { redirect: 'manual' });
  expect(get.status).toBe(302);
  expect(get.headers.get('location')).toContain('/user/alice/login?next=');
  const post = await fetch(proxied('logout'), { method: 'POST', redirect: 'manual' });
  expect(post.status).toBe(403);
  // The refusals are clean: no handler error logged behind a correct answer.
  const log = await logAfter(logOffset, /403 POST \/user\/alice\/globus-jupyterlab\/logout/);
  expect(log).toMatch(/302 GET \/user\/alice\/globus-jupyterlab\/config/);
  expect(log).toMatch(/403 POST \/user\/alice\/globus-jupyterlab\/logout/);
  expect(log).not.toMatch(/Traceback|TypeError|Uncaught exception/);
});

test('an authenticated request reaches the server with its headers, path, query and body', async () => {
  const response = await fetch(`${proxied('submit path')}?a=1&b=two`, {
    method: 'POST',
    headers: {
      ...auth(),
      'Content-Type': 'application/json',
      // A mismatching XSRF pair passes: jupyter-server-proxy leaves that check to the app.
      'X-XSRFToken': 'header-value',
      Cookie: '_xsrf=cookie-value'
    },
    body: JSON.stringify({ hello: 'world' })
  });
  expect(response.status).toBe(200);
  const echo = (await response.json()) as Echo;
  expect(echo.method).toBe('POST');
  expect(echo.url).toBe('/submit%20path?a=1&b=two');
  expect(echo.body).toBe('{"hello":"world"}');
  expect(echo.headers['authorization']).toBe(`token ${lab.token}`);
  expect(echo.headers['x-xsrftoken']).toBe('header-value');
  expect(echo.headers['cookie']).toBe('_xsrf=cookie-value');
  expect(echo.headers['host']).toBe(`127.0.0.1:${lab.port}`);
  expect(echo.headers['x-forwarded-prefix']).toBe('/user/alice/globus-jupyterlab');
  expect(echo.headers['x-forwarded-context']).toBe('/user/alice/globus-jupyterlab');
  // The proxied process inherits the Jupyter server's environment.
  expect(echo.sandboxUrl).toBe('http://sandbox.invalid');
});

test('one process serves every request, on a socket in a private folder', async () => {
  const first = (await (await fetch(proxied('a'), { headers: auth() })).json()) as Echo;
  const second = (await (await fetch(proxied('b'), { headers: auth() })).json()) as Echo;
  expect(second.pid).toBe(first.pid);
  const command = fs.readFileSync(`/proc/${first.pid}/cmdline`, 'utf8').split('\0');
  const socketPath = command[command.indexOf('--unix-socket') + 1];
  expect(fs.statSync(socketPath).isSocket()).toBe(true);
  expect(fs.statSync(path.dirname(socketPath)).mode & 0o777).toBe(0o700);
});

test('status, Location and every Set-Cookie are relayed unchanged', async () => {
  const teapot = await fetch(proxied('teapot'), { headers: auth() });
  expect(teapot.status).toBe(418);
  const redirect = await fetch(proxied('redirect'), { headers: auth(), redirect: 'manual' });
  expect(redirect.status).toBe(302);
  expect(redirect.headers.get('location')).toBe('elsewhere?x=1');
  expect(redirect.headers.getSetCookie()).toEqual(
    expect.arrayContaining(['first=1; Path=/', 'second=2; Path=/'])
  );
});

test('the /lab page sets the _xsrf cookie the shim checks writes against', async () => {
  const page = await fetch(lab.labUrl, { redirect: 'manual' });
  expect(page.status).toBe(200);
  expect(page.headers.getSetCookie().some(cookie => cookie.startsWith('_xsrf='))).toBe(true);
});
