// The demo's consent page answered over HTTP, as a user's browser would: GET the
// page, read the form's hidden single-use token, POST the decision with it.
import assert from 'node:assert/strict';

// The hidden form token on a consent page's HTML (throws when there is none).
export function formToken(html) {
  const m = html.match(/<input type="hidden" name="form_token" value="([^"]+)">/);
  assert.ok(m, 'the consent page carries a form token');
  return m[1];
}

// GETs the consent page at `authorizeUrl` and POSTs `decision` with its token.
// Returns the POST's response (not followed) and the token used.
export async function answerConsent(authorizeUrl, decision = 'approve') {
  const page = await fetch(authorizeUrl);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /Authorize access/);
  const token = formToken(html);
  const res = await fetch(authorizeUrl, {
    method: 'POST', body: new URLSearchParams({ form_token: token, decision }), redirect: 'manual',
  });
  return { res, token };
}
