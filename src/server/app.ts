import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { NextFunction, Request, Response } from 'express';
import { ApolloServer, ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, GraphQLSchema, parse, specifiedRules, validate } from 'graphql';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { createPubSub } from '@graphql-yoga/subscription';
import type { Logger } from 'pino';
import { Config } from '../config';
import { AppError, unavailable } from '../core/errors';
import { isConnectionError } from '../core/db/connectionErrors';
import { pendingMigrations } from '../core/db/migrator';
import { LogTailer } from '../core/projections/logTailer';
import { Services } from '../services';
import { profileRegistrar } from '../profiles/ensureProfile';
import { PLAN_CHANGED, toPlanChange } from '../notifications/planChange.resolver';
import { PLAN_CHANGE_EVENT_TYPES } from '../programs/program.projection';
import { NOTIFICATION_ADDED } from '../notifications/notification.resolver';
import { NOTIFICATION_CREATED } from '../notifications/notification';
import { notificationFromData } from '../notifications/notification.queries';
import { startNotificationReactor } from '../notifications/notificationReactor';
import { LogWakeups } from '../core/projections/logWakeups';
import type { NotificationData } from '../adjustments/contracts';
import { AuthUser, bearerToken, createTokenVerifier } from './auth';
import { GraphQLContext } from './context';
import { asParseError, asValidationError, createErrorFormatter, formatErrors } from './errors';
import { depthLimitRule } from './limits';
import { admitOperation } from './admission';
import { buildAppSchema } from './schema';
import { graphiqlPage, wantsGraphiQL } from './graphiql';

export const GRAPHQL_PATH = '/graphql';
/** The largest request body accepted: a GraphQL operation with its variables. */
const BODY_LIMIT = '100kb';
/** How long graceful shutdown waits for in-flight requests before closing sockets. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface RunningServer {
  url: string;
  port: number;
  httpServer: http.Server;
  schema: GraphQLSchema;
  stop(): Promise<void>;
}

const REQUEST_ID_RE = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * UNAUTHENTICATED is always HTTP 401, whether the token is missing (a resolver asks for one),
 * forged, expired or malformed; the challenge follows RFC 6750 section 3. UNAVAILABLE (the
 * database is away while a first-time caller's profile is registered) is 503.
 */
const UNAUTHENTICATED_STATUS = 401;
const UNAVAILABLE_STATUS = 503;
const bearerChallenge = (tokenGiven: boolean): string => (tokenGiven ? 'Bearer error="invalid_token"' : 'Bearer');

function toGraphQLError(caught: unknown): GraphQLError {
  // Registering a first-time caller's profile needs the database.
  const error = !(caught instanceof AppError) && isConnectionError(caught) ? unavailable() : caught;
  if (error instanceof AppError) {
    const http = error.code === 'UNAUTHENTICATED'
      ? {
        status: UNAUTHENTICATED_STATUS,
        // Apollo reads a HeaderMap here; graphql-yoga's typings (through render-graphiql) say a record.
        headers: new HeaderMap([['www-authenticate', bearerChallenge(true)]]) as unknown as Record<string, string>,
      }
      : { status: error.code === 'UNAVAILABLE' ? UNAVAILABLE_STATUS : 400 };
    return new GraphQLError(error.message, { extensions: { code: error.code, ...error.details, http } });
  }
  throw error;
}

/** Reads a token from graphql-ws connectionParams: { Authorization }, { authorization }, { token } or { headers: {...} }. */
function connectionToken(params: Record<string, unknown> | undefined): string | null {
  if (!params) return null;
  const headers = (params.headers ?? {}) as Record<string, unknown>;
  const header = params.Authorization ?? params.authorization ?? headers.Authorization ?? headers.authorization;
  if (typeof header === 'string') return bearerToken(header);
  return typeof params.token === 'string' ? params.token : null;
}

type WsExtra = {
  user?: AuthUser | null;
  requestId?: string;
  /** Users of single operations that carried their own Authorization (GraphiQL does). */
  operationUsers?: Map<string, AuthUser>;
};

