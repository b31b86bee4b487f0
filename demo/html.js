// HTML pages of the demo.
export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

// Every page refuses to be framed (CSP frame-ancestors, and X-Frame-Options for
// older browsers), so the consent page's buttons cannot be clickjacked. `headers`
// adds to (or overrides) the defaults.
export function page(status, title, body, headers = {}) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}
button{font:inherit;padding:.4rem 1.2rem;margin-right:.5rem}pre{background:#f4f4f4;padding:.8rem;overflow:auto}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  return new Response(html, {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      'X-Frame-Options': 'DENY',
      ...headers,
    },
  });
}
