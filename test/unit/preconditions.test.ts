// Entity tags and the conditional request headers, without a stack.
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
const { ifMatch, noneMatchHit, conditionalRead, digestTag, versionTag } = await import('#http/preconditions.ts');
const { HttpError } = await import('#http/api.ts');

describe('If-Match', () => {
  it('absent: no precondition; *: the resource exists', () => {
    assert.equal(ifMatch({}), undefined);
    assert.deepEqual(ifMatch({ 'if-match': '*' }), { any: true });
  });

  it('names the versions of its strong tags; weak or foreign tags name none, so they never match', () => {
    assert.deepEqual(ifMatch({ 'if-match': '"3"' }), { any: false, versions: [3] });
    assert.deepEqual(ifMatch({ 'if-match': '"3", "5" ,"3"' }), { any: false, versions: [3, 5] });
    assert.deepEqual(ifMatch({ 'if-match': 'W/"3"' }), { any: false, versions: [] });
    assert.deepEqual(ifMatch({ 'if-match': '"abc"' }), { any: false, versions: [] });
    assert.deepEqual(ifMatch({ 'if-match': '"03"' }), { any: false, versions: [] });
  });

  it('a header that is not a list of quoted tags is a 400 naming it', () => {
    for (const header of ['3', '"3', '', '"3",', 'W/3'])
      assert.throws(
        () => ifMatch({ 'if-match': header }),
        (err: unknown) => err instanceof HttpError && err.statusCode === 400 && err.issues?.[0]?.path === 'headers.if-match',
        header,
      );
  });
});

describe('If-None-Match', () => {
  const tag = versionTag(7);
  it('matches the current tag weakly, or *', () => {
    assert.equal(noneMatchHit({}, tag), false);
    assert.equal(noneMatchHit({ 'if-none-match': '"7"' }, tag), true);
    assert.equal(noneMatchHit({ 'if-none-match': 'W/"7"' }, tag), true);
    assert.equal(noneMatchHit({ 'if-none-match': '"6", "7"' }, tag), true);
    assert.equal(noneMatchHit({ 'if-none-match': '*' }, tag), true);
    assert.equal(noneMatchHit({ 'if-none-match': '"6"' }, tag), false);
  });

  it('a hit is 304 with the tag and no body; otherwise the body with its tag', () => {
    assert.deepEqual(conditionalRead({ 'if-none-match': tag }, { a: 1 }, tag), { status: 304, body: undefined, headers: { etag: tag } });
    assert.deepEqual(conditionalRead({ 'if-none-match': '"6"' }, { a: 1 }, tag), { body: { a: 1 }, headers: { etag: tag } });
  });
});

describe('digest tags', () => {
  it('follow the representation: equal for equal bodies, different for any change', () => {
    assert.equal(digestTag({ a: 1, b: [1, 2] }), digestTag({ a: 1, b: [1, 2] }));
    assert.notEqual(digestTag({ a: 1, b: [1, 2] }), digestTag({ a: 1, b: [1, 3] }));
    assert.match(digestTag({}), /^"[A-Za-z0-9_-]{27}"$/);
  });
});
