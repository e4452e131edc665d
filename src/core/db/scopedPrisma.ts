import type { PrismaClient } from '../../generated/prisma/client';
import { scopeSettings } from './sql';

/** What an interactive Prisma transaction hands its callback. */
export type PrismaTx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * Runs Prisma reads as the API role for one user (row-level security, README "Database"):
 * an interactive transaction whose first statement sets the role and app.user_id. Prisma has no
 * hook to send that with its BEGIN, so it costs one round trip more than the plain read, plus
 * BEGIN and COMMIT.
 */
export function scopedPrisma<T>(prisma: PrismaClient, userId: string, fn: (prisma: PrismaTx) => Promise<T>): Promise<T> {
  const scoping = `SELECT ${scopeSettings({ role: 'api', userId })}`;
  return prisma.$transaction(async (tx) => {
    await tx.$queryRawUnsafe(scoping);
    return fn(tx);
  });
}
