/**
 * Which redirect_uris the sandbox's native clients accept: any loopback
 * http(s) URL (JupyterLab's /globus-jupyterlab/oauth_callback on any port)
 * and Auth's own copy-this-code page (globus-api.md §1.2–1.3).
 */
export function isAllowedRedirectUri(uri: string, authCodePage: string): boolean {
  if (uri === authCodePage) return true;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.hash) return false;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}
