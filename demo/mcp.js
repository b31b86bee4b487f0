// A minimal MCP server (Streamable HTTP transport, JSON responses) with one
// tool, whoami, answering from the OAuth props the provider verified.
const PROTOCOL_VERSION = '2025-06-18';

function result(id, value) {
  return Response.json({ jsonrpc: '2.0', id, result: value });
}

function error(id, code, message) {
  return Response.json({ jsonrpc: '2.0', id: id ?? null, error: { code, message } });
}

export async function handleMcp(request, ctx) {
  if (request.method === 'GET') return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } });
  if (request.method !== 'POST') return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } });
  let msg;
  try {
    msg = await request.json();
  } catch {
    return error(null, -32700, 'Parse error');
  }
  if (msg?.jsonrpc !== '2.0' || typeof msg.method !== 'string') return error(msg?.id, -32600, 'Invalid Request');
  if (msg.id === undefined) return new Response(null, { status: 202 }); // a notification
  switch (msg.method) {
    case 'initialize':
      return result(msg.id, {
        protocolVersion: msg.params?.protocolVersion ?? PROTOCOL_VERSION,
        capabilities: { tools: {} },
        serverInfo: { name: 'oc-oauth-provider-demo', version: '0.1.0' },
      });
    case 'ping':
      return result(msg.id, {});
    case 'tools/list':
      return result(msg.id, {
        tools: [{ name: 'whoami', description: 'Who the access token was issued to', inputSchema: { type: 'object', properties: {} } }],
      });
    case 'tools/call':
      if (msg.params?.name !== 'whoami') return error(msg.id, -32602, 'Unknown tool');
      return result(msg.id, {
        content: [{ type: 'text', text: JSON.stringify({ user: ctx.props, scope: ctx.auth?.scope ?? [], clientId: ctx.auth?.clientId }) }],
      });
    default:
      return error(msg.id, -32601, 'Method not found');
  }
}
