import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { canSeeCase, ownCase, requireReviewer, reviewsFor, visibleCase, type Principal } from '#core/access.ts';
import { DomainError } from '#core/errors.ts';
import { APPLICANT, openedCase } from '../support/fixtures.ts';

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof DomainError, `expected a DomainError, got ${String(err)}`);
    return err.code;
  }
  return 'NO_ERROR';
};

const alice: Principal = { sub: APPLICANT, groups: ['applicants'] };
const bob: Principal = { sub: 'sub-bob', groups: ['applicants'] };
const fireReviewer: Principal = { sub: 'sub-li', groups: ['reviewers-fire'] };
const taxReviewer: Principal = { sub: 'sub-qian', groups: ['reviewers-tax'] };
const admin: Principal = { sub: 'sub-root', groups: ['admins'] };
const nobody: Principal = { sub: 'sub-nobody', groups: [] };

describe('visibleCase', () => {
  const aggregate = openedCase(); // reviewed by planning, fire, environment

  it('the applicant sees their own case', () => assert.equal(visibleCase(alice, aggregate, 'C1'), aggregate));

  it("another applicant's case answers NOT_FOUND, not FORBIDDEN, so existence does not leak", () => {
    assert.equal(
      code(() => visibleCase(bob, aggregate, 'C1')),
      'NOT_FOUND',
    );
    assert.equal(
      code(() => visibleCase(bob, undefined, 'C1')),
      'NOT_FOUND',
    );
  });

  it('the refusal for an existing case is indistinguishable from a missing one', () => {
    const msg = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return (err as Error).message;
      }
    };
    assert.equal(
      msg(() => visibleCase(bob, aggregate, 'C1')),
      msg(() => visibleCase(bob, undefined, 'C1')),
    );
  });

  it('a reviewer of a department that reviews the case sees it', () => assert.equal(visibleCase(fireReviewer, aggregate, 'C1'), aggregate));

  it('a reviewer of a department the case was not routed to gets NOT_FOUND', () => {
    assert.equal(
      code(() => visibleCase(taxReviewer, aggregate, 'C1')),
      'NOT_FOUND',
    );
    const small = openedCase({ form: { floorArea: 100 } }); // fire not routed
    assert.equal(
      code(() => visibleCase(fireReviewer, small, 'C1')),
      'NOT_FOUND',
    );
  });

  it('an admin sees every case', () => {
    assert.equal(visibleCase(admin, aggregate, 'C1'), aggregate);
    assert.equal(canSeeCase(admin, openedCase({ form: { floorArea: 1 } })), true);
  });

  it('a caller in no group sees nothing', () =>
    assert.equal(
      code(() => visibleCase(nobody, aggregate, 'C1')),
      'NOT_FOUND',
    ));

  it('a missing case is NOT_FOUND even for an admin', () =>
    assert.equal(
      code(() => visibleCase(admin, undefined, 'C1')),
      'NOT_FOUND',
    ));

  it('being in a group with a similar name is not enough', () => {
    assert.equal(canSeeCase({ sub: 'x', groups: ['reviewers-fire-extra', 'reviewers-', 'fire', 'admin'] }, aggregate), false);
  });
});

describe('ownCase', () => {
  const aggregate = openedCase();
  it('gives the applicant their case', () => assert.equal(ownCase(alice, aggregate, 'C1'), aggregate));
  it('refuses a reviewer who can see the case with FORBIDDEN', () =>
    assert.equal(
      code(() => ownCase(fireReviewer, aggregate, 'C1')),
      'FORBIDDEN',
    ));
  it('refuses an admin who is not the applicant with FORBIDDEN', () =>
    assert.equal(
      code(() => ownCase(admin, aggregate, 'C1')),
      'FORBIDDEN',
    ));
  it('answers NOT_FOUND to someone who cannot see the case at all', () => {
    assert.equal(
      code(() => ownCase(bob, aggregate, 'C1')),
      'NOT_FOUND',
    );
    assert.equal(
      code(() => ownCase(taxReviewer, aggregate, 'C1')),
      'NOT_FOUND',
    );
  });
});

describe('group checks', () => {
  it('reviewsFor names the exact department group', () => {
    assert.equal(reviewsFor(fireReviewer, 'fire'), true);
    assert.equal(reviewsFor(fireReviewer, 'planning'), false);
    assert.equal(reviewsFor(admin, 'fire'), false);
  });
  it('requireReviewer refuses with FORBIDDEN, also an admin', () => {
    assert.equal(
      code(() => requireReviewer(fireReviewer, 'fire')),
      'NO_ERROR',
    );
    assert.equal(
      code(() => requireReviewer(taxReviewer, 'fire')),
      'FORBIDDEN',
    );
    assert.equal(
      code(() => requireReviewer(admin, 'fire')),
      'FORBIDDEN',
    );
  });
});
