// Prisma CLI configuration (Prisma 7 reads the datasource url here, not in schema.prisma).
// Migrations are plain SQL applied by src/core/db/migrator.ts; the CLI is used only for
// `prisma generate`, which needs no database.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test' },
});
