/**
 * The page /oauth_callback answers in the login popup: it tells its opener how the login
 * ended (LoginCompleteMessage, src/api/types.ts) and closes; opened without an opener it
 * just says the window can be closed. Nothing from the request reaches the page
 * unescaped, and a per-page nonce is the only script the CSP allows.
 */
import { randomBytes } from 'node:crypto';
import type { LoginCompleteMessage } from '../src/api/types';

export interface Page {
  html: string;
  contentSecurityPolicy: string;
}

export function loginCompletePage(result: 'success' | 'error', message?: string): Page {
  const nonce = randomBytes(16).toString('base64');
  const payload: LoginCompleteMessage = {
    type: 'globus-jupyterlab:login',
    result,
    ...(message ? { message } : {})
  };
  const title = result === 'success' ? 'Logged in with Globus' : 'Globus login failed';
  const lead =
    result === 'success'
      ? 'Thank you for logging in with Globus! You can close this window.'
      : 'The Globus login did not complete. You can close this window and try again from JupyterLab.';
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:3rem auto;max-width:36rem;padding:0 1rem;color:#222}p.detail{color:#a00}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p id="lead">${escapeHtml(lead)}</p>
${message ? `<p class="detail" id="detail">${escapeHtml(message)}</p>` : ''}
<script nonce="${nonce}">
(function () {
  var message = ${scriptJson(payload)};
  if (window.opener && !window.opener.closed) {
    try { window.opener.postMessage(message, window.location.origin); } catch (e) {}
    // The opener closes this window once the message arrives; closing here at once
    // could let the opener see a closed window before the message is delivered.
    setTimeout(function () { window.close(); }, 3000);
  }
})();
</script>
</body>
</html>
`;
  return {
    html,
    contentSecurityPolicy: `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`);
}

/** JSON that is safe inside a <script> element (no `</script>`, no U+2028/2029). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
