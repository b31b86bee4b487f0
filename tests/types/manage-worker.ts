// A Worker written against @cloudflare/workers-oauth-provider 1.2.3's types:
// the client and grant management helpers, getOAuthApi and purgeExpiredData
// outside a request (a Cron Trigger).
import OAuthProvider, {
  getOAuthApi,
  type ClientInfo,
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
