// Compiled by tsc --strict in the test run: the management helpers as an application uses them.
import { OAuthProvider, getOAuthApi, type OAuthHelpers, type ClientInfo, type PurgeResult, type TokenSummary } from 'oc-oauth-provider';

interface Env { OAUTH_KV: unknown }
interface Props { name: string }
const options = { defaultHandler: { fetch: async () => new Response('y') }, resourceMetadata: { resource: 'https://x/api' } };
const provider = new OAuthProvider<Env>(options);

export async function manage(env: Env, h: OAuthHelpers): Promise<void> {
  const api: OAuthHelpers = getOAuthApi<Env>(options, env);
  const page = await api.listClients({ limit: 10 });
  const first: ClientInfo | undefined = page.items[0];
  const next: string | undefined = page.cursor;
  const updated: ClientInfo | null = await h.updateClient('id', { clientName: 'x', redirectUris: ['https://a/cb'] });
  await h.deleteClient(first?.clientId ?? 'id');
  const t: TokenSummary<Props> | null = await h.unwrapToken<Props>('u:g:s');
  const name: string | undefined = t?.grant.props.name;
  let r: PurgeResult = await api.purgeExpiredData({ batchSize: 100 });
  while (!r.done) r = await provider.purgeExpiredData(env, { cursor: r.cursor });
  void [next, updated, name];
}
