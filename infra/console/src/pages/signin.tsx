// Signing in: the Cognito hosted UI in AWS; locally, a name and a role the local issuer signs.
import { useState } from 'preact/hooks';
import { useApp } from '../app.ts';
import { localSignIn, startHostedSignIn } from '../auth.ts';
import { t } from '../i18n.ts';
import { Heading, Problem } from '../ui.tsx';

export function SignInPage() {
  const { config, setSession, go } = useApp();
  const [sub, setSub] = useState('');
  const [role, setRole] = useState('applicants');
  const [department, setDepartment] = useState('');
  const [error, setError] = useState<unknown>();
  if (config.auth.kind === 'cognito') {
    const auth = config.auth;
    return (
      <section>
        <Heading>{t('signIn')}</Heading>
        <button type="button" class="primary" onClick={() => startHostedSignIn(auth).catch(setError)}>
          {t('signIn')}
        </button>
        <Problem error={error} />
      </section>
    );
  }
  const submit = async (e: Event) => {
    e.preventDefault();
    const groups = role === 'reviewers' ? [`reviewers-${department.trim()}`] : [role];
    try {
      const session = await localSignIn(config.apiUrl, sub.trim(), groups);
      setSession(session);
      go(role === 'reviewers' ? '/work' : role === 'admins' ? '/admin' : '/');
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section>
      <Heading>{t('signIn')}</Heading>
      <p>{t('signInAs')}</p>
      <Problem error={error} />
      <form onSubmit={submit}>
        <div class="field">
          <label for="signin-sub">{t('userName')}</label>
          <input
            id="signin-sub"
            required
            value={sub}
            onInput={(e) => setSub((e.target as HTMLInputElement).value)}
            autoComplete="username"
          />
        </div>
        <div class="field">
          <label for="signin-role">{t('role')}</label>
          <select id="signin-role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value)}>
            <option value="applicants">{t('roleApplicant')}</option>
            <option value="reviewers">{t('roleReviewer')}</option>
            <option value="admins">{t('roleAdmin')}</option>
          </select>
        </div>
        {role === 'reviewers' && (
          <div class="field">
            <label for="signin-department">{t('department')}</label>
            <input
              id="signin-department"
              required
              value={department}
              onInput={(e) => setDepartment((e.target as HTMLInputElement).value)}
            />
          </div>
        )}
        <button type="submit" class="primary">
          {t('signIn')}
        </button>
      </form>
    </section>
  );
}
