// Prisma's CLI configuration. The JS engine and driver adapter let `prisma generate`
// and `prisma migrate diff` run without the native schema engine, whose download CDN
// is unreachable on our machines (see README, "Database").
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: 'prisma/schema.prisma',
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' });
  },
});
