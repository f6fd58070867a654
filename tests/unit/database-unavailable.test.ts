import { Prisma } from '../../src/db/client';
import { isDatabaseUnavailable } from '../../src/db/unavailable';

const prismaError = (code: string) =>
  new Prisma.PrismaClientKnownRequestError(`failed (${code})`, { code, clientVersion: 'test' });

describe('a database fault a retry can outlast', () => {
  it.each(['P1001', 'P1017', 'P2024', 'P2028', 'P2037'])(
    'when Prisma reports %s (the database out of reach or the line broken), then it is transient',
    (code) => {
      expect(isDatabaseUnavailable(prismaError(code))).toBe(true);
    },
  );

  it("when pg's own error about a broken connection reaches the caller unwrapped, then it is transient", () => {
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Client has encountered a connection error and is not queryable'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(
      true,
    );
  });

  it('when the query itself is refused (a unique key, a missing record) or the code fails, then it is not transient', () => {
    expect(isDatabaseUnavailable(prismaError('P2002'))).toBe(false);
    expect(isDatabaseUnavailable(prismaError('P2025'))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDatabaseUnavailable('Connection terminated unexpectedly')).toBe(false);
  });
});
