import { VerifiedTokens } from './auth.guard';

describe('VerifiedTokens', () => {
  afterEach(() => jest.restoreAllMocks());
  const payload = (exp?: number, nbf?: number) => ({ sub: '7', username: 'j', role: 'judge' as const, tv: 0, ...(exp === undefined ? {} : { exp }), ...(nbf === undefined ? {} : { nbf }) });

  it('keeps a verified token until its exp, as jsonwebtoken checks it, and forgets it then', () => {
    const tokens = new VerifiedTokens();
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000_000_000);
    tokens.set('a', payload(1_000_000_060));
    expect(tokens.get('a')?.sub).toBe('7');
    now.mockReturnValue(1_000_000_059_999);
    expect(tokens.get('a')).toBeDefined();
    // jsonwebtoken: expired once floor(now / 1000) >= exp.
    now.mockReturnValue(1_000_000_060_000);
    expect(tokens.get('a')).toBeUndefined();
    now.mockReturnValue(1_000_000_000_000);
    expect(tokens.get('a')).toBeUndefined();
  });

  it('does not keep a token without exp or with nbf, nor another text', () => {
    const tokens = new VerifiedTokens();
    tokens.set('no-exp', payload());
    tokens.set('nbf', payload(Math.floor(Date.now() / 1000) + 60, Math.floor(Date.now() / 1000)));
    tokens.set('ok', payload(Math.floor(Date.now() / 1000) + 60));
    expect(tokens.get('no-exp')).toBeUndefined();
    expect(tokens.get('nbf')).toBeUndefined();
    expect(tokens.get('ok ')).toBeUndefined();
    expect(tokens.get('ok')).toBeDefined();
  });
});
