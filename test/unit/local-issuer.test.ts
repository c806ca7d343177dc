// The local identity provider's checks, as the HTTP API JWT authorizer makes them: a token is
// verified once and its payload kept, but a kept token is still refused once it expires.
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { LOCAL_AUDIENCE, localIssuer } from '../../infra/local/tokens.ts';

describe('the local issuer', () => {
  it('accepts its own token again from what it kept, and refuses it once expired', async () => {
    const issuer = await localIssuer();
    const { token } = await issuer.sign({ sub: 'alice', groups: ['applicants'], expiresInSeconds: 1 });
    assert.equal((await issuer.verify(token)).sub, 'alice');
    assert.equal((await issuer.verify(token)).sub, 'alice');
    await new Promise((r) => setTimeout(r, 1_100));
    await assert.rejects(issuer.verify(token), /exp/);
  });

  it('refuses a tampered token, another audience and another issuer, kept or not', async () => {
    const issuer = await localIssuer();
    const { token } = await issuer.sign({ sub: 'alice', groups: ['applicants'] });
    await issuer.verify(token);
    const [header, payload, signature] = token.split('.');
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    forged['cognito:groups'] = ['admins'];
    await assert.rejects(issuer.verify(`${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`));
    await assert.rejects(issuer.verify((await issuer.sign({ sub: 'alice', groups: [], audience: `${LOCAL_AUDIENCE}-other` })).token));
    await assert.rejects(issuer.verify((await issuer.sign({ sub: 'alice', groups: [], issuer: 'https://elsewhere.example' })).token));
  });
});
