import type { Request } from 'express';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

const DEFAULT_QUERY = `# Send requests with the Authorization header (Headers tab below).
query Me {
  me { id email }
  myConsultations { id status version missingAnswers }
}
`;

let cached: { key: string; html: string } | null = null;

/** A browser asking for the page (not a GET query, which carries ?query=). */
export function wantsGraphiQL(req: Request): boolean {
  return req.query.query === undefined && (req.accepts(['application/json', 'text/html']) === 'text/html');
}

/**
 * GraphiQL from @graphql-yoga/render-graphiql: everything is inlined, so it works offline.
 * Subscriptions go over graphql-ws on the same path.
 */
export function graphiqlPage(options: { token?: string | null } = {}): string {
  const key = options.token ?? '';
  if (cached?.key !== key) {
    const headers = options.token ? JSON.stringify({ Authorization: `Bearer ${options.token}` }, null, 2) : undefined;
    cached = {
      key,
      html: renderGraphiQL({
        title: 'Adaptive coach API',
        endpoint: '/graphql',
        subscriptionsProtocol: 'WS',
        defaultQuery: DEFAULT_QUERY,
        ...(headers ? { headers, defaultHeaders: headers } : {}),
      }),
    };
  }
  return cached.html;
}
