import { createRemoteJWKSet, errors as joseErrors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { AppError } from '../core/errors';
import { Config } from '../config';
import { isStorableText } from './storableText';

export interface AuthUser {
  id: string;
  email: string | null;
}

export type TokenVerifier = (token: string) => Promise<AuthUser>;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID_RE.test(value);

const unauthenticated = (message: string) => new AppError('UNAUTHENTICATED', message);

/** The longest email address (RFC 5321: 64-octet local part, @, 255-octet domain). */
const EMAIL_MAX_LENGTH = 320;

/**
 * The email claim when it can be kept: a claim is the issuer's data, not the caller's input, so one
 * that is too long or holds characters PostgreSQL text cannot hold is dropped rather than refused.
 */
function emailClaim(value: unknown): string | null {
  return typeof value === 'string' && value.length <= EMAIL_MAX_LENGTH && isStorableText(value) ? value : null;
}

/**
 * Verifies Bearer JWTs: HS256 with JWT_SECRET, or RS256/ES256 against a JWKS URL (Supabase,
 * Auth0 and the like). `sub` is the user id and must be a UUID.
 */
export function createTokenVerifier(jwt: Config['jwt']): TokenVerifier {
  const secret = jwt.secret ? new TextEncoder().encode(jwt.secret) : null;
  const jwks = jwt.jwksUrl ? createRemoteJWKSet(new URL(jwt.jwksUrl)) : null;
  const options = {
    ...(jwt.issuer ? { issuer: jwt.issuer } : {}),
    ...(jwt.audience ? { audience: jwt.audience } : {}),
  };
  return async (token: string) => {
    let payload: JWTPayload;
    try {
      if (jwks) ({ payload } = await jwtVerify(token, jwks, { ...options, algorithms: ['RS256', 'ES256'] }));
      else if (secret) ({ payload } = await jwtVerify(token, secret, { ...options, algorithms: ['HS256'] }));
      else throw unauthenticated('no token verifier is configured');
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw unauthenticated('the token has expired');
      throw unauthenticated('the token is not valid');
    }
    if (typeof payload.sub !== 'string' || !isUuid(payload.sub)) {
      throw unauthenticated('the token subject (sub) must be a user id (UUID)');
    }
    return { id: payload.sub.toLowerCase(), email: emailClaim(payload.email) };
  };
}

/** Reads `Bearer <token>`; null when absent, an error when present but malformed. */
export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthenticated('the Authorization header must be "Bearer <token>"');
  return match[1];
}

/** Mints an HS256 token, for development and tests. */
export async function mintToken(
  secret: string,
  userId: string,
  options: { email?: string; expiresIn?: string; issuer?: string | null; audience?: string | null } = {},
): Promise<string> {
  let jwt = new SignJWT(options.email ? { email: options.email } : {})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '30d');
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
