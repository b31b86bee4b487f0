// A Worker written against @cloudflare/workers-oauth-provider 1.2.3's types:
// the client and grant management helpers, exchangeToken, getOAuthApi and
// purgeExpiredData outside a request (a Cron Trigger).
import OAuthProvider, {
  getOAuthApi,
  type ClientInfo,
  type ExchangeTokenOptions,
  type OAuthHelpers,
  type OAuthProviderOptions,
  type PurgeResult,
  type TokenSummary,
} from '@cloudflare/workers-oauth-provider';

interface ManageProps { name: string }

const options: OAuthProviderOptions<SampleEnv> = {
  apiRoute: '/api/',
  apiHandler: { fetch: async () => new Response('api') },
  defaultHandler: { fetch: async () => new Response('default') },
  authorizeEndpoint: '/authorize',
  tokenEndpoint: '/token',
  resourceMetadata: { resource: 'https://api.example' },
};
const provider = new OAuthProvider<SampleEnv>(options);

export async function manage(env: SampleEnv): Promise<void> {
  const api: OAuthHelpers = getOAuthApi<SampleEnv>(options, env);
  const page = await api.listClients({ limit: 10 });
  const first: ClientInfo | undefined = page.items[0];
  const next: string | undefined = page.cursor;
  const updated: ClientInfo | null = await env.OAUTH_PROVIDER.updateClient('id', {
    clientName: 'x',
    redirectUris: ['https://a.example/cb'],
  });
  await api.deleteClient(first?.clientId ?? 'id');
  const t: TokenSummary<ManageProps> | null = await api.unwrapToken<ManageProps>('u:g:s');
  const name: string | undefined = t?.grant.props.name;
  const ask: ExchangeTokenOptions = { subjectToken: 'u:g:s', scope: ['read'], aud: 'https://api.example', expiresIn: 300 };
  const x = await env.OAUTH_PROVIDER.exchangeToken(ask);
  const exchanged: [string, 'bearer', number, string, string] = [x.access_token, x.token_type, x.expires_in, x.scope, x.resource];
  void exchanged;
  let r: PurgeResult = await api.purgeExpiredData({ batchSize: 100 });
  while (!r.done) r = await provider.purgeExpiredData(env, { cursor: r.cursor });
  void [next, updated, name];
}

export default {
  fetch: (request: Request, env: SampleEnv, ctx: ExecutionContext) => provider.fetch(request, env, ctx),
  async scheduled(_controller: ScheduledController, env: SampleEnv) {
    await provider.purgeExpiredData(env, { batchSize: 500 });
  },
} satisfies ExportedHandler<SampleEnv>;
