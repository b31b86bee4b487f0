// Test Worker: the provider plus a probe of the core's memory.
import { OAuthProvider } from '../../../js-shim/entry-workerd.js';
import { getCore } from '../../../js-shim/wasm.js';

const provider = new OAuthProvider({
  apiRoute: ['/api/'],
  apiHandler: { fetch: (req, env, ctx) => Response.json({ props: ctx.props }) },
  defaultHandler: {
    fetch(req) {
      const url = new URL(req.url);
      if (url.pathname === '/__memory') return Response.json({ bytes: getCore().memoryBytes });
      return new Response('default', { status: 200 });
    },
  },
});

export default provider;