function operationAuthorization(extensions: Record<string, unknown> | null | undefined): string | null {
  const headers = (extensions?.headers ?? {}) as Record<string, unknown>;
  const header = headers.Authorization ?? headers.authorization;
  return typeof header === 'string' ? header : null;
}

/**
 * One HTTP server: GraphQL over POST/GET at /graphql (Apollo Server 5 on express 5), GraphQL
 * subscriptions over WebSocket on the same path (graphql-ws), GraphiQL for browsers at GET
 * /graphql, /healthz and /readyz.
 */
export async function startServer(
  config: Config,
  services: Services,
  logger: Logger,
  options: { graphiqlToken?: string | null } = {},
): Promise<RunningServer> {
  const pubSub = createPubSub();
  const schema = buildAppSchema(pubSub);
  const verify = createTokenVerifier(config.jwt);
  const registerProfile = profileRegistrar(services);
  // Apollo's formatError sees no request: the errors of each request are tagged with its id first.
  const requestIdOfError = new WeakMap<object, string>();
  const formatError = createErrorFormatter(logger, (error) => (error instanceof Object ? requestIdOfError.get(error) : undefined));

  async function authenticate(token: string | null): Promise<AuthUser | null> {
    if (!token) return null;
    const user = await verify(token);
    await registerProfile(user.id, user.email);
    return user;
  }

  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);

  app.use((req: Request, res: Response, next: NextFunction) => {
    const given = req.header('x-request-id');
    const requestId = given && REQUEST_ID_RE.test(given) ? given : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logger.info(
        { requestId, method: req.method, path: req.path, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 },
        'request',
      );
    });
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    try {
      const pending = await pendingMigrations(services.db.sql);
      if (pending.length > 0) {
        res.status(503).json({ status: 'migrations pending', pending });
        return;
      }
      res.json({ status: 'ready', database: services.db.sql.kind });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'database unreachable' });
    }
  });

  app.get(GRAPHQL_PATH, (req, res, next) => {
    if (!wantsGraphiQL(req)) return next();
    res.type('html').send(graphiqlPage({ token: options.graphiqlToken }));
  });

  const wsFormatError = (extra: WsExtra) => createErrorFormatter(logger, () => extra.requestId);
  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH });
  const wsCleanup = useServer<Record<string, unknown>, WsExtra>(
    {
      schema,
      onConnect: async (ctx) => {
        try {
          ctx.extra.user = await authenticate(connectionToken(ctx.connectionParams));
          ctx.extra.requestId = randomUUID();
          return true;
        } catch (error) {
          logger.info({ err: error }, 'websocket connection refused');
          return false;
        }
      },
      context: (ctx, id): GraphQLContext => ({
        services,
        user: ctx.extra.operationUsers?.get(id) ?? ctx.extra.user ?? null,
        requestId: ctx.extra.requestId ?? randomUUID(),
        log: logger,
      }),
      onSubscribe: async (ctx, id, payload) => {
        // GraphiQL sends its Headers tab with each operation, in extensions.headers.
        const header = operationAuthorization(payload.extensions);
        if (header) {
          try {
            const user = await authenticate(bearerToken(header));
            if (user) (ctx.extra.operationUsers ??= new Map()).set(id, user);
          } catch (error) {
            if (error instanceof AppError) return [error.toGraphQLError()];
            throw error;
          }
        }
        // The same checks as over HTTP, in the same order; onError formats what they refuse.
        let document;
        try {
          document = parse(payload.query, { maxTokens: config.limits.maxTokens });
        } catch (error) {
          if (error instanceof GraphQLError) return [asParseError(error)];
          throw error;
        }
        const errors = validate(schema, document, [...specifiedRules, depthLimitRule(config.limits.maxDepth)]);
        if (errors.length > 0) return errors.map(asValidationError);
        const refused = admitOperation(schema, config.limits, document, payload.operationName, payload.variables);
        if (refused) return [refused];
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
      },
      // graphql-ws never calls Apollo's formatError: format and mask here, as HTTP does.
      onNext: (ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: formatErrors(wsFormatError(ctx.extra), result.errors) } : undefined,
      onError: (ctx, _id, _payload, errors) => formatErrors(wsFormatError(ctx.extra), errors),
      onComplete: (ctx, id) => {
        ctx.extra.operationUsers?.delete(id);
      },
    },
    wsServer,
  );

  const limitsPlugin: ApolloServerPlugin<GraphQLContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const refused = admitOperation(schema, config.limits, document, request.operationName, request.variables);
          if (refused) throw refused;
        },
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) requestIdOfError.set(error, contextValue.requestId);
        },
        async willSendResponse({ request, response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          if (!errors?.some((error) => error.extensions?.code === 'UNAUTHENTICATED')) return;
          response.http.status = UNAUTHENTICATED_STATUS;
          response.http.headers.set('www-authenticate', bearerChallenge(Boolean(request.http?.headers.get('authorization'))));
        },
      };
    },
  };

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    csrfPrevention: true,
    // main.ts owns the signal handlers and the shutdown order; two handlers deadlock.
    stopOnTerminationSignals: false,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: config.limits.maxTokens },
    validationRules: [depthLimitRule(config.limits.maxDepth)],
    formatError,
    // Apollo indents responses by default: a 28-day calendar is a third larger and slower.
    stringifyResult: (value) => JSON.stringify(value),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: SHUTDOWN_GRACE_MS }),
      ApolloServerPluginLandingPageDisabled(),
      // Cache hints are unused, and the plugin wraps every field resolver to collect them.
      ApolloServerPluginCacheControlDisabled(),
      limitsPlugin,
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.use(
    GRAPHQL_PATH,
    express.json({ limit: BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const requestId = String(res.locals.requestId);
        let user: AuthUser | null;
        try {
          user = await authenticate(bearerToken(req.header('authorization')));
        } catch (error) {
          throw toGraphQLError(error);
        }
        return { services, user, requestId, log: logger.child({ requestId }) };
      },
    }),
  );

  // Malformed JSON or a body over the limit: a GraphQL-shaped error, not an HTML page.
  app.use((error: Error & { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = error.status ?? 500;
    if (status >= 500) logger.error({ err: error }, 'unhandled http error');
    const message = error.type === 'entity.too.large' ? `the request body is larger than ${BODY_LIMIT}` : status >= 500 ? 'Internal server error' : error.message;
    res.status(status).json({ errors: [{ message, extensions: { code: status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }] });
  });

  // Live pushes follow the log after the commit, on every instance: PostgreSQL is the bus.
  const tailer = new LogTailer(services.store, {
    intervalMs: config.log.pollIntervalMs,
    // planChanged pushes what happened, not the event's data; notificationAdded pushes the notification.
    // ... and carries a plan change's explanation, without its diff.
    dataFor: [NOTIFICATION_CREATED, ...PLAN_CHANGE_EVENT_TYPES],
    omitDataKeys: ['diff', 'reassessment'],
    onEvents: (events) => {
      for (const event of events) {
        pubSub.publish(PLAN_CHANGED, event.userId, toPlanChange(event));
        // An event without its data (none is written so) is not worth stopping every push for.
        if (event.type === NOTIFICATION_CREATED && event.data) pubSub.publish(NOTIFICATION_ADDED, event.userId, notificationFromData(event.data as NotificationData));
      }
    },
    onError: (error) => logger.warn({ err: error }, 'log tailer failed; retrying'),
  });
  await tailer.start();
  const reactor = config.runNotificationReactor ? startNotificationReactor(services, logger, config) : null;
  // Wake-ups after this process's commits (directly) and, on PostgreSQL, the other processes' (LISTEN).
  const wakeups = config.log.listen ? await LogWakeups.start(services.db.sql, services.store, logger) : null;
  wakeups?.subscribe(() => tailer.wake());
  if (reactor) wakeups?.subscribe(() => reactor.wake());

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

  let stopping: Promise<void> | null = null;
  return {
    url: `http://${shownHost}:${port}${GRAPHQL_PATH}`,
    port,
    httpServer,
    schema,
    stop: () => {
      // Stop accepting, let in-flight requests finish, close sockets, then the tailer.
      stopping ??= (async () => {
        await apollo.stop();
        logger.info('http and websocket drained');
        await reactor?.stop();
        await wakeups?.stop();
        await tailer.stop();
        logger.info('log tailer and notification reactor stopped');
      })();
      return stopping;
    },
  };
}

