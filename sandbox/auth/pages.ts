/** The small HTML pages of the sandbox's Auth: login + consent, auth-code, errors. */
import type { SandboxIdentity } from '../catalogue';
import { escapeHtml } from '../util';

const STYLE = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;color:#1a1a1a}
fieldset{border:1px solid #ccc;padding:1rem}label{display:block;margin:.3rem 0}
.provider{color:#666;font-size:.85em;margin-left:1.6rem}.message{background:#fff4d6;padding:.6rem}
button{margin-right:.6rem;padding:.4rem 1.2rem}code{word-break:break-all}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export interface ConsentPageModel {
  requestId: string;
  clientName: string;
  identities: SandboxIdentity[];
  scopes: string[];
  namedGrant: string;
  sessionMessage?: string;
  mfaRequired: boolean;
  forceLogin: boolean;
}

export function consentPage(m: ConsentPageModel): string {
  const radios = m.identities
    .map(
      (identity, index) =>
        `<label><input type="radio" name="identity_id" value="${escapeHtml(identity.id)}"${index === 0 ? ' checked' : ''}>${escapeHtml(identity.username)}</label>` +
        `<div class="provider">${escapeHtml(identity.identity_provider_display_name)}</div>`
    )
    .join('');
  const scopes = m.scopes.map(s => `<li><code>${escapeHtml(s)}</code></li>`).join('');
  return page(
    'Globus Sandbox: log in',
    `<h1>Globus Sandbox</h1>
${m.sessionMessage ? `<p class="message" id="session-message">${escapeHtml(m.sessionMessage)}</p>` : ''}
${m.forceLogin ? '<p id="reauth">You must log in again.</p>' : ''}
${m.mfaRequired ? '<p id="mfa">Multi-factor authentication is required; the sandbox treats this login as MFA.</p>' : ''}
<form method="post" action="/v2/oauth2/authorize">
<input type="hidden" name="request_id" value="${escapeHtml(m.requestId)}">
<fieldset><legend>Log in with one of your identities</legend>${radios}</fieldset>
<h2><span id="client-name">${escapeHtml(m.clientName)}</span> would like to:</h2>
<ul id="requested-scopes">${scopes}</ul>
<label for="grant-name">Name this grant</label>
<input id="grant-name" name="grant_name" value="${escapeHtml(m.namedGrant)}">
<p><button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button></p>
</form>`
  );
}

export function authCodePage(code: string | undefined, error: string | undefined): string {
  if (error || !code) {
    return page(
      'Globus Sandbox: login failed',
      `<h1>Login failed</h1><p id="auth-error">${escapeHtml(error ?? 'no code')}</p>`
    );
  }
  return page(
    'Globus Sandbox: native app authorization code',
    `<h1>Native App Authorization Code</h1><p>Copy this code and paste it into your application:</p><code id="auth-code">${escapeHtml(code)}</code>`
  );
}

export function errorPage(title: string, detail: string): string {
  return page(
    `Globus Sandbox: ${title}`,
    `<h1>${escapeHtml(title)}</h1><p id="auth-error">${escapeHtml(detail)}</p>`
  );
}
