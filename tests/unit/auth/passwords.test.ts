import { describe, expect, it } from 'vitest';
import { CURRENT_SCRYPT, passwordsAt } from '../../../src-main/services/auth/passwords';

const costOf = (hash: string) => hash.split('$').slice(1, 4).map(Number);

describe('password hashing', () => {
  it("hashes at OWASP's scrypt cost unless given another", async () => {
    expect(CURRENT_SCRYPT).toMatchObject({ N: 2 ** 17, r: 8, p: 1 });
    const hash = await passwordsAt().hash('Kara-desk-2020');
    expect(costOf(hash)).toEqual([2 ** 17, 8, 1]);
    expect(await passwordsAt().verify('Kara-desk-2020', hash)).toEqual({ ok: true, stale: false });
  });

  it('checks a hash at the cost it records, and calls it stale below the current cost', async () => {
    const cheap = passwordsAt({ N: 2 ** 10, r: 8, p: 1, keyLength: 32 });
    const hash = await cheap.hash('Kara-desk-2020');
    expect(costOf(hash)).toEqual([2 ** 10, 8, 1]);
    expect(await cheap.verify('Kara-desk-2020', hash)).toEqual({ ok: true, stale: false });
    expect(await cheap.verify('kara-desk-2020', hash)).toEqual({ ok: false, stale: false });
    expect(await passwordsAt().verify('Kara-desk-2020', hash)).toEqual({ ok: true, stale: true });
  });
});
