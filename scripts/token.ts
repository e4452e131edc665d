import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { isUuid, mintToken } from '../src/server/auth';

/** npm run token -- --user <uuid> [--email e] [--expires 30d]: a development token. */
async function run(): Promise<void> {
  const { values } = parseArgs({
    options: { user: { type: 'string' }, email: { type: 'string' }, expires: { type: 'string', default: '30d' } },
  });
  const config = loadConfig();
  if (!config.jwt.secret || config.jwt.jwksUrl) throw new Error('tokens can be minted only with an HS256 JWT_SECRET (not with a JWKS issuer)');
  if (config.env === 'production') throw new Error('refusing to mint tokens with NODE_ENV=production');
  if (!values.user || !isUuid(values.user)) throw new Error('give --user <uuid>, e.g. --user $(node -e "console.log(crypto.randomUUID())")');
  console.log(await mintToken(config.jwt.secret, values.user, { email: values.email, expiresIn: values.expires, issuer: config.jwt.issuer, audience: config.jwt.audience }));
}

run().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
