import { SignJWT } from 'jose';
import { InvalidCallerTokenException, signCallerToken, verifyCallerToken } from './caller-token';
import { Secret } from './secret';

const secret = new Secret('a-caller-token-secret-of-at-least-32-characters');

async function refusal(verification: Promise<unknown>): Promise<string> {
  try {
    await verification;
  } catch (error) {
    if (error instanceof InvalidCallerTokenException) return error.reason;
    throw error;
  }
  throw new Error('expected the token to be refused');
}

function handMade(claims: Record<string, unknown>, expiresAt?: number) {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
  if (expiresAt !== undefined) jwt.setExpirationTime(expiresAt);
  return jwt.sign(secret.keyBytes());
}

const inAMinute = () => Math.floor(Date.now() / 1000) + 60;

describe('caller tokens', () => {
  it('take the tenant from org, the principal from sub and the scope from projects', async () => {
    const token = await signCallerToken({ org: 'org_1', sub: 'user_1', projects: ['prj_1'] }, secret, '5m');
    expect(await verifyCallerToken(token, secret)).toEqual({
      organizationId: 'org_1',
      principal: { kind: 'token', id: 'user_1' },
      projectScope: ['prj_1'],
    });
  });

  it('scope the whole organization when projects is absent', async () => {
    const token = await signCallerToken({ org: 'org_1', sub: 'user_1' }, secret, '5m');
    expect((await verifyCallerToken(token, secret)).projectScope).toBeNull();
  });

  it('are refused once expired', async () => {
    const token = await handMade({ org: 'org_1', sub: 'user_1' }, Math.floor(Date.now() / 1000) - 60);
    expect(await refusal(verifyCallerToken(token, secret))).toBe('expired');
  });

  it('are refused without an expiry', async () => {
    expect(await refusal(verifyCallerToken(await handMade({ org: 'org_1', sub: 'user_1' }), secret))).toBe(
      'claim "exp" missing',
    );
  });

  it('are refused without an organization, or with an empty scope', async () => {
    expect(await refusal(verifyCallerToken(await handMade({ sub: 'user_1' }, inAMinute()), secret))).toBe(
      'bad claims (org)',
    );
    const emptyScope = await handMade({ org: 'org_1', sub: 'user_1', projects: [] }, inAMinute());
    expect(await refusal(verifyCallerToken(emptyScope, secret))).toBe('bad claims (projects)');
  });

  it('are refused when signed with another secret or another algorithm', async () => {
    const other = await signCallerToken(
      { org: 'org_1', sub: 'user_1' },
      new Secret('some-other-secret-that-is-long-enough-too'),
      '5m',
    );
    expect(await refusal(verifyCallerToken(other, secret))).toBe('bad signature');
    const hs512 = await new SignJWT({ org: 'org_1', sub: 'user_1' })
      .setProtectedHeader({ alg: 'HS512' })
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-caller-token-secret-of-at-least-32-characters-and-then-some-more-bytes'));
    expect(await refusal(verifyCallerToken(hs512, secret))).toBe('algorithm not allowed');
  });
});
